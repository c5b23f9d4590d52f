package content

import (
	"clinic"

	"go.yaml.in/yaml/v3"
)

// The front matter of each kind of file, its keys in the order of
// docs/CONTENT.md, which is the order Write emits them in.

type siteMeta struct {
	ClinicName   string `yaml:"clinic_name,omitempty"`
	Tagline      string `yaml:"tagline,omitempty"`
	Description  string `yaml:"description,omitempty"`
	Phone        string `yaml:"phone,omitempty"`
	Email        string `yaml:"email,omitempty"`
	TimeZone     string `yaml:"time_zone,omitempty"`
	CTASchedule  string `yaml:"cta_schedule,omitempty"`
	CTAMRIReview string `yaml:"cta_mri_review,omitempty"`
	CTADiagnose  string `yaml:"cta_diagnose,omitempty"`
	CTAPortal    string `yaml:"cta_portal,omitempty"`
}

type pageMeta struct {
	Title       string    `yaml:"title,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Updated     timestamp `yaml:"updated,omitempty"`
}

type treatmentMeta struct {
	Title       string    `yaml:"title,omitempty"`
	Parent      string    `yaml:"parent,omitempty"`
	Kind        string    `yaml:"kind,omitempty"`
	Order       int       `yaml:"order,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Summary     string    `yaml:"summary,omitempty"`
	Related     []string  `yaml:"related,omitempty"`
	Updated     timestamp `yaml:"updated,omitempty"`
}

type doctorMeta struct {
	Name        string    `yaml:"name,omitempty"`
	Credentials string    `yaml:"credentials,omitempty"`
	Role        string    `yaml:"role,omitempty"`
	Order       int       `yaml:"order,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Specialties []string  `yaml:"specialties,omitempty"`
	Locations   []string  `yaml:"locations,omitempty"`
	Treatments  []string  `yaml:"treatments,omitempty"`
	Summary     string    `yaml:"summary,omitempty"`
	Updated     timestamp `yaml:"updated,omitempty"`
}

type locationMeta struct {
	City        string      `yaml:"city,omitempty"`
	Name        string      `yaml:"name,omitempty"`
	Street      string      `yaml:"street,omitempty"`
	Region      string      `yaml:"region,omitempty"`
	PostalCode  string      `yaml:"postal_code,omitempty"`
	Phone       string      `yaml:"phone,omitempty"`
	Hours       []hoursMeta `yaml:"hours,omitempty"`
	Latitude    float64     `yaml:"latitude,omitempty"`
	Longitude   float64     `yaml:"longitude,omitempty"`
	Order       int         `yaml:"order,omitempty"`
	Description string      `yaml:"description,omitempty"`
	Summary     string      `yaml:"summary,omitempty"`
	Updated     timestamp   `yaml:"updated,omitempty"`
}

// hoursMeta is one line of opening hours; line is where it was read.
type hoursMeta struct {
	Days   string `yaml:"days"`
	Opens  string `yaml:"opens"`
	Closes string `yaml:"closes"`
	line   int
}

func (h *hoursMeta) UnmarshalYAML(n *yaml.Node) error {
	h.line = n.Line
	_, err := decodeMapping(n, h)
	return err
}

type categoryMeta struct {
	Name        string `yaml:"name,omitempty"`
	Description string `yaml:"description,omitempty"`
}

type postMeta struct {
	Title       string    `yaml:"title,omitempty"`
	Description string    `yaml:"description,omitempty"`
	Author      string    `yaml:"author,omitempty"`
	Category    string    `yaml:"category,omitempty"`
	Tags        []string  `yaml:"tags,omitempty"`
	Status      string    `yaml:"status,omitempty"`
	Published   timestamp `yaml:"published,omitempty"`
	Updated     timestamp `yaml:"updated,omitempty"`
}

type videoMeta struct {
	Question string    `yaml:"question,omitempty"`
	VideoURL string    `yaml:"video_url,omitempty"`
	Duration duration  `yaml:"duration,omitempty"`
	Uploaded timestamp `yaml:"uploaded,omitempty"`
	Order    int       `yaml:"order,omitempty"`
}

type publicationMeta struct {
	Kind    string `yaml:"kind,omitempty"`
	Title   string `yaml:"title,omitempty"`
	Authors string `yaml:"authors,omitempty"`
	Venue   string `yaml:"venue,omitempty"`
	Year    int    `yaml:"year,omitempty"`
	URL     string `yaml:"url,omitempty"`
}

type redirectsMeta struct {
	Redirects []redirectMeta `yaml:"redirects,omitempty"`
}

// redirectMeta is one redirect; line is where it was read.
type redirectMeta struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
	line int
}

func (r *redirectMeta) UnmarshalYAML(n *yaml.Node) error {
	r.line = n.Line
	_, err := decodeMapping(n, r)
	return err
}

// The front matter of each item, as Write emits it.

func pageMetaOf(p *clinic.Page) pageMeta {
	return pageMeta{Title: p.Title, Description: p.Description, Updated: timestamp(p.UpdatedAt)}
}

func treatmentMetaOf(t *clinic.Treatment) treatmentMeta {
	return treatmentMeta{Title: t.Title, Parent: t.Parent, Kind: t.Kind, Order: t.Order,
		Description: t.Description, Summary: t.Summary, Related: t.Related,
		Updated: timestamp(t.UpdatedAt)}
}

func doctorMetaOf(d *clinic.Doctor) doctorMeta {
	return doctorMeta{Name: d.Name, Credentials: d.Credentials, Role: d.Role, Order: d.Order,
		Description: d.Description, Specialties: d.Specialties, Locations: d.Locations,
		Treatments: d.Treatments, Summary: d.Summary, Updated: timestamp(d.UpdatedAt)}
}

func locationMetaOf(l *clinic.Location) locationMeta {
	var hours []hoursMeta
	for _, h := range l.Hours {
		hours = append(hours, hoursMeta{Days: h.Days, Opens: h.Opens, Closes: h.Closes})
	}
	return locationMeta{City: l.City, Name: l.Name, Street: l.Street, Region: l.Region,
		PostalCode: l.PostalCode, Phone: l.Phone, Hours: hours, Latitude: l.Latitude,
		Longitude: l.Longitude, Order: l.Order, Description: l.Description,
		Summary: l.Summary, Updated: timestamp(l.UpdatedAt)}
}

func postMetaOf(p *clinic.Post) postMeta {
	return postMeta{Title: p.Title, Description: p.Description, Author: p.Author,
		Category: p.Category, Tags: p.Tags, Status: p.Status,
		Published: timestamp(p.PublishedAt), Updated: timestamp(p.UpdatedAt)}
}

func videoMetaOf(v *clinic.VideoFAQ) videoMeta {
	return videoMeta{Question: v.Question, VideoURL: v.VideoURL, Duration: duration(v.Duration),
		Uploaded: timestamp(v.UploadedAt), Order: v.Order}
}

func publicationMetaOf(p *clinic.Publication) publicationMeta {
	return publicationMeta{Kind: p.Kind, Title: p.Title, Authors: p.Authors, Venue: p.Venue,
		Year: p.Year, URL: p.URL}
}

func redirectsOf(rs []*clinic.Redirect) redirectsMeta {
	var m redirectsMeta
	for _, r := range rs {
		m.Redirects = append(m.Redirects, redirectMeta{From: r.From, To: r.To})
	}
	return m
}

type menuMeta struct {
	Menu []menuItemMeta `yaml:"menu,omitempty"`
}

// menuItemMeta is one link of the menu; line is where it was read.
type menuItemMeta struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
	line int
}

func (m *menuItemMeta) UnmarshalYAML(n *yaml.Node) error {
	m.line = n.Line
	_, err := decodeMapping(n, m)
	return err
}

func menuOf(items []*clinic.MenuItem) menuMeta {
	var m menuMeta
	for _, it := range items {
		m.Menu = append(m.Menu, menuItemMeta{Name: it.Name, URL: it.URL})
	}
	return m
}
