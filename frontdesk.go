package clinic

import (
	"context"
	"time"
)

// ApptVersion names an appointment as someone saw it: a change made since
// (its Sequence moved on) means they did not see it as it is.
type ApptVersion struct {
	ID       int64
	Sequence int
}

// FrontDesk is what the front desk needs beyond booking.
type FrontDesk interface {
	// BlockOver blocks time (block, of BlockType) over the appointments
	// in its way, in one transaction: each of inWay, at the version the
	// caller saw, is cancelled with reason as SetStatus cancels (the
	// patient is told, the reminders withdrawn), the block is made, and
	// then each freed time is offered to the waitlist, which takes what
	// the block leaves free. Appointments in the way that are not in
	// inWay, or have changed, make it EConflict with nothing done. It
	// returns the cancelled appointments.
	BlockOver(ctx context.Context, block *Appointment, inWay []ApptVersion, reason string) ([]*Appointment, error)
	// FailingMail returns the messages that failed since since: given up
	// after trying, or failed and waiting to be tried again; newest first,
	// at most limit.
	FailingMail(ctx context.Context, since time.Time, limit int) ([]*OutboxMessage, error)
}
