package web

// AdminRoute is a back-office route and its permission, for the
// route-by-role test.
type AdminRoute struct{ Pattern, Perm string }

// AdminRoutes lists the back-office routes behind sign-in.
func (s *Server) AdminRoutes() []AdminRoute {
	var rs []AdminRoute
	for _, r := range s.adminRoutes() {
		rs = append(rs, AdminRoute{r.pattern, string(r.perm)})
	}
	return rs
}
