// Package mailtest runs a real SMTP server inside a test, on 127.0.0.1, and
// keeps every message it accepts, parsed, for the test to read.
package mailtest

import (
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is an SMTP server for one test. Start starts it; the test's
// cleanup closes it.
type Server struct {
	opts   options
	smtp   *smtp.Server
	ln     net.Listener
	addr   string
	mu     sync.Mutex
	msgs   []Received
	notify chan struct{} // closed and replaced on each new message
	closed bool
}

// Received is a message the server accepted: its envelope, its raw bytes
// and, parsed from them, its headers and parts.
type Received struct {
	From     string   // MAIL FROM
	To       []string // RCPT TO, in order
	Data     []byte   // the message as the client sent it
	Username string   // who signed in, "" without AUTH
	TLS      bool     // whether the session was encrypted
	Message           // Data parsed; ParseErr says why it could not be
	ParseErr error
}

type options struct {
	addr        string
	user, pass  string
	starttls    bool
	implicitTLS bool
	rcptCode    int
	dataCode    int
}

// An Option changes how Start sets up the server.
type Option func(*options)

// RequireAuth makes the server offer AUTH PLAIN and accept mail only from
// a client that signed in as user with pass.
func RequireAuth(user, pass string) Option {
	return func(o *options) { o.user, o.pass = user, pass }
}

// STARTTLS makes the server offer STARTTLS, with a certificate made for
// the test: trust it with Server.TLSConfig or Server.CertPool.
func STARTTLS() Option { return func(o *options) { o.starttls = true } }

// ImplicitTLS makes the server speak TLS from the first byte, as on port 465.
func ImplicitTLS() Option { return func(o *options) { o.implicitTLS = true } }

// RefuseRecipients makes the server answer every RCPT TO with code: 550
// for a mailbox that does not exist, 451 to ask for a later try.
func RefuseRecipients(code int) Option { return func(o *options) { o.rcptCode = code } }

// RefuseData makes the server read each message and then answer code
// instead of accepting it.
func RefuseData(code int) Option { return func(o *options) { o.dataCode = code } }

// Listen makes the server listen on addr rather than on a free port, for
// instance to start again where a closed server was.
func Listen(addr string) Option { return func(o *options) { o.addr = addr } }

// Start starts a server on 127.0.0.1 and closes it when t ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{opts: options{addr: "127.0.0.1:0"}, notify: make(chan struct{})}
	for _, o := range opts {
		o(&s.opts)
	}
	ln, err := net.Listen("tcp", s.opts.addr)
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.smtp = s.newSMTP()
	if s.opts.starttls || s.opts.implicitTLS {
		s.smtp.TLSConfig = serverTLS()
	}
	if s.opts.implicitTLS {
		ln = tls.NewListener(ln, s.smtp.TLSConfig)
	}
	s.ln = ln
	go s.smtp.Serve(ln)
	t.Cleanup(s.Close)
	return s
}

func (s *Server) newSMTP() *smtp.Server {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, tlsOn := c.TLSConnectionState()
		return &session{s: s, tls: tlsOn, conn: c}, nil
	}))
	srv.Domain = "mailtest.localhost"
	srv.AllowInsecureAuth = !s.opts.starttls
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = discard{}
	return srv
}

// Addr returns the server's host:port.
func (s *Server) Addr() string { return s.addr }

// Host returns the server's host, 127.0.0.1.
func (s *Server) Host() string {
	h, _, _ := net.SplitHostPort(s.addr)
	return h
}

// Port returns the server's port.
func (s *Server) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// CertPool returns a pool that trusts the server's certificate.

// TLSConfig returns a client configuration that trusts the server.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: testCert().pool, ServerName: s.Host(), MinVersion: tls.VersionTLS12}
}

// Close stops the server and drops its connections, so that a test can
// show what happens when the relay is down. It may be called more than
// once.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.smtp.Close()
	s.ln.Close() // in case Serve has not taken it up yet
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits until at least n messages have arrived and returns them. It
// fails the test after timeout; the timeout is a limit for a broken test,
// not a measure of speed.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, ch := len(s.msgs), s.notify
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("mailtest: %d messages arrived within %s, want %d", got, timeout, n)
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.notify)
	s.notify = make(chan struct{})
}

// session is one SMTP conversation.
type session struct {
	s        *Server
	conn     *smtp.Conn
	tls      bool
	username string
	from     string
	to       []string
}

var (
	_ smtp.Session     = (*session)(nil)
	_ smtp.AuthSession = (*session)(nil)
)

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != ss.s.opts.user || pass != ss.s.opts.pass {
			return smtp.ErrAuthFailed
		}
		ss.username = user
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.user != "" && ss.username == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if c := ss.s.opts.rcptCode; c != 0 {
		return reply(c)
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if c := ss.s.opts.dataCode; c != 0 {
		return reply(c)
	}
	if !ss.tls {
		_, ss.tls = ss.conn.TLSConnectionState()
	}
	rec := Received{From: ss.from, To: ss.to, Data: data, Username: ss.username, TLS: ss.tls}
	rec.Message, rec.ParseErr = Parse(data)
	ss.s.add(rec)
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// reply is an SMTP error reply with the usual wording for code.
func reply(code int) *smtp.SMTPError {
	switch code {
	case 550:
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}
	case 451:
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	class := code / 100
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{class, 0, 0}, Message: "Refused by mailtest"}
}

// discard drops the server's own error log, which would only show clients
// hanging up, as tests of a failing relay make them do.
type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}
