package clinic

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Ways a patient prefers to be contacted.
const (
	ContactEmail = "email"
	ContactPhone = "phone"
	ContactText  = "text"
)

// ContactWays lists the ways a patient may prefer, in the order forms
// show them.
var ContactWays = []string{ContactEmail, ContactPhone, ContactText}

// MaxAddressLen bounds a postal address, in characters.
const MaxAddressLen = 300

// Patient is one person's record: who they are and how to reach them.
// Everything in it is protected health information, stored sealed; staff
// find a record through keyed blind indexes of its terms (IndexTerms),
// never through the values themselves.
type Patient struct {
	ID               int64
	Name             string
	DateOfBirth      string // YYYY-MM-DD
	Phone            string
	Email            string
	Address          string
	PreferredContact string // one of ContactWays
	// EmailVerifiedAt is when the patient showed that the email address
	// is theirs by opening a link sent to it; zero until then.
	EmailVerifiedAt time.Time
	// MergedInto is the record this one was merged into; zero for a record
	// of its own. A merge stays reversible until staff confirm it.
	MergedInto     int64
	MergeConfirmed bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Normalize trims what a person typed.
func (p *Patient) Normalize() {
	for _, f := range []*string{&p.Name, &p.DateOfBirth, &p.Phone, &p.Email, &p.PreferredContact} {
		*f = strings.TrimSpace(*f)
	}
	p.Email = NormalizeEmail(p.Email)
	p.Address = strings.TrimSpace(strings.ReplaceAll(p.Address, "\r\n", "\n"))
}

// Validate checks a record on the day today and says, per field, what to
// fix; nil when all is well. A phone number or an email address is
// enough to reach someone; neither is required when the other is there.
func (p *Patient) Validate(today time.Time) FieldErrors {
	errs := FieldErrors{}
	checkLine(errs, "name", "the name", p.Name, MaxNameLen, true)
	if checkLine(errs, "dob", "the date of birth", p.DateOfBirth, 10, true) {
		if dob, problem := ParseDate(p.DateOfBirth); problem != "" {
			errs["dob"] = problem
		} else if dob.After(today) || dob.Before(today.AddDate(-125, 0, 0)) {
			errs["dob"] = "Please check the date of birth: it is not a date a patient could be born on."
		} else {
			p.DateOfBirth = dob.Format(time.DateOnly)
		}
	}
	if p.Email != "" {
		checkEmail(errs, p.Email)
	}
	if checkLine(errs, "phone", "the phone number", p.Phone, MaxPhoneLen, p.Email == "") {
		checkPhone(errs, p.Phone)
	}
	checkText(errs, "address", "the address", p.Address, MaxAddressLen, false)
	if p.PreferredContact != "" && !validContact(p.PreferredContact) {
		errs["preferred_contact"] = "Please choose how we should contact you."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func validContact(c string) bool {
	for _, v := range ContactWays {
		if c == v {
			return true
		}
	}
	return false
}

// PatientFromDetails is the record a booking's details describe.
func PatientFromDetails(d PatientDetails) *Patient {
	p := &Patient{Name: d.Name, DateOfBirth: d.DateOfBirth, Phone: d.Phone, Email: d.Email}
	p.Normalize()
	return p
}

// Kinds of blind-index term. A term is its kind, a colon and the
// normalised value; the store keeps only a keyed hash of it.
const (
	TermName     = "name"     // a word of the name, or a prefix of one
	TermFullName = "fullname" // every word of the name, in order
	TermDOB      = "dob"
	TermPhone    = "phone"
	TermEmail    = "email"
)

// MinPrefix is the shortest prefix of a name word that is indexed: "Gar"
// finds "García-López", "Ga" does not (a word as short as that is
// indexed whole).
const MinPrefix = 3

// maxPrefix bounds the prefixes indexed per word: a query word longer
// than this is cut to it before it is looked up.
const maxPrefix = 12

// IndexTerms are the terms a record is found by: each word of its name
// and the prefixes of each, its whole name, its date of birth, phone
// number and email address, all normalised, without repeats.
func (p *Patient) IndexTerms() []string {
	seen := map[string]bool{}
	var terms []string
	add := func(kind, v string) {
		if t := kind + ":" + v; v != "" && !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	words := NameWords(p.Name)
	for _, w := range words {
		for _, pre := range namePrefixes(w) {
			add(TermName, pre)
		}
	}
	add(TermFullName, strings.Join(words, " "))
	add(TermDOB, p.DateOfBirth)
	add(TermPhone, NormalizePhone(p.Phone))
	add(TermEmail, NormalizeEmail(p.Email))
	return terms
}

// namePrefixes are the indexed forms of one word of a name: the word
// itself and its prefixes from MinPrefix to maxPrefix runes.
func namePrefixes(w string) []string {
	rs := []rune(w)
	out := []string{w}
	for n := MinPrefix; n < len(rs) && n <= maxPrefix; n++ {
		out = append(out, string(rs[:n]))
	}
	return out
}

// NameWords folds a name for matching: lower case, accents and other
// marks taken off (García-López is garcia lopez), split into words at
// anything that is not a letter or a digit.
func NameWords(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch f, ok := nameFolds[r]; {
		case ok:
			b.WriteString(f)
		case unicode.Is(unicode.Mn, r):
			// a combining mark: the letter before it stays plain
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// O'Brien is obrien
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// nameFolds takes the marks off the Latin letters of European names.
var nameFolds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏőǒ",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűųǔ", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for plain, marked := range groups {
		for _, r := range marked {
			m[r] = plain
		}
	}
	return m
}()

// NormalizePhone keeps a phone number's digits; a North American number
// written with its leading 1 is the same number without it.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}

// SearchTerms reads what staff typed to find a patient: an email address,
// a date of birth, a phone number, or words of a name (each a word or the
// start of one). It returns the terms a record must all have, or what to
// tell the person.
func SearchTerms(q string) ([]string, string) {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return nil, "Type a name, a date of birth, a phone number or an email address."
	case len(q) > MaxEmailLen:
		return nil, "That is too long to be a name, a date, a phone number or an email address."
	case strings.Contains(q, "@"):
		return []string{TermEmail + ":" + NormalizeEmail(q)}, ""
	}
	if d, problem := ParseDate(q); problem == "" {
		return []string{TermDOB + ":" + d.Format(time.DateOnly)}, ""
	} else if isoDate.MatchString(q) || usDate.MatchString(q) {
		return nil, problem
	}
	if digits := NormalizePhone(q); strings.Trim(q, "0123456789+-(). ") == "" {
		if len(digits) < 7 {
			return nil, "Please type the whole phone number, with its area code."
		}
		return []string{TermPhone + ":" + digits}, ""
	}
	return nameSearchTerms(q)
}

func nameSearchTerms(q string) ([]string, string) {
	var terms []string
	for _, w := range NameWords(q) {
		rs := []rune(w)
		if len(rs) > maxPrefix {
			w = string(rs[:maxPrefix])
		}
		terms = append(terms, TermName+":"+w)
	}
	if len(terms) == 0 {
		return nil, "Type a name, a date of birth, a phone number or an email address."
	}
	if len(terms) > 6 {
		return nil, "Please type at most six words of the name."
	}
	return terms, ""
}

// Duplicate statuses: a pair is open until staff decide; a merge stays
// reversible until it is confirmed.
const (
	DupOpen      = "open"
	DupMerged    = "merged"
	DupApart     = "apart"
	DupConfirmed = "confirmed"
)

// Reasons two records may be one person's.
const (
	MatchIdentity = "same email and date of birth"
	MatchNameDOB  = "same name and date of birth"
	MatchEmail    = "same email"
	MatchPhone    = "same phone number"
)

// DuplicatePair is a record that may be another's person: made when a
// booking or a request matched an existing record less than exactly.
// Patient is the newer record, Other the one it resembles.
type DuplicatePair struct {
	ID             int64
	Patient, Other int64
	Reasons        []string
	Status         string
	DecidedBy      int64
	DecidedAt      time.Time
	CreatedAt      time.Time
	// The two records, filled in by lookups.
	A, B *Patient
}

// PatientChart is everything the clinic holds about one patient, as a
// chart shows it: the records merged into theirs included.
type PatientChart struct {
	Patient      *Patient
	Merged       []*Patient // records merged into this one
	Appointments []*Appointment
	Reviews      []*ReviewRequest
	Findings     map[int64]*ReviewFindings // by review id
	Responses    []*QuestionnaireResponse
	Triage       []*TriageRecord
	Messages     []*ContactMessage
}

// PatientService keeps patient records, their blind indexes and the links
// of appointments, reviews, questionnaire responses, triage results and
// contact messages to them. Every call reads or changes PHI: the web
// layer audits each; changes carry their event (WithAudit).
type PatientService interface {
	CreatePatient(ctx context.Context, p *Patient) error
	Patient(ctx context.Context, id int64) (*Patient, error)
	// UpdatePatient stores p's details and renews its blind indexes.
	UpdatePatient(ctx context.Context, p *Patient) error
	// SearchPatients returns the records (merged ones as the record they
	// were merged into) that have every term of SearchTerms(q), at most
	// limit; a query SearchTerms refuses is EInvalid.
	SearchPatients(ctx context.Context, q string, limit int) ([]*Patient, error)
	// LinkRecords gives up to limit appointments and review requests with
	// no patient a record: the record with the same email and date of
	// birth when both emails are verified, else a new record, with a
	// possible-duplicates pair for each record it resembles. It returns
	// how many it linked; several instances may call it at once.
	LinkRecords(ctx context.Context, limit int) (int, error)
	// VerifyPatientEmail marks a record's email as the patient's own, and
	// merges, confirmed, the open pairs that now match exactly.
	VerifyPatientEmail(ctx context.Context, id int64) error
	Duplicates(ctx context.Context, status string) ([]*DuplicatePair, error)
	// DecideDuplicate merges a pair's newer record into the other
	// (DupMerged), keeps them apart (DupApart), undoes a merge not yet
	// confirmed (DupOpen) or confirms one (DupConfirmed). A change the
	// pair's state does not allow is EConflict.
	DecideDuplicate(ctx context.Context, id int64, status string, by int64) error
	PatientChart(ctx context.Context, id int64) (*PatientChart, error)

	// ProviderDoctor is the doctor page a staff account is linked to, ""
	// for none; SetProviderDoctor links one ("" unlinks).
	ProviderDoctor(ctx context.Context, userID int64) (string, error)
	SetProviderDoctor(ctx context.Context, userID int64, slug string) error
	// ProviderSeesPatient reports whether a record is a provider's own
	// patient: booked with their doctor page or sent to them for review.
	ProviderSeesPatient(ctx context.Context, userID int64, doctor string, patientID int64) (bool, error)
	// ChartBookingKey is the idempotency key of a booking made from a
	// chart: the booking is linked to that record.
	ChartBookingKey(patientID int64) string
}
