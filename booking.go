package clinic

import (
	"context"
	"time"
)

// Appointment statuses. Cancelled and no-show appointments free their time.
const (
	ApptBooked    = "booked"
	ApptConfirmed = "confirmed"
	ApptArrived   = "arrived"
	ApptCompleted = "completed"
	ApptCancelled = "cancelled"
	ApptNoShow    = "no_show"
)

// Active reports whether an appointment in status s holds its time.
func Active(s string) bool { return s != ApptCancelled && s != ApptNoShow }

// Appointment is a booked visit. The patient's details are protected
// health information: stored sealed, never logged.
type Appointment struct {
	ID       int64
	Type     string // appointment type slug: "new-consultation", …
	Provider string // doctor slug
	Location string // location slug
	Start    time.Time
	End      time.Time
	Buffer   time.Duration // kept free after End
	Status   string
	Sequence int // bumped on every change, for calendar invitations
	// IdempotencyKey makes a double-clicked submit book once.
	IdempotencyKey string
	Patient        PatientDetails
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// PatientDetails is what a patient gives when booking.
type PatientDetails struct {
	Name        string
	DateOfBirth string // YYYY-MM-DD
	Phone       string
	Email       string
	Reason      string
}

// Overlaps reports whether a and b hold any of the same time, buffers
// included.
func (a *Appointment) Overlaps(b *Appointment) bool {
	return a.Start.Before(b.End.Add(b.Buffer)) && b.Start.Before(a.End.Add(a.Buffer))
}

// BookingService books appointments. Every path into a slot goes through
// Book, where the database refuses a second active appointment of a
// provider over the same time.
type BookingService interface {
	// Book stores a. A time already taken is EConflict; a key already used
	// returns the appointment it booked, unchanged, with ok false.
	Book(ctx context.Context, a *Appointment) (created bool, err error)
	Appointment(ctx context.Context, id int64) (*Appointment, error)
	// ProviderAppointments returns the active appointments of a provider
	// that overlap [from, to).
	ProviderAppointments(ctx context.Context, provider string, from, to time.Time) ([]*Appointment, error)
}
