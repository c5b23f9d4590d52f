package web

// PortalRoutes lists the patterns of the portal's routes behind a
// patient's session, for the isolation test.
func (s *Server) PortalRoutes() []string {
	var ps []string
	for _, r := range s.portalRoutes() {
		ps = append(ps, r.pattern)
	}
	return ps
}
