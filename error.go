package clinic

import (
	"errors"
	"fmt"
)

// Error kinds. Each maps to one HTTP status in the web layer.
const (
	EInvalid      = "invalid"           // the input is wrong; the message says how
	ENotFound     = "not_found"         // no such record
	EGone         = "gone"              // it was here, and has expired
	EConflict     = "conflict"          // the record exists or changed meanwhile
	ETooMany      = "too_many_requests" // slow down
	ETooLarge     = "too_large"         // the request body is over its limit
	EUnauthorized = "unauthorized"      // sign in first
	EForbidden    = "forbidden"         // signed in, but not allowed
	EMethod       = "method"            // the address takes other methods
	EInternal     = "internal"          // our fault; details are logged, not shown
)

// Error is an error the application expects and can explain to the person
// who caused it. Message is safe to show; Err, when set, is for the log.
type Error struct {
	Kind    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted message.
func Errorf(kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// ErrorKind returns the kind of the first *Error in err's chain, or
// EInternal when there is none.
func ErrorKind(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return EInternal
}

// ErrorMessage returns the message to show a person for err. Internal
// errors get a generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != EInternal {
		return e.Message
	}
	return "Something went wrong on our side. Please try again, or call us."
}
