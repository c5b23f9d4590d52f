// Package passkey runs the WebAuthn ceremonies of the patient portal on
// github.com/go-webauthn/webauthn: making a passkey for a signed-in
// account, and signing in with one the browser offers (a discoverable
// credential, no email typed). It knows no database and no pages: the
// caller keeps the session data of a ceremony between its two steps,
// and each passkey's record, as opaque bytes.
package passkey

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"clinic"
)

// RP is the relying party: the site, named by the host of its base URL.
type RP struct {
	ID string // the host, without scheme or port: "clinic.example"
	w  *webauthn.WebAuthn
}

// New returns the relying party of baseURL ("https://clinic.example"),
// shown to patients as name.
func New(baseURL, name string) (*RP, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("passkey: base URL %q is not an http(s) URL with a host", baseURL)
	}
	w, err := webauthn.New(&webauthn.Config{
		RPID:          u.Hostname(),
		RPDisplayName: name,
		RPOrigins:     []string{u.Scheme + "://" + u.Host},
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementRequired,
			UserVerification: protocol.VerificationRequired,
		},
		AttestationPreference: protocol.PreferNoAttestation,
	})
	if err != nil {
		return nil, fmt.Errorf("passkey: %w", err)
	}
	return &RP{ID: u.Hostname(), w: w}, nil
}

// User is a portal account as WebAuthn sees it: a random handle, a name
// for the authenticator to show, and the passkeys it has.
type User struct {
	Handle  []byte
	Name    string
	Records [][]byte // each passkey's record, as Finish* returned it
}

type user struct {
	u     *User
	creds []webauthn.Credential
}

func (u *user) WebAuthnID() []byte                         { return u.u.Handle }
func (u *user) WebAuthnName() string                       { return u.u.Name }
func (u *user) WebAuthnDisplayName() string                { return u.u.Name }
func (u *user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

func wrap(u *User) (*user, error) {
	w := &user{u: u}
	for _, r := range u.Records {
		var c webauthn.Credential
		if err := json.Unmarshal(r, &c); err != nil {
			return nil, fmt.Errorf("passkey: read a record: %w", err)
		}
		w.creds = append(w.creds, c)
	}
	return w, nil
}

// BeginRegistration returns the options for the browser's
// navigator.credentials.create, as JSON, and the session data to keep
// until FinishRegistration. Passkeys the user has are excluded.
func (rp *RP) BeginRegistration(u *User) (options, session []byte, err error) {
	w, err := wrap(u)
	if err != nil {
		return nil, nil, err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range w.creds {
		exclude = append(exclude, c.Descriptor())
	}
	creation, sd, err := rp.w.BeginRegistration(w, webauthn.WithExclusions(exclude))
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: begin registration: %w", err)
	}
	return encode(creation, sd)
}

// encode writes the browser's options and the session data. The
// session's expiry is left to the caller's clock.
func encode(options any, sd *webauthn.SessionData) ([]byte, []byte, error) {
	sd.Expires = time.Time{}
	o, err := json.Marshal(options)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: %w", err)
	}
	s, err := json.Marshal(sd)
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: %w", err)
	}
	return o, s, nil
}

// FinishRegistration checks the browser's answer (the JSON of the new
// PublicKeyCredential) against the session data and returns the new
// passkey's credential id and its record to keep.
func (rp *RP) FinishRegistration(u *User, session, answer []byte) (id, record []byte, err error) {
	sd, err := decodeSession(session)
	if err != nil {
		return nil, nil, err
	}
	w, err := wrap(u)
	if err != nil {
		return nil, nil, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(answer)
	if err != nil {
		return nil, nil, refused("The passkey could not be read. Please try again.", err)
	}
	c, err := rp.w.CreateCredential(w, *sd, parsed)
	if err != nil {
		return nil, nil, refused("The passkey could not be checked. Please try again.", err)
	}
	if record, err = json.Marshal(c); err != nil {
		return nil, nil, fmt.Errorf("passkey: %w", err)
	}
	return c.ID, record, nil
}

// BeginSignIn returns the options for navigator.credentials.get with no
// account named: the browser offers the passkeys it holds for the site.
func (rp *RP) BeginSignIn() (options, session []byte, err error) {
	assertion, sd, err := rp.w.BeginDiscoverableLogin()
	if err != nil {
		return nil, nil, fmt.Errorf("passkey: begin sign-in: %w", err)
	}
	return encode(assertion, sd)
}

// FinishSignIn checks the browser's answer against the session data.
// find returns the user of a handle (a clinic.ENotFound error when there
// is none). It returns the handle that signed in, the credential id used
// and the passkey's record as it is now (its sign count moves).
func (rp *RP) FinishSignIn(session, answer []byte, find func(handle []byte) (*User, error)) (handle, id, record []byte, err error) {
	sd, err := decodeSession(session)
	if err != nil {
		return nil, nil, nil, err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(answer)
	if err != nil {
		return nil, nil, nil, refused("The passkey's answer could not be read. Please try again.", err)
	}
	var found *user
	handler := func(rawID, userHandle []byte) (webauthn.User, error) {
		u, err := find(userHandle)
		if err != nil {
			return nil, err
		}
		if found, err = wrap(u); err != nil {
			return nil, err
		}
		return found, nil
	}
	_, c, err := rp.w.ValidatePasskeyLogin(handler, *sd, parsed)
	if err != nil {
		return nil, nil, nil, refused("This passkey could not be used: it may have been removed. Please try again, or sign in with an emailed link.", err)
	}
	if record, err = json.Marshal(c); err != nil {
		return nil, nil, nil, fmt.Errorf("passkey: %w", err)
	}
	return found.u.Handle, c.ID, record, nil
}

// CredentialID returns the credential id a record holds.
func CredentialID(record []byte) []byte {
	var c webauthn.Credential
	if json.Unmarshal(record, &c) != nil {
		return nil
	}
	return c.ID
}

func decodeSession(b []byte) (*webauthn.SessionData, error) {
	sd := &webauthn.SessionData{}
	if err := json.Unmarshal(b, sd); err != nil {
		return nil, fmt.Errorf("passkey: read session data: %w", err)
	}
	return sd, nil
}

// refused is an answer the browser sent that does not pass: the person
// is told plainly, the cause goes to the log.
func refused(msg string, cause error) error {
	return &clinic.Error{Kind: clinic.EInvalid, Message: msg, Err: cause}
}
