package clinic

import (
	"context"
	"strings"
	"time"
)

// Review statuses: a request is uploading until the patient submits it,
// then goes through the clinic's queue.
const (
	ReviewUploading = "uploading" // the form is in, the images are coming
	ReviewNew       = "new"       // submitted, waiting for a provider
	ReviewAssigned  = "assigned"  // a provider is named
	ReviewInReview  = "in_review" // the provider has opened it
	ReviewAnswered  = "answered"  // the findings went to the patient
	ReviewClosed    = "closed"    // done; images are deleted after the retention period
)

// ReviewStatuses are the statuses of the clinic's queue, in order.
var ReviewStatuses = []string{ReviewNew, ReviewAssigned, ReviewInReview, ReviewAnswered, ReviewClosed}

// ValidReviewStatus reports whether s is a status of the queue.
func ValidReviewStatus(s string) bool {
	for _, v := range ReviewStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Limits of the review form, in characters.
const (
	MaxReviewTextLen = 2000
	MaxSinceLen      = 120
)

// Review flood limit: requests from one client address per window.
const (
	ReviewFlood       = 5
	ReviewFloodWindow = time.Hour
)

// Mail kinds of the MRI review. Their text is written when they are sent
// and names no health detail.
const (
	MailReviewReceived = "review_received"
	MailReviewReady    = "review_ready"
	MailReviewNotice   = "review_notice" // to the clinic: a request is waiting
)

// ReviewRequest is a patient's request for a free MRI review: what they
// wrote in the form (PHI, stored sealed) and where it stands.
type ReviewRequest struct {
	ID        int64
	Name      string
	BirthDate string // YYYY-MM-DD
	Email     string
	Phone     string
	Complaint string // what hurts
	Since     string // since when
	Question  string // what they want to know
	Consent   bool   // to be contacted about the review
	// ClientAddr is where the form came from; only a keyed hash is kept.
	ClientAddr      string
	Status          string
	AssignedTo      int64
	AssignedName    string // filled in by lookups
	CreatedAt       time.Time
	SubmittedAt     time.Time
	AnsweredAt      time.Time
	ClosedAt        time.Time
	ImagesDeletedAt time.Time
	// Appointment is the one the patient booked from the review's answer.
	Appointment int64
}

// Normalize trims what a person typed.
func (q *ReviewRequest) Normalize() {
	for _, f := range []*string{&q.Name, &q.BirthDate, &q.Email, &q.Phone, &q.Since} {
		*f = strings.TrimSpace(*f)
	}
	for _, f := range []*string{&q.Complaint, &q.Question} {
		*f = strings.TrimSpace(strings.ReplaceAll(*f, "\r\n", "\n"))
	}
}

// Validate checks the form at now and says, per field, what to fix.
func (q *ReviewRequest) Validate(now time.Time) FieldErrors {
	errs := FieldErrors{}
	checkLine(errs, "name", "your name", q.Name, MaxNameLen, true)
	checkEmail(errs, q.Email)
	if checkLine(errs, "phone", "the phone number", q.Phone, MaxPhoneLen, true) {
		checkPhone(errs, q.Phone)
	}
	checkBirthDate(errs, q.BirthDate, now)
	checkText(errs, "complaint", "your answer to where it hurts", q.Complaint, MaxReviewTextLen, true)
	checkLine(errs, "since", "your answer to since when it hurts", q.Since, MaxSinceLen, true)
	checkText(errs, "question", "your question", q.Question, MaxReviewTextLen, false)
	if !q.Consent {
		errs["consent"] = "Please agree that we may contact you about your review: we cannot send the answer otherwise."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkBirthDate records what is wrong with a date of birth.
func checkBirthDate(errs FieldErrors, v string, now time.Time) {
	if v == "" {
		errs["birth_date"] = "Please enter your date of birth."
		return
	}
	d, err := time.Parse("2006-01-02", v)
	switch {
	case err != nil:
		errs["birth_date"] = "Please enter your date of birth as year, month and day, such as 1970-04-23."
	case d.After(now):
		errs["birth_date"] = "The date of birth is in the future. Please check it."
	case d.Before(now.AddDate(-120, 0, 0)):
		errs["birth_date"] = "Please check the year of your date of birth."
	}
}

// UploadPart is a stretch of an upload stored as one encrypted blob.
type UploadPart struct {
	Offset int64
	Size   int64
	Blob   string
	SHA256 string // hex, of the part's original bytes
}

// ReviewUpload is one file on its way in over tus: its declared size, the
// parts stored so far, and the state of the SHA-256 of those bytes.
type ReviewUpload struct {
	ID        string // random; the last part of its tus URL
	RequestID int64
	Size      int64
	Offset    int64  // bytes stored
	Name      string // the file's name with its folder path: PHI, sealed
	Type      string // the type the browser gave, sealed with the name
	// SHA256 is the hex SHA-256 of the whole file: the part's when the
	// file is one part, else computed when the file is read.
	SHA256      string
	Parts       []UploadPart
	CreatedAt   time.Time
	CompletedAt time.Time
	IngestedAt  time.Time
}

// ReviewItem is one thing read from an upload: a file, or an entry of a
// ZIP; an image, a DICOMDIR, a report, or something not usable and why.
type ReviewItem struct {
	ID       int64
	UploadID string
	Name     string // PHI, sealed; shown to the patient and staff only
	Kind     string // "dicom", "dicomdir", "zip", "pdf", "jpeg", "png", "unusable"
	Problem  string // "" when used; else "not an image", "damaged", "duplicate", …
	Detail   string // why, in plain words; never a value from the file
	Size     int64
	Blob     string // its own blob, for reports kept
	SHA256   string
	// Directory lists a DICOMDIR's entries as "path\x00SOP UID" lines:
	// sealed.
	Directory []string
}

// ReviewStudy is a study read from the images, with its series.
type ReviewStudy struct {
	ID          int64
	UID         string // sealed; UIDKey finds it
	Date        string // YYYY-MM-DD or ""
	Description string
	// The patient as the images name them: PHI, sealed.
	PatientName, PatientID, PatientBirthDate string
	Series                                   []*ReviewSeries
}

// ReviewSeries is a series of a study.
type ReviewSeries struct {
	ID            int64
	StudyID       int64
	UID           string // sealed
	Number        int
	Description   string
	Modality      string
	BodyPart      string
	Images        int   // frames of the images with pixels
	Objects       int   // instances, with or without pixels
	ThumbInstance int64 // the instance its thumbnail shows
	ThumbBlob     string
	ThumbSHA256   string
}

// ReviewInstance is one DICOM object of a series, and where its file is.
type ReviewInstance struct {
	ID             int64
	SeriesID       int64
	UID            string // SOP Instance UID, sealed
	Number         int
	HasPixels      bool
	Frames         int
	Rows, Columns  int
	TransferSyntax string
	NoPreview      string
	// Geometry holds pixel spacing, orientation, position and windows.
	Geometry ImageGeometry
	Blob     string
	SHA256   string
	Size     int64
}

// ImageGeometry is what the viewer needs to measure and label an image.
type ImageGeometry struct {
	PixelSpacing []float64 `json:"spacing,omitempty"`     // row, column, in mm
	Orientation  []float64 `json:"orientation,omitempty"` // six direction cosines
	Position     []float64 `json:"position,omitempty"`    // x, y, z in mm
	WindowCenter []float64 `json:"wc,omitempty"`
	WindowWidth  []float64 `json:"ww,omitempty"`
}

// IngestResult is what reading one upload found, for the store to record
// in one transaction. Instances name their study and series by index.
type IngestResult struct {
	UploadID  string
	SHA256    string // of the whole upload, when it was not known yet
	Items     []*ReviewItem
	Studies   []*ReviewStudy // each with its series; instances below
	Instances []IngestInstance
}

// IngestInstance is an instance of a study and series of an
// IngestResult, by index.
type IngestInstance struct {
	Study, Series int
	Instance      *ReviewInstance
	File          string // the item name it came from, for a duplicate's problem
}

// ReviewFindings are a provider's answer: what the images show and what
// they recommend, sealed.
type ReviewFindings struct {
	RequestID      int64
	Findings       string
	Recommendation string
	Treatments     []string // slugs of the catalogue
	OfferBooking   bool
	AuthorID       int64
	AuthorName     string
	UpdatedAt      time.Time
	SentAt         time.Time
}

// MaxFindingsLen bounds findings and recommendation, in characters.
const MaxFindingsLen = 10000

// Validate checks findings before they are saved or sent.
func (f *ReviewFindings) Validate(send bool) FieldErrors {
	errs := FieldErrors{}
	f.Findings = strings.TrimSpace(strings.ReplaceAll(f.Findings, "\r\n", "\n"))
	f.Recommendation = strings.TrimSpace(strings.ReplaceAll(f.Recommendation, "\r\n", "\n"))
	checkText(errs, "findings", "the findings", f.Findings, MaxFindingsLen, send)
	checkText(errs, "recommendation", "the recommendation", f.Recommendation, MaxFindingsLen, send)
	for _, t := range f.Treatments {
		if !ValidSlug(t) {
			errs["treatments"] = "Please choose treatments from the list."
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// ReviewService keeps MRI review requests, their uploads, what was read
// from them and the answers. Everything a patient wrote or sent is PHI:
// stored sealed or as blobs, never logged.
type ReviewService interface {
	// CreateReview stores q sealed, status uploading, under a flood limit
	// per client address (ETooMany).
	CreateReview(ctx context.Context, q *ReviewRequest) error
	Review(ctx context.Context, id int64) (*ReviewRequest, error)
	// SubmitReview sends an uploading request to the clinic's queue and
	// queues the patient's "we received your images" and the clinic's
	// notice. A request without a single image or report is EInvalid.
	SubmitReview(ctx context.Context, id int64) error
	// Reviews lists submitted requests with the status (all when ""),
	// oldest first.
	Reviews(ctx context.Context, status string) ([]*ReviewRequest, error)
	AssignReview(ctx context.Context, id, userID int64) error
	// AttachAppointment records that the patient of request id booked
	// appointment appt from its answer.
	AttachAppointment(ctx context.Context, id, appt int64) error
	// ReviewOfAppointment returns the request an appointment was booked
	// from; ENotFound when none.
	ReviewOfAppointment(ctx context.Context, appt int64) (int64, error)
	SetReviewStatus(ctx context.Context, id int64, status string) error

	// CreateUpload stores u (status uploading only); the request's
	// uploads may hold at most maxBytes in all (ETooLarge).
	CreateUpload(ctx context.Context, u *ReviewUpload, maxBytes int64) error
	Upload(ctx context.Context, id string) (*ReviewUpload, error)
	Uploads(ctx context.Context, requestID int64) ([]*ReviewUpload, error)
	// PendingUploads counts a request's uploads not complete or not read.
	PendingUploads(ctx context.Context, requestID int64) (int, error)
	// AddUploadPart records a stored part at the upload's current offset
	// (EConflict otherwise); the last part completes the upload, with
	// the file's SHA-256 when it is known.
	AddUploadPart(ctx context.Context, id string, p UploadPart, sha256 string) error
	// DeleteUpload removes an upload not yet read and returns the blobs
	// it leaves to delete.
	DeleteUpload(ctx context.Context, id string) ([]string, error)

	// ClaimIngest takes a completed upload no one is reading, for lease;
	// ENotFound when there is none.
	ClaimIngest(ctx context.Context, now time.Time, lease time.Duration) (*ReviewUpload, error)
	// RecordIngest stores what reading an upload found; an image already
	// stored for the request becomes a duplicate item. It returns the
	// blobs of duplicates, which are not kept.
	RecordIngest(ctx context.Context, res *IngestResult) ([]string, error)
	ReviewItems(ctx context.Context, requestID int64) ([]*ReviewItem, error)
	ReviewItem(ctx context.Context, requestID, id int64) (*ReviewItem, error)
	ReviewStudies(ctx context.Context, requestID int64) ([]*ReviewStudy, error)
	Series(ctx context.Context, requestID, id int64) (*ReviewSeries, error)
	SeriesInstances(ctx context.Context, seriesID int64) ([]*ReviewInstance, error)
	Instance(ctx context.Context, requestID, id int64) (*ReviewInstance, error)
	// SetThumbnail names a series' thumbnail and returns the old blob.
	SetThumbnail(ctx context.Context, seriesID, instanceID int64, blob, sha string) (string, error)

	SaveFindings(ctx context.Context, f *ReviewFindings) error
	// SendFindings saves f, marks the request answered and queues the
	// patient's "your review is ready".
	SendFindings(ctx context.Context, f *ReviewFindings) error
	Findings(ctx context.Context, requestID int64) (*ReviewFindings, error)

	// ClaimJob takes the job of key for lease unless it ran or is held.
	ClaimJob(ctx context.Context, key string, now time.Time, lease time.Duration) (bool, error)
	// ExpiredReviews lists requests closed before before whose images are
	// still kept.
	ExpiredReviews(ctx context.Context, before time.Time) ([]int64, error)
	// ReviewBlobs lists every blob a request's images and reports use.
	ReviewBlobs(ctx context.Context, requestID int64) ([]string, error)
	// ForgetImages removes the records of a request's images (studies and
	// series stay, as words) and marks them deleted; findings stay.
	ForgetImages(ctx context.Context, requestID int64) error
	// BlobHashes returns the SHA-256 recorded for every blob in use.
	BlobHashes(ctx context.Context) (map[string]string, error)
}
