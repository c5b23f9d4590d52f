package clinic

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Role is what a staff member does at the clinic; it decides what they may
// do in the back office.
type Role string

// Staff roles.
const (
	RoleAdmin     Role = "admin"      // users, settings, audit log, and everything else
	RoleEditor    Role = "editor"     // the public site's content and media
	RoleFrontDesk Role = "front_desk" // leads, patients, the calendar
	RoleProvider  Role = "provider"   // clinicians: their patients and reviews
)

// Roles lists every role, in the order the back office shows them.
var Roles = []Role{RoleAdmin, RoleEditor, RoleFrontDesk, RoleProvider}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Title is r as a person reads it.
func (r Role) Title() string {
	switch r {
	case RoleFrontDesk:
		return "Front desk"
	case RoleAdmin:
		return "Admin"
	case RoleEditor:
		return "Editor"
	case RoleProvider:
		return "Provider"
	}
	return string(r)
}

// SeesPHI reports whether r may be granted access to protected health
// information: such roles have a short idle timeout and must use two
// factors before any patient data is shown.
func (r Role) SeesPHI() bool { return r.Can(PermLeads) || r.Can(PermPatients) }

// Permission is one thing a back-office route lets a user do.
type Permission string

// Permissions. docs/SECURITY.md has the matrix as a table.
const (
	PermAccount  Permission = "account"  // own profile, password and two-factor
	PermContent  Permission = "content"  // pages, treatments, doctors, locations, posts, FAQ, research, redirects, media
	PermSettings Permission = "settings" // clinic name, phone numbers, call-to-action texts, menu
	PermLeads    Permission = "leads"    // contact messages (PHI)
	PermPatients Permission = "patients" // patients, appointments, reviews (PHI)
	PermUsers    Permission = "users"    // staff accounts
	PermAudit    Permission = "audit"    // the audit log
	PermSchedule Permission = "schedule" // appointment types, availability, time off, booking rules
	PermSystem   Permission = "system"   // the SMTP relay
	PermReview   Permission = "review"   // read MRI studies and write findings (PHI)
	PermAssign   Permission = "assign"   // who reviews which MRI review request (PHI)
	PermRecords  Permission = "records"  // merge patient records, accept their changes, family access (PHI)
	PermMessages Permission = "messages" // the care team's inbox of patients' messages (PHI)
	PermPortal   Permission = "portal"   // what the patient portal offers: self-scheduling, messages, forms
)

// permissions is the matrix: which roles hold which permission. Anything
// not listed is denied.
var permissions = map[Permission][]Role{
	PermAccount:  {RoleAdmin, RoleEditor, RoleFrontDesk, RoleProvider},
	PermContent:  {RoleAdmin, RoleEditor},
	PermSettings: {RoleAdmin, RoleEditor},
	PermLeads:    {RoleAdmin, RoleFrontDesk},
	PermPatients: {RoleAdmin, RoleFrontDesk, RoleProvider},
	PermUsers:    {RoleAdmin},
	PermAudit:    {RoleAdmin},
	PermSchedule: {RoleAdmin, RoleFrontDesk},
	PermSystem:   {RoleAdmin},
	PermReview:   {RoleAdmin, RoleProvider},
	PermAssign:   {RoleAdmin, RoleFrontDesk},
	PermRecords:  {RoleAdmin, RoleFrontDesk},
	PermMessages: {RoleAdmin, RoleFrontDesk, RoleProvider},
	PermPortal:   {RoleAdmin},
}

// Can reports whether r holds p.
func (r Role) Can(p Permission) bool {
	for _, v := range permissions[p] {
		if v == r {
			return true
		}
	}
	return false
}

// PHI reports whether p gives access to protected health information.
func (p Permission) PHI() bool {
	return p == PermLeads || p == PermPatients || p == PermReview || p == PermAssign || p == PermRecords || p == PermMessages
}

// User is a staff member who signs in to the back office.
type User struct {
	ID           int64
	Email        string // lower case; the sign-in name
	Name         string
	Role         Role
	PasswordHash string // argon2id, PHC string format
	TOTPSecret   string // base32; stored sealed; empty until enrolled
	TOTPEnabled  bool
	TOTPLastStep int64 // the last time step a code was accepted for
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// NormalizeEmail is the form an email address is stored and looked up in.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the fields a person types when creating a user.
func (u *User) Validate() FieldErrors {
	errs := FieldErrors{}
	u.Email, u.Name = NormalizeEmail(u.Email), strings.TrimSpace(u.Name)
	if checkLine(errs, "email", "an email address", u.Email, MaxEmailLen, true) {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			errs["email"] = "Please enter an email address like name@example.com."
		}
	}
	checkLine(errs, "name", "the name", u.Name, MaxNameLen, true)
	if !u.Role.Valid() {
		errs["role"] = "Please choose a role."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Session rules.
const (
	// SessionLifetime is how long a session lasts however active it is.
	SessionLifetime = 12 * time.Hour
	// DefaultIdlePHI is the idle timeout of roles that see PHI.
	DefaultIdlePHI = 15 * time.Minute
	// DefaultIdle is the idle timeout of the other roles.
	DefaultIdle = time.Hour
)

// Session is a signed-in browser. Only a hash of its token is stored.
type Session struct {
	ID         int64
	TokenHash  string
	UserID     int64
	TwoFactor  bool // the second factor was given in this session
	CreatedAt  time.Time
	LastSeenAt time.Time
	User       *User // filled in by lookups
}

// Expired reports whether s has ended at now, given the idle timeout of
// its user's role.
func (s *Session) Expired(now time.Time, idle time.Duration) bool {
	return !now.Before(s.CreatedAt.Add(SessionLifetime)) || !now.Before(s.LastSeenAt.Add(idle))
}

// Throttle limits of sign-in and password-reset attempts, counted in the
// database so that they hold across instances.
const (
	ThrottleWindow     = 15 * time.Minute
	ThrottlePerAccount = 5  // failures for one email address
	ThrottlePerAddress = 20 // failures from one client address
)

// Token purposes: one-time links.
const (
	TokenSetup = "setup" // creates the first admin
	TokenReset = "reset" // sets a new password
)

// Token lifetimes.
const (
	SetupTokenLifetime = time.Hour
	ResetTokenLifetime = 30 * time.Minute
)

// StaffService keeps staff accounts, sessions and one-time tokens.
type StaffService interface {
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	Users(ctx context.Context) ([]*User, error)
	// SetPasswordHash sets a new password; the user's sessions and unused
	// links end.
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	// SetTOTP turns on two-step sign-in with secret, whose code of step
	// was just accepted.
	SetTOTP(ctx context.Context, userID int64, secret string, step int64) error
	// SetRoleDisabled changes role and disabled; disabling ends sessions
	// and links. A change that leaves no enabled admin is EConflict.
	SetRoleDisabled(ctx context.Context, userID int64, role Role, disabled bool) error
	// CreateUserWithToken uses a one-time link and creates u in one
	// transaction.
	CreateUserWithToken(ctx context.Context, purpose, tokenHash string, u *User, now time.Time) error
	// UpgradePasswordHash replaces a hash below policy with a stronger
	// one of the same password, when the stored hash is still old; the
	// user's sessions stay, since the password did not change.
	UpgradePasswordHash(ctx context.Context, userID int64, old, new string) error
	// AcceptTOTPStep records step as used when it is newer than the last
	// one, and reports whether it was.
	AcceptTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	HasAdmin(ctx context.Context) (bool, error)
	// SetRecoveryCodes replaces a user's recovery codes with the hashes.
	SetRecoveryCodes(ctx context.Context, userID int64, hashes []string) error
	// UseRecoveryCode consumes the code with the hash and reports whether
	// it was there and unused.
	UseRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error)
	RecoveryCodesLeft(ctx context.Context, userID int64) (int, error)

	CreateSession(ctx context.Context, s *Session) error
	// SessionByToken returns the live session with the token hash and its
	// user, and marks it seen at now; ENotFound when it has ended.
	SessionByToken(ctx context.Context, tokenHash string, now time.Time, idle func(Role) time.Duration) (*Session, error)
	// SetPendingTOTP keeps an offered two-step secret on the session until
	// it is confirmed; PendingTOTP returns it, or "".
	SetPendingTOTP(ctx context.Context, sessionID int64, secret string) error
	PendingTOTP(ctx context.Context, sessionID int64) (string, error)
	DeleteSession(ctx context.Context, id int64) error
	DeleteUserSessions(ctx context.Context, userID int64) error

	// CreateToken stores a one-time token's hash for purpose, valid until
	// expires. userID is zero for setup tokens.
	CreateToken(ctx context.Context, purpose, tokenHash string, userID int64, expires time.Time) error
	// UseToken consumes the token: it returns its user id once, and
	// ENotFound when it is unknown, used or expired.
	UseToken(ctx context.Context, purpose, tokenHash string, now time.Time) (int64, error)
	// TokenValid reports whether the token could still be used at now.
	TokenValid(ctx context.Context, purpose, tokenHash string, now time.Time) (bool, error)

	// TakeAttempt counts an attempt against each key before it is checked
	// and reports whether a key was over its limit already (then nothing
	// is counted). ForgetAttempt uncounts an attempt that succeeded.
	TakeAttempt(ctx context.Context, now time.Time, keys ...ThrottleKey) ([]int64, bool, error)
	ForgetAttempt(ctx context.Context, ids []int64) error
}

// ThrottleKey names what a failure counts against: an account or a client
// address, and the limit that applies.
type ThrottleKey struct {
	Key   string // "account:<email>" or "addr:<ip>"; stored only hashed
	Limit int
}
