package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// ErrNotConfigured is returned by a Sender built from the zero Config.
var ErrNotConfigured = errors.New("mail: not configured")

// Error classes, as Class reports them and the worker logs them.
const (
	ClassRejected = "rejected" // the server refused the message (5xx)
	ClassDeferred = "deferred" // the server asked to try later (4xx)
	ClassConnect  = "connect"  // the server could not be reached
	ClassTimeout  = "timeout"  // the server did not answer in time
	ClassTLS      = "tls"      // the TLS handshake or certificate failed
	ClassAuth     = "auth"     // the server refused our credentials
	ClassInvalid  = "invalid"  // the message cannot be sent as it is
	ClassOff      = "off"      // mail is not configured
	ClassUnknown  = "unknown"  // anything else
)

// Values of Error.Step besides the SMTP commands.
const (
	stepPrepare    = "prepare" // building the message
	stepUnexpected = "send"    // go-mail gave no reason
)

// Error is a failed attempt to send one message. Its text names the outbox
// message and the SMTP reply; it never holds the recipient, the subject,
// the body, nor the server's own wording about them.
type Error struct {
	ID       int64  // the outbox message id
	Step     string // "connect to host:port", "RCPT TO", "end of DATA", …
	Code     int    // the SMTP reply code, 0 when there was none
	Enhanced string // the enhanced status code, such as "5.1.1", when the server gave one
	Class    string // one of the Class constants
	perm     bool
	detail   string // a fixed phrase, or a connection error's text (no message data)
	cause    error  // for errors.Is on connection errors; nil for SMTP replies
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "smtp: send message %d: %s: ", e.ID, e.Step)
	if e.Code != 0 {
		fmt.Fprintf(&b, "%d ", e.Code)
	}
	if e.Enhanced != "" {
		b.WriteString(e.Enhanced + " ")
	}
	b.WriteString(e.detail)
	return b.String()
}

// Unwrap returns the connection error beneath e, if any. SMTP replies are
// not kept, since a server may quote the recipient in them.
func (e *Error) Unwrap() error { return e.cause }

// Permanent reports whether err means that sending the same message again
// cannot succeed: the server refused it with a 5xx reply, or the message is
// malformed. Temporary replies, unreachable servers, timeouts, TLS and
// authentication failures are worth a retry.
func Permanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.perm
}

// Class names the kind of failure err is, for logs and metrics.
func Class(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	if errors.Is(err, ErrNotConfigured) {
		return ClassOff
	}
	return ClassUnknown
}

// connectError classifies a failure to dial, greet, start TLS or sign in.
// Nothing of the message has been sent by then, so the cause's text holds
// no message data and is kept.
func connectError(id int64, addr string, err error) *Error {
	e := &Error{ID: id, Step: "connect to " + addr, Class: ClassConnect, detail: err.Error(), cause: err}
	var tp *textproto.Error
	switch {
	case errors.As(err, &tp):
		e.Code, e.detail = tp.Code, replyPhrase(tp.Code)
		e.Class = replyClass(tp.Code)
		if isAuthCode(tp.Code) {
			e.Class = ClassAuth
		}
	case isTimeout(err):
		e.Class = ClassTimeout
	case isTLS(err):
		e.Class = ClassTLS
	case isAuth(err):
		e.Class = ClassAuth
	}
	return e
}

// sendError classifies a failure after the connection was set up, from
// go-mail's SendError, whose own text lists the recipients and is
// therefore never used.
func sendError(id int64, err error) *Error {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &Error{ID: id, Step: stepUnexpected, Class: ClassUnknown, detail: "the connection failed"}
	}
	e := &Error{ID: id, Step: reasonStep(se.Reason), Code: se.ErrorCode(), Enhanced: se.EnhancedStatusCode()}
	e.detail = replyPhrase(e.Code)
	e.Class = replyClass(e.Code)
	switch {
	case e.Code >= 500 && e.Code < 600:
		e.perm = !isAuthCode(e.Code)
		if !e.perm {
			e.Class = ClassAuth
		}
	case e.Code == 0 && (se.Reason == gomail.ErrGetRcpts || se.Reason == gomail.ErrGetSender):
		e.perm, e.Class, e.detail = true, ClassInvalid, "an address is not valid"
	case e.Code == 0:
		e.Class, e.detail = ClassConnect, "the connection failed"
	}
	return e
}

func reasonStep(r gomail.SendErrReason) string {
	switch r {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return stepPrepare
	case gomail.ErrSMTPMailFrom:
		return "MAIL FROM"
	case gomail.ErrSMTPRcptTo:
		return "RCPT TO"
	case gomail.ErrSMTPData:
		return "DATA"
	case gomail.ErrSMTPDataClose:
		return "end of DATA"
	case gomail.ErrWriteContent:
		return "writing the message"
	case gomail.ErrConnCheck:
		return "connection check"
	case gomail.ErrSMTPReset:
		return "RSET"
	}
	return stepUnexpected
}

func replyClass(code int) string {
	switch {
	case code >= 500 && code < 600:
		return ClassRejected
	case code >= 400 && code < 500:
		return ClassDeferred
	}
	return ClassUnknown
}

func isAuthCode(code int) bool {
	return code == 530 || code == 534 || code == 535 || code == 538 || code == 454
}

// replyPhrase gives RFC 5321's meaning of an SMTP reply code.
func replyPhrase(code int) string {
	if p, ok := replyPhrases[code]; ok {
		return p
	}
	switch {
	case code >= 500 && code < 600:
		return "refused by the server"
	case code >= 400 && code < 500:
		return "temporary failure at the server"
	}
	return "unexpected reply"
}

var replyPhrases = map[int]string{
	421: "service not available",
	450: "mailbox unavailable, try again later",
	451: "local error at the server, try again later",
	452: "insufficient storage at the server",
	454: "temporary authentication or TLS failure",
	500: "command not recognised",
	501: "syntax error in parameters",
	502: "command not implemented",
	503: "bad sequence of commands",
	504: "parameter not implemented",
	521: "domain does not accept mail",
	530: "authentication required",
	534: "authentication mechanism too weak",
	535: "authentication failed",
	538: "encryption required for this authentication",
	550: "mailbox unavailable",
	551: "user not local",
	552: "message too large or storage exceeded",
	553: "mailbox name not allowed",
	554: "transaction failed",
	555: "parameters not recognised",
	556: "domain does not accept mail",
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func isTLS(err error) bool {
	var (
		cv  *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		he  x509.HostnameError
		ci  x509.CertificateInvalidError
		rh  tls.RecordHeaderError
		ae  tls.AlertError
		ecd *tls.ECHRejectionError
	)
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) ||
		errors.As(err, &rh) || errors.As(err, &ae) || errors.As(err, &ecd) ||
		strings.Contains(err.Error(), "STARTTLS") || strings.Contains(err.Error(), "tls:")
}

func isAuth(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "auth")
}

// Unsendable is a permanent failure to prepare message id, for reasons of
// the caller's: the appointment it is about was cancelled, say. why must
// hold no health data.
func Unsendable(id int64, why string) error {
	return &Error{ID: id, Step: stepPrepare, Class: ClassInvalid, perm: true, detail: why}
}
