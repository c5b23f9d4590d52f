package clinic

import (
	"context"
	"time"
)

// Status of a post.
const (
	StatusDraft     = "draft"
	StatusScheduled = "scheduled"
	StatusPublished = "published"
)

// Page is a stand-alone page of the site: about, facilities, training,
// privacy policy, terms of use, research and the like. Body is Markdown.
type Page struct {
	Slug        string
	Title       string
	Description string // meta description, one or two sentences
	Body        string
	UpdatedAt   time.Time
}

// Treatment is a node of the treatment tree: a category (Parent empty) or a
// procedure or therapy under one. Body is Markdown and carries the sections
// "What it is", "Who it is for", "Recovery" and "Risks".
type Treatment struct {
	Slug        string
	Title       string
	Parent      string // slug of the category; empty for a category
	Kind        string // "procedure" or "therapy": which schema.org type it is
	Order       int    // position among its siblings
	Description string
	Summary     string // one short paragraph for cards and lists
	Body        string
	Related     []string // slugs of related treatments
	UpdatedAt   time.Time
}

// Treatment kinds.
const (
	TreatmentProcedure = "procedure"
	TreatmentTherapy   = "therapy"
)

// IsCategory reports whether t groups other treatments.
func (t *Treatment) IsCategory() bool { return t.Parent == "" }

// Doctor is a clinician on the team. Posts name a doctor as their author.
type Doctor struct {
	Slug        string
	Name        string
	Credentials string // "MD, FAAOS"
	Role        string // "Orthopedic spine surgeon"
	Order       int
	Description string
	Specialties []string
	Locations   []string // location slugs
	Treatments  []string // treatment slugs
	Summary     string
	Body        string
	UpdatedAt   time.Time
}

// Location is a clinic office in one of the service-area cities.
type Location struct {
	Slug        string
	City        string
	Name        string // "Bellevue clinic"
	Street      string
	Region      string // "WA"
	PostalCode  string
	Phone       string
	Hours       []OpeningHours
	Latitude    float64
	Longitude   float64
	Order       int
	Description string
	Summary     string
	Body        string
	UpdatedAt   time.Time
}

// OpeningHours is one line of a location's hours, in the clinic's time zone.
// Days uses schema.org's two-letter day names: "Mo-Fr", "Sa".
type OpeningHours struct {
	Days   string
	Opens  string // "08:00"
	Closes string // "17:00"
}

// Category groups posts. Posts have exactly one.
type Category struct {
	Slug        string
	Name        string
	Description string
}

// Tag labels posts. Tags are named in posts and created as they are used.
type Tag struct {
	Slug string
	Name string
}

// Post is a blog article.
type Post struct {
	Slug        string
	Title       string
	Description string
	Author      string // doctor slug
	Category    string // category slug
	Tags        []string
	Status      string
	PublishedAt time.Time
	UpdatedAt   time.Time
	Body        string
}

// Visible reports whether the public may see p at the time now.
func (p *Post) Visible(now time.Time) bool {
	switch p.Status {
	case StatusPublished:
		return !p.PublishedAt.After(now)
	case StatusScheduled:
		return !p.PublishedAt.IsZero() && !p.PublishedAt.After(now)
	}
	return false
}

// VideoFAQ is a question answered in a short video, with a written answer
// that doubles as its transcript.
type VideoFAQ struct {
	Slug       string
	Question   string
	VideoURL   string // an embeddable URL (YouTube's nocookie host) or a plain link
	Duration   time.Duration
	UploadedAt time.Time
	Order      int
	Answer     string // Markdown
}

// Publication kinds.
const (
	PublicationAward        = "award"
	PublicationPaper        = "publication"
	PublicationPresentation = "presentation"
)

// Publication is an award, a paper or a talk listed on the research page.
type Publication struct {
	Slug    string
	Kind    string
	Title   string
	Authors string
	Venue   string
	Year    int
	URL     string
	Summary string
}

// Redirect sends an old URL to its new place with a 301.
type Redirect struct {
	From string // a path: "/2020/06/22/acupuncture-for-chronic-back-pain/"
	To   string // a path or absolute URL
}

// Settings are the clinic-wide texts and numbers every page shows.
type Settings struct {
	ClinicName   string
	Tagline      string
	Description  string
	Phone        string // the main number to call
	Email        string
	TimeZone     string // IANA name, "America/Los_Angeles"
	CTASchedule  string // call-to-action texts
	CTAMRIReview string
	CTADiagnose  string
	CTAPortal    string
}

// MenuItem is a link of the site's main navigation.
type MenuItem struct {
	Name string // "Treatments"
	URL  string // a path of the site, or an http(s) URL
}

// MaxMenuItems bounds the main navigation.
const MaxMenuItems = 12

// DefaultMenu is the main navigation of a site that has not set its own.
func DefaultMenu() []*MenuItem {
	return []*MenuItem{{"Treatments", "/treatments"}, {"Doctors", "/doctors"}, {"Locations", "/locations"},
		{"Research", "/research"}, {"Blog", "/blog"}, {"Video FAQ", "/videos"}, {"About", "/about"}, {"Contact", "/contact"}}
}

// Bundle is the whole content of a site, as content import reads it and
// content export writes it.
type Bundle struct {
	Settings     Settings
	Pages        []*Page
	Treatments   []*Treatment
	Doctors      []*Doctor
	Locations    []*Location
	Categories   []*Category
	Posts        []*Post
	VideoFAQs    []*VideoFAQ
	Publications []*Publication
	Redirects    []*Redirect
	Menu         []*MenuItem // nil: leave the stored menu as it is
}

// ImportReport counts what an import changed.
type ImportReport struct {
	Created, Updated, Unchanged int
}

// PostFilter selects posts. Zero fields select everything visible at Now.
type PostFilter struct {
	Now      time.Time
	Tag      string
	Category string
	Author   string
	Limit    int
	Offset   int
}

// SearchResult is one hit of a site search.
type SearchResult struct {
	Kind    string // "post", "page", "treatment", "doctor"
	Slug    string
	Title   string
	Snippet string // plain text with matches between SnippetMark runes
	Rank    float64
}

// SearchQuery asks for one page of a site search.
type SearchQuery struct {
	Text   string    // what the person typed; any string is a valid query
	Now    time.Time // what is visible at this time is searched
	Offset int       // how many of the best results to skip
	Limit  int       // how many results to return at most
	// Suggest asks for a better spelling of the query when it finds
	// little.
	Suggest bool
}

// SearchResults is one page of a site search.
type SearchResults struct {
	Results []SearchResult
	Total   int // how many results all the pages hold
	// Suggestion is the query with the words that the site does not know
	// replaced by the closest words it does, when the query found little,
	// Suggest was asked for and the suggestion finds more; empty
	// otherwise.
	Suggestion string
}

// SnippetStart and SnippetEnd bracket matched words inside a snippet. They
// are control characters that cannot occur in content, so the web layer
// can escape the snippet first and then turn them into <mark> tags.
const (
	SnippetStart = "\x02"
	SnippetEnd   = "\x03"
)

// ContentService reads and writes the site's content.
type ContentService interface {
	Settings(ctx context.Context) (*Settings, error)
	Page(ctx context.Context, slug string) (*Page, error)
	Pages(ctx context.Context) ([]*Page, error)
	Treatment(ctx context.Context, slug string) (*Treatment, error)
	Treatments(ctx context.Context) ([]*Treatment, error) // ordered by parent, order
	Doctor(ctx context.Context, slug string) (*Doctor, error)
	Doctors(ctx context.Context) ([]*Doctor, error) // ordered by order, name
	Location(ctx context.Context, slug string) (*Location, error)
	Locations(ctx context.Context) ([]*Location, error)
	Category(ctx context.Context, slug string) (*Category, error)
	Categories(ctx context.Context) ([]*Category, error)
	Tag(ctx context.Context, slug string) (*Tag, error)
	Tags(ctx context.Context) ([]*Tag, error)
	// Post returns a post visible at now.
	Post(ctx context.Context, slug string, now time.Time) (*Post, error)
	// Posts returns the visible posts the filter selects, newest first, and
	// how many there are in all.
	Posts(ctx context.Context, f PostFilter) ([]*Post, int, error)
	VideoFAQs(ctx context.Context) ([]*VideoFAQ, error)
	Publications(ctx context.Context) ([]*Publication, error)
	Redirect(ctx context.Context, from string) (*Redirect, error)
	// Menu returns the main navigation; empty when the site has not set
	// one.
	Menu(ctx context.Context) ([]*MenuItem, error)
	// Search finds visible content matching the words of q.Text, best
	// first, and returns the page of results q asks for. A query with no
	// searchable words finds nothing and is no error.
	Search(ctx context.Context, q SearchQuery) (*SearchResults, error)

	// Export returns every content item, drafts included.
	Export(ctx context.Context) (*Bundle, error)
	// Import writes b in one transaction: items are matched by slug (by
	// From for redirects), created or updated; equal items are left alone.
	// Nothing of b is written when any part fails.
	Import(ctx context.Context, b *Bundle) (ImportReport, error)

	// Version is a number that every content write increases.
	Version(ctx context.Context) (int64, error)
}
