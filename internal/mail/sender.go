package mail

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"

	"clinic"
)

// Sender sends one message at a time over SMTP, a new connection each. It
// is safe for concurrent use.
type Sender struct {
	cfg  Config
	from *mail.Address
	tag  string // tells this installation's Message-IDs from another's
}

// New returns a Sender for cfg, or cfg's first problem as a
// clinic.EInvalid error. The zero Config gives a Sender that is not
// configured: its Send returns ErrNotConfigured.
func New(cfg Config) (*Sender, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Sender{cfg: cfg}
	if !cfg.Configured() {
		return s, nil
	}
	s.from, _ = parseFrom(cfg.From) // Validate has checked it
	sum := sha256.Sum256([]byte(s.from.Address + "\x00" + cfg.Host + "\x00" + cfg.Username))
	s.tag = hex.EncodeToString(sum[:4])
	return s, nil
}

// Configured reports whether s has a relay to send to.
func (s *Sender) Configured() bool {
	return s != nil && s.cfg.Configured()
}

// Addr returns the relay's host:port, for messages to staff.
func (s *Sender) Addr() string {
	return net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.port()))
}

// Send sends m now. A failure is an *Error, which Permanent and Class
// explain; its text holds m.ID but none of m's content.
func (s *Sender) Send(ctx context.Context, m *clinic.OutboxMessage) error {
	if !s.Configured() {
		return ErrNotConfigured
	}
	msg, err := s.message(m, time.Now())
	if err != nil {
		return err
	}
	return s.deliver(ctx, m.ID, msg)
}

func (s *Sender) deliver(ctx context.Context, id int64, msg *gomail.Msg) error {
	d := &trackingDialer{}
	c, err := s.client(d)
	if err != nil {
		return &Error{ID: id, Step: stepPrepare, Class: ClassInvalid, detail: "the SMTP settings were refused", cause: err}
	}
	defer d.close()
	sc, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return connectError(id, s.Addr(), err)
	}
	err = c.SendWithSMTPClient(sc, msg)
	// A failed QUIT after a message was accepted changes nothing: the
	// message is on its way, and sending it again would send it twice.
	_ = c.CloseWithSMTPClient(sc)
	if err != nil {
		return sendError(id, err)
	}
	return nil
}

// client builds a go-mail client for one connection. It dials through d,
// so that a connection that fails half-way is closed rather than left to
// the garbage collector.
func (s *Sender) client(d *trackingDialer) (*gomail.Client, error) {
	tc := s.tlsConfig()
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.port()),
		gomail.WithTimeout(s.cfg.timeout()),
		gomail.WithTLSConfig(tc),
		gomail.WithDialContextFunc(d.dial),
	}
	switch s.cfg.security() {
	case SecurityTLS:
		d.tls = tc
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case SecurityNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

func (s *Sender) tlsConfig() *tls.Config {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.cfg.TLSConfig != nil {
		tc = s.cfg.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = s.cfg.Host
	}
	return tc
}

// trackingDialer dials the relay, with TLS from the first byte when tls is
// set, and remembers the connection so that it can be closed.
type trackingDialer struct {
	tls  *tls.Config
	mu   sync.Mutex
	conn net.Conn
}

func (d *trackingDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	nd := &net.Dialer{}
	var (
		c   net.Conn
		err error
	)
	if d.tls != nil {
		c, err = (&tls.Dialer{NetDialer: nd, Config: d.tls}).DialContext(ctx, network, addr)
	} else {
		c, err = nd.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.conn = c
	return c, nil
}

func (d *trackingDialer) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		d.conn.Close()
	}
}

// messageID returns the Message-ID of outbox message m: the same on every
// attempt and from every instance, so that a receiver can tell a repeat.
// A message outside the outbox (ID 0, a test) gets one of its own.
func (s *Sender) messageID(m *clinic.OutboxMessage, now time.Time) string {
	var local string
	switch {
	case m.ID == 0:
		local = fmt.Sprintf("test-%d.%s", now.UnixNano(), s.tag)
	case m.CreatedAt.IsZero():
		local = fmt.Sprintf("outbox-%d.%s", m.ID, s.tag)
	default:
		local = fmt.Sprintf("outbox-%d.%d.%s", m.ID, m.CreatedAt.Unix(), s.tag)
	}
	return local + "@" + domainOf(s.from.Address)
}
