package web

import (
	"net/http"
	"strconv"

	"clinic"
)

type usersPage struct {
	adminPage
	Users []*clinic.User
	Form  clinic.User
	Link  string // the invitation link of a user just created, to hand over
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	return s.usersForm(w, r, http.StatusOK, usersPage{})
}

func (s *Server) usersForm(w http.ResponseWriter, r *http.Request, status int, up usersPage) error {
	p, err := s.adminBase(r, "Users")
	if err != nil {
		return err
	}
	p.Problem, p.Errors = up.Problem, up.Errors
	up.adminPage = p
	if up.Users, err = s.cfg.Staff.Users(r.Context()); err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-users", up)
}

// userCreate adds a user with no password and emails them a link to set
// one; the link is also shown, for handing over in person.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	u := clinic.User{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Role: clinic.Role(r.PostForm.Get("role"))}
	if errs := u.Validate(); errs != nil {
		return s.usersForm(w, r, http.StatusUnprocessableEntity, usersPage{adminPage: adminPage{Problem: "Please correct the fields marked below.", Errors: errs}, Form: u})
	}
	if err := s.cfg.Staff.CreateUser(r.Context(), &u); err != nil {
		if clinic.ErrorKind(err) == clinic.EConflict {
			return s.usersForm(w, r, http.StatusConflict, usersPage{adminPage: adminPage{Problem: clinic.ErrorMessage(err)}, Form: u})
		}
		return err
	}
	sess := sessionFrom(r.Context())
	s.audit(r, sess, "user.create", idRecord("user", u.ID), clinic.AuditOK, "role "+string(u.Role))
	link, err := s.sendPasswordLink(r, &u, "invite")
	if err != nil {
		return err
	}
	return s.usersForm(w, r, http.StatusCreated, usersPage{adminPage: adminPage{}, Link: link})
}

// userUpdate changes a user's role or enables or disables them, or sends
// a reset link. Disabling ends their sessions at once. An admin cannot
// disable or demote themselves, so the clinic is never left without one.
func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return clinic.Errorf(clinic.ENotFound, "There is no such user.")
	}
	ctx, sess := r.Context(), sessionFrom(r.Context())
	u, err := s.cfg.Staff.User(ctx, id)
	if err != nil {
		return err
	}
	action := r.PostForm.Get("action")
	if u.ID == sess.User.ID && action != "reset" {
		return clinic.Errorf(clinic.EInvalid, "You cannot change your own role or disable yourself; ask another admin.")
	}
	role, disabled := u.Role, u.Disabled
	switch action {
	case "role":
		role = clinic.Role(r.PostForm.Get("role"))
	case "disable", "enable":
		disabled = action == "disable"
	case "reset":
		if _, err := s.sendPasswordLink(r, u, "reset"); err != nil {
			return err
		}
		http.Redirect(w, r, doneURL("/admin/users", "saved"), http.StatusSeeOther)
		return nil
	default:
		return clinic.Errorf(clinic.EInvalid, "Unknown action.")
	}
	if err := s.cfg.Staff.SetRoleDisabled(ctx, u.ID, role, disabled); err != nil {
		return err
	}
	u.Role = role
	s.audit(r, sess, "user."+action, idRecord("user", u.ID), clinic.AuditOK, string(u.Role))
	http.Redirect(w, r, doneURL("/admin/users", "saved"), http.StatusSeeOther)
	return nil
}
