package clinic

import (
	"context"
	"time"
)

// OutboxMessage is an email waiting to be sent, or sent. Outbox messages
// never carry protected health information: a notification about a patient
// says where to look in the back office, not what the patient wrote.
type OutboxMessage struct {
	ID        int64
	Kind      string // "staff_contact_notice", …
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	NextTryAt time.Time
	Attempts  int
	SentAt    time.Time // zero until sent
	LastError string
}

// Mailer queues email in the outbox, to be sent by the outbox worker.
type Mailer interface {
	QueueMail(ctx context.Context, m *OutboxMessage) error
}
