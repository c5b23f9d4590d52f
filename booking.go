package clinic

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
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
	// Sequence counts the changes a patient's calendar must hear of: a
	// new time or place, a cancellation. Calendar invitations carry it.
	Sequence int
	// UID is a random name given at booking and kept across changes: the
	// appointment's calendar invitations carry it, so no other
	// appointment, in this database or another, is taken for this one.
	UID string
	// IdempotencyKey makes a double-clicked submit book once.
	IdempotencyKey string
	Patient        PatientDetails
	// CancelReason is why it was cancelled, or the note of its last
	// change (a patient's move); kept sealed.
	CancelReason string
	// ClientAddr is the network address an online booking came from; only
	// a keyed hash of it is stored, to bound bookings from one address.
	ClientAddr string
	// HeldUntil is set while the time is offered to a patient on the
	// waitlist: it is theirs if they confirm before then.
	HeldUntil time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PatientDetails is what a patient gives when booking.
type PatientDetails struct {
	Name        string
	DateOfBirth string // YYYY-MM-DD
	Phone       string
	Email       string
	Reason      string
}

// MaxReasonLen bounds the reason for a visit a patient gives.
const MaxReasonLen = 1000

// Normalize trims what a patient typed.
func (p *PatientDetails) Normalize() {
	p.Name, p.Email, p.Phone = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone)
	p.DateOfBirth = strings.TrimSpace(p.DateOfBirth)
	p.Reason = strings.TrimSpace(strings.ReplaceAll(p.Reason, "\r\n", "\n"))
}

// Validate checks what a patient gives when booking on the day today and
// says, per field, what to fix; nil when all is well.
func (p *PatientDetails) Validate(today time.Time) FieldErrors {
	errs := FieldErrors{}
	checkLine(errs, "name", "your name", p.Name, MaxNameLen, true)
	checkText(errs, "reason", "the reason for your visit", p.Reason, MaxReasonLen, false)
	checkEmail(errs, p.Email)
	if checkLine(errs, "phone", "your phone number", p.Phone, MaxPhoneLen, true) {
		checkPhone(errs, p.Phone)
	}
	if checkLine(errs, "dob", "your date of birth", p.DateOfBirth, 10, true) {
		dob, problem := ParseDate(p.DateOfBirth)
		switch {
		case problem != "":
			errs["dob"] = problem
		case dob.After(today) || dob.Before(today.AddDate(-125, 0, 0)):
			errs["dob"] = "Please check your date of birth: it is not a date a patient could be born on."
		default:
			p.DateOfBirth = dob.Format(time.DateOnly)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

var (
	isoDate = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
	usDate  = regexp.MustCompile(`^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$`)
)

// ParseDate reads a date as a date field sends it (1968-04-21) or as
// people in the US write it (04/21/1968, 4/21/1968). It returns the date,
// or what to tell the person: a day that does not exist is named as such.
func ParseDate(s string) (time.Time, string) {
	f := isoDate.FindStringSubmatch(s)
	if f != nil {
		f = []string{f[0], f[2], f[3], f[1]}
	} else if f = usDate.FindStringSubmatch(s); f == nil {
		return time.Time{}, "Please enter the date as month, day and year, such as 04/21/1968."
	}
	m, _ := strconv.Atoi(f[1])
	d, _ := strconv.Atoi(f[2])
	y, _ := strconv.Atoi(f[3])
	if m < 1 || m > 12 {
		return time.Time{}, "Please check the month: it goes from 1 to 12."
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return time.Time{}, fmt.Sprintf("%s %d, %d does not exist: %s %d has %d days.", time.Month(m), d, y, time.Month(m), y, last)
	}
	return t, ""
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
	// AppointmentByKey returns the appointment booked with an idempotency
	// key.
	AppointmentByKey(ctx context.Context, key string) (*Appointment, error)
	// PatientBookings returns the active bookings, from from on, of the
	// patient with p's email and date of birth.
	PatientBookings(ctx context.Context, p PatientDetails, from time.Time) ([]*Appointment, error)
	// ProviderAppointments returns the active appointments of a provider
	// that overlap [from, to).
	ProviderAppointments(ctx context.Context, provider string, from, to time.Time) ([]*Appointment, error)
	// Move gives an appointment a new time, provider or location, through
	// the same guard as Book. seq is the Sequence the caller last saw: a
	// change made since then is EConflict rather than overwritten.
	Move(ctx context.Context, id int64, seq int, to Move) (*Appointment, error)
	// SetStatus marks an appointment confirmed, arrived, completed, no-show
	// or cancelled (with a reason). Cancelling frees its time.
	SetStatus(ctx context.Context, id int64, seq int, status, reason string) (*Appointment, error)
	// Appointments returns the appointments of every status that overlap
	// f's stretch of time, by start.
	Appointments(ctx context.Context, f AppointmentFilter) ([]*Appointment, error)
	// AppointmentMail returns the messages about an appointment, queued,
	// sent or failed, oldest first.
	AppointmentMail(ctx context.Context, id int64) ([]*OutboxMessage, error)
	FrontDesk
}

// Move is where an appointment goes.
type Move struct {
	Provider, Location string
	Start, End         time.Time
	Buffer             time.Duration
	// Online is set when the patient moves it: the clinician's daily cap
	// applies, as to an online booking.
	Online bool
	// Reason is a note on the move, kept sealed as the appointment's
	// CancelReason (the note of its last change); "" keeps the one it has.
	Reason string
}

// AppointmentFilter selects appointments for a calendar.
type AppointmentFilter struct {
	From, To           time.Time
	Provider, Location string // "" for any
}

// Statuses staff can set, in the order of a visit.
var ApptStatuses = []string{ApptBooked, ApptConfirmed, ApptArrived, ApptCompleted, ApptNoShow, ApptCancelled}

// TimeTaken is what a booking hears when another took its time first.
const TimeTaken = "This time was just taken. Please choose another."

// BlockType is the type of an appointment that only holds time: staff
// block an hour for a meeting or a procedure elsewhere. A block goes
// through the same guard as a booking.
const BlockType = "block"

// Mail kinds about appointments. Their text is written when they are sent.
const (
	MailBooked    = "appointment_booked"
	MailMoved     = "appointment_moved"
	MailCancelled = "appointment_cancelled"
	MailReminder  = "appointment_reminder"
	MailOffer     = "waitlist_offer"
	// MailWaitlistJoined tells a patient they are on the waitlist, with a
	// link to leave it.
	MailWaitlistJoined = "waitlist_joined"
)

// Waitlist statuses.
const (
	WaitWaiting   = "waiting"
	WaitOffered   = "offered"
	WaitBooked    = "booked"
	WaitWithdrawn = "withdrawn"
)

// BookingFlood is how many online bookings one client address may make in
// BookingFloodWindow, so that no one can fill a clinician's calendar.
const (
	BookingFlood       = 10
	BookingFloodWindow = 15 * time.Minute
)

// HoldFor is how long a patient on the waitlist has to take a time that
// was offered to them.
const HoldFor = 30 * time.Minute

// WaitlistEntry is a patient waiting to hear of an earlier time with a
// clinician. The patient's details are protected health information.
type WaitlistEntry struct {
	ID                       int64
	Provider, Location, Type string    // no Provider: the first available
	Before                   time.Time // they want a time that starts before this
	Patient                  PatientDetails
	Status                   string
	Appointment              int64 // the hold offered to them, if any
	CreatedAt                time.Time
}

// WaitlistService keeps the waitlist. When a time is freed (a cancellation,
// a move, a hold that ran out), the store offers it, in the same
// transaction, to the first patient waiting for that clinician and office
// whose visit fits, as a hold through the same guard as any booking.
type WaitlistService interface {
	JoinWaitlist(ctx context.Context, e *WaitlistEntry) error
	// ConfirmHold books a held time for good.
	ConfirmHold(ctx context.Context, id int64, seq int) (*Appointment, error)
	// ReleaseHolds cancels the holds that ran out by now and offers their
	// times onward; it returns how many it released.
	ReleaseHolds(ctx context.Context, now time.Time) (int, error)
	// Waitlist returns the entries still waiting or offered a time, for
	// one clinician or all, first in line first.
	Waitlist(ctx context.Context, provider string) ([]*WaitlistEntry, error)
	// WithdrawWaiting takes an entry off the waitlist.
	WithdrawWaiting(ctx context.Context, id int64) error
	// WaitlistEntry returns one entry, in any state.
	WaitlistEntry(ctx context.Context, id int64) (*WaitlistEntry, error)
}

// An AppointmentType is what a patient can book: its length and the time
// kept free after it.
type AppointmentType struct {
	Slug        string
	Name        string
	Description string
	Duration    time.Duration
	Buffer      time.Duration
	Virtual     bool // by phone or video
	Position    int
	Active      bool
	// Treatment is the slug of the procedure this visit is, when it is
	// one: patients who book it online are offered the outcome
	// questionnaires of that procedure. Empty for other visits.
	Treatment string
}

// Exception kinds.
const (
	ExceptionClosed = "closed" // time off, a holiday
	ExceptionOpen   = "open"   // extra hours
)

// AvailabilityWindow is weekly time a provider sees patients at a
// location. Start and End are minutes after local midnight in the
// clinic's time zone.
type AvailabilityWindow struct {
	ID         int64
	Provider   string
	Location   string
	Weekday    time.Weekday
	Start, End int
}

// AvailabilityException changes one local date: time off (a whole day
// when Start and End are both 0, at every location when Location is
// empty) or extra hours at a location.
type AvailabilityException struct {
	ID         int64
	Provider   string
	Location   string
	Day        string // YYYY-MM-DD, local
	Start, End int
	Kind       string
	Note       string
}

// BookingRules bound what patients can book online with a provider.
type BookingRules struct {
	Provider string
	Notice   time.Duration // no slot sooner than this from now
	Horizon  time.Duration // nor further ahead than this
	DailyCap int           // most appointments a day; 0: no cap
}

// DefaultBookingRules apply to a provider with none of their own.
var DefaultBookingRules = BookingRules{Notice: 2 * time.Hour, Horizon: 60 * 24 * time.Hour}

// ProviderSchedule is everything slot computation needs about one
// provider over a stretch of time.
type ProviderSchedule struct {
	Provider   string
	Windows    []*AvailabilityWindow
	Exceptions []*AvailabilityException
	Rules      BookingRules
	Booked     []*Appointment // active, overlapping the stretch asked for
}

// ScheduleService keeps the providers' availability and the appointment
// types.
type ScheduleService interface {
	AppointmentTypes(ctx context.Context, all bool) ([]*AppointmentType, error)
	AppointmentType(ctx context.Context, slug string) (*AppointmentType, error)
	// SaveAppointmentType creates t (EConflict when its slug is taken) or
	// updates it (ENotFound when there is none).
	SaveAppointmentType(ctx context.Context, t *AppointmentType, create bool) error
	ProviderSchedule(ctx context.Context, provider string, from, to time.Time) (*ProviderSchedule, error)
	// ProviderRules is ProviderSchedule without the appointments: what the
	// back office edits, read without opening any patient's details.
	ProviderRules(ctx context.Context, provider string, from, to time.Time) (*ProviderSchedule, error)
	// WeeklyAvailability returns every provider's weekly windows, by
	// provider slug.
	WeeklyAvailability(ctx context.Context) (map[string][]*AvailabilityWindow, error)
	SetWeeklyAvailability(ctx context.Context, provider string, ws []*AvailabilityWindow) error
	AddException(ctx context.Context, e *AvailabilityException) error
	DeleteException(ctx context.Context, provider string, id int64) error
	SaveBookingRules(ctx context.Context, r *BookingRules) error
}
