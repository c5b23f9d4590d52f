package passkey

import (
	"encoding/json"
	"testing"

	"clinic"
)

func TestNewTakesTheRelyingPartyFromTheBaseURL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, base, want string
	}{
		{"a site on HTTPS is its host", "https://clinic.example", "clinic.example"},
		{"a port is not part of it", "http://localhost:8080", "localhost"},
		{"not a URL is refused", "clinic.example", ""},
		{"another scheme is refused", "ftp://clinic.example", ""},
		{"nothing is refused", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp, err := New(c.base, "Patient portal")
			if c.want == "" {
				if err == nil {
					t.Errorf("New(%q) = %v, want an error", c.base, rp.ID)
				}
				return
			}
			if err != nil || rp.ID != c.want {
				t.Errorf("New(%q) = %v, %v; want %q", c.base, rp, err, c.want)
			}
		})
	}
}

func TestCeremoniesRefuseAnswersThatAreNotOne(t *testing.T) {
	t.Parallel()
	rp, err := New("https://clinic.example", "Patient portal")
	if err != nil {
		t.Fatal(err)
	}
	u := &User{Handle: []byte("0123456789abcdef0123456789abcdef"), Name: "jane@example.com"}
	options, session, err := rp.BeginRegistration(u)
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		PublicKey struct {
			Challenge string              `json:"challenge"`
			RP        struct{ ID string } `json:"rp"`
			Selection struct {
				ResidentKey      string `json:"residentKey"`
				UserVerification string `json:"userVerification"`
			} `json:"authenticatorSelection"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		t.Fatal(err)
	}
	if o.PublicKey.Challenge == "" || o.PublicKey.RP.ID != "clinic.example" || o.PublicKey.Selection.ResidentKey != "required" ||
		o.PublicKey.Selection.UserVerification != "required" {
		t.Errorf("options %s", options)
	}
	for _, answer := range []string{``, `{}`, `{"id":"x","type":"public-key"}`, `[1,2]`, `null`} {
		if _, _, err := rp.FinishRegistration(u, session, []byte(answer)); clinic.ErrorKind(err) != clinic.EInvalid {
			t.Errorf("registration answer %q: %v", answer, err)
		}
	}
	_, session, err = rp.BeginSignIn()
	if err != nil {
		t.Fatal(err)
	}
	for _, answer := range []string{``, `{}`, `{"id":"x","rawId":"x","type":"public-key","response":{}}`} {
		if _, _, _, err := rp.FinishSignIn(session, []byte(answer), nil); clinic.ErrorKind(err) != clinic.EInvalid {
			t.Errorf("sign-in answer %q: %v", answer, err)
		}
	}
}

// FuzzFinishSignIn feeds the sign-in's last step what a browser might
// send: anything is an error of the person's, never a panic.
func FuzzFinishSignIn(f *testing.F) {
	rp, err := New("https://clinic.example", "Patient portal")
	if err != nil {
		f.Fatal(err)
	}
	_, session, err := rp.BeginSignIn()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"","signature":"","userHandle":"AQID"}}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, answer []byte) {
		find := func([]byte) (*User, error) { return nil, clinic.Errorf(clinic.ENotFound, "no such user") }
		if _, _, _, err := rp.FinishSignIn(session, answer, find); err == nil {
			t.Fatalf("answer %q signed in", answer)
		}
	})
}
