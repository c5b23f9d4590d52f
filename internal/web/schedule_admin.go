package web

// scheduleRoutes are the back-office routes that keep the providers'
// availability and the appointment types.
func (s *Server) scheduleRoutes() []adminRoute {
	return nil
}
