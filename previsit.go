package clinic

import (
	"bytes"
	"context"
	"strings"
	"time"
)

// Pre-visit forms a patient fills in through the portal before a visit.
// What they send is PHI, stored sealed; staff see what is new on the
// chart and accept it into the record.
const (
	FormContact     = "contact"
	FormInsurance   = "insurance"
	FormMedications = "medications"
	FormAllergies   = "allergies"
	FormConsent     = "consent"
)

// FormKinds lists the forms in the order the portal shows them.
var FormKinds = []string{FormContact, FormInsurance, FormMedications, FormAllergies, FormConsent}

// FormTitle is a form's name as the patient and staff read it.
func FormTitle(kind string) string {
	switch kind {
	case FormContact:
		return "Contact details"
	case FormInsurance:
		return "Insurance"
	case FormMedications:
		return "Current medications"
	case FormAllergies:
		return "Allergies"
	case FormConsent:
		return "Consent to treatment"
	}
	return ""
}

// States of a form sent: new until staff accept it into the record, or
// replaced when a newer one of the same kind was accepted after it.
const (
	FormNew      = "new"
	FormAccepted = "accepted"
)

// FormSubmission is one form a patient sent.
type FormSubmission struct {
	ID         int64
	PatientID  int64
	AccountID  int64 // the portal account that sent it
	Kind       string
	Answers    FormAnswers // sealed
	Status     string
	CreatedAt  time.Time
	ReviewedAt time.Time
	ReviewedBy int64
	Reviewer   string // filled in by lookups
}

// FormAnswers are the fields of every form; each kind uses its own.
type FormAnswers struct {
	Phone            string `json:"phone,omitempty"`
	Email            string `json:"email,omitempty"`
	Address          string `json:"address,omitempty"`
	PreferredContact string `json:"preferred_contact,omitempty"`

	Carrier   string    `json:"carrier,omitempty"`
	MemberID  string    `json:"member_id,omitempty"`
	CardFront *FormFile `json:"card_front,omitempty"`
	CardBack  *FormFile `json:"card_back,omitempty"`

	Medications string `json:"medications,omitempty"` // one a line
	Allergies   string `json:"allergies,omitempty"`   // one a line
	None        bool   `json:"none,omitempty"`        // no medications, or no known allergies

	Signature      string    `json:"signature,omitempty"`
	ConsentVersion string    `json:"consent_version,omitempty"`
	SignedAt       time.Time `json:"signed_at,omitzero"`
}

// FormFile is a photo sent with a form, kept in the blob store under a
// name the server made.
type FormFile struct {
	Blob   string `json:"blob"`
	SHA256 string `json:"sha256"`
	Type   string `json:"type"` // "image/jpeg" or "image/png"
	Size   int64  `json:"size"`
}

// Limits of the forms.
const (
	MaxCarrierLen   = 100
	MaxMemberIDLen  = 40
	MaxListLen      = 3000
	MaxSignatureLen = 120
	// MaxCardPhoto is the largest photo of an insurance card side.
	MaxCardPhoto = 8 << 20
)

// ConsentVersion names the text of ConsentText; a signature records
// which one the patient read.
const ConsentVersion = "2025-03"

// ConsentText is what a patient agrees to before treatment.
const ConsentText = `I agree to be examined and treated by the clinicians of this clinic. ` +
	`Before any procedure, my clinician will explain what it involves, its benefits, its risks and the other choices I have, ` +
	`and will ask for my consent to that procedure separately. ` +
	`I may ask questions at any time, and I may refuse or stop any treatment. ` +
	`I agree that the clinic may share my health information with my insurer to be paid for my care, as its privacy notice describes.`

// Validate checks a form of kind and says, per field, what to fix; nil
// when all is well. The photos of an insurance card are checked as they
// arrive (CardPhotoType).
func (a *FormAnswers) Validate(kind string) FieldErrors {
	errs := FieldErrors{}
	switch kind {
	case FormContact:
		p := &Patient{Phone: a.Phone, Email: a.Email, Address: a.Address, PreferredContact: a.PreferredContact}
		for f, msg := range p.Validate(time.Time{}) {
			if f != "name" && f != "dob" {
				errs[f] = msg
			}
		}
	case FormInsurance:
		checkLine(errs, "carrier", "the name of your insurer", a.Carrier, MaxCarrierLen, true)
		checkLine(errs, "member_id", "your member ID", a.MemberID, MaxMemberIDLen, true)
	case FormMedications:
		if !a.None {
			checkText(errs, "medications", "your medications, or tick that you take none", a.Medications, MaxListLen, true)
		} else if a.Medications != "" {
			errs["medications"] = "You ticked that you take no medications: please leave the list empty, or untick it."
		}
	case FormAllergies:
		if !a.None {
			checkText(errs, "allergies", "your allergies, or tick that you have none we should know of", a.Allergies, MaxListLen, true)
		} else if a.Allergies != "" {
			errs["allergies"] = "You ticked that you have no known allergies: please leave the list empty, or untick it."
		}
	case FormConsent:
		checkLine(errs, "signature", "your full name as your signature", a.Signature, MaxSignatureLen, true)
		if a.ConsentVersion != ConsentVersion {
			errs["consent"] = "The consent text has changed since the page was opened. Please read it again and sign."
		}
	default:
		errs["kind"] = "There is no such form."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Normalize trims what a patient typed.
func (a *FormAnswers) Normalize() {
	for _, f := range []*string{&a.Phone, &a.Email, &a.PreferredContact, &a.Carrier, &a.MemberID, &a.Signature} {
		*f = strings.TrimSpace(*f)
	}
	for _, f := range []*string{&a.Address, &a.Medications, &a.Allergies} {
		*f = strings.TrimSpace(strings.ReplaceAll(*f, "\r\n", "\n"))
	}
	a.Email = NormalizeEmail(a.Email)
}

// CardPhotoType names the image a card photo's first bytes show, or
// says why it cannot be taken: only JPEG and PNG are; HEIC, the iPhone's
// own format, is refused with a way round it.
func CardPhotoType(head []byte) (string, string) {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "image/jpeg", ""
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", ""
	case isHEIC(head):
		return "", "This photo is in the HEIC format, which we cannot open. On an iPhone, choose Settings > Camera > Formats > Most Compatible and take it again, or send a screenshot of it."
	}
	return "", "Please send a photo of the card as a JPEG or PNG picture."
}

// isHEIC reports an ISO media file whose brand is one of HEIF's.
func isHEIC(head []byte) bool {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return false
	}
	switch string(head[8:12]) {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif":
		return true
	}
	return false
}

// PreVisitService keeps the pre-visit forms patients send and what staff
// accept of them.
type PreVisitService interface {
	// SubmitForm stores a form a patient sent, new.
	SubmitForm(ctx context.Context, f *FormSubmission) error
	// PatientForms lists a patient's forms, newest first.
	PatientForms(ctx context.Context, patientID int64) ([]*FormSubmission, error)
	// Form returns one of a patient's forms; another's is ENotFound.
	Form(ctx context.Context, patientID, id int64) (*FormSubmission, error)
	// AcceptForm takes a new form into the record, by staff member by:
	// contact details change the patient's record. One not new is
	// EConflict. The context carries the audit event.
	AcceptForm(ctx context.Context, patientID, id, by int64) error
}

// OnRecord picks, per kind, the latest accepted form: what the record
// holds now. forms are newest first, as PatientForms lists them.
func OnRecord(forms []*FormSubmission) map[string]*FormSubmission {
	m := map[string]*FormSubmission{}
	for _, f := range forms {
		if f.Status == FormAccepted && m[f.Kind] == nil {
			m[f.Kind] = f
		}
	}
	return m
}
