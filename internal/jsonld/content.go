package jsonld

import (
	"strings"

	"clinic"
)

// PhysicianNode is a schema.org Physician: one of the clinicians.
type PhysicianNode struct {
	Context          string          `json:"@context"`
	Type             string          `json:"@type"`
	ID               string          `json:"@id,omitempty"`
	Name             string          `json:"name"`
	HonorificSuffix  string          `json:"honorificSuffix,omitempty"`
	MedicalSpecialty []string        `json:"medicalSpecialty,omitempty"`
	URL              string          `json:"url"`
	Description      string          `json:"description,omitempty"`
	Location         []MedicalClinic `json:"location,omitempty"`
}

// Physician returns d as a Physician. Its location lists the offices of
// locations that d works at, in the order d names them; slugs that match
// no office are left out.
func Physician(d *clinic.Doctor, locations []*clinic.Location, baseURL string) PhysicianNode {
	p := PhysicianNode{
		Context:          schemaContext,
		Type:             "Physician",
		ID:               doctorURL(baseURL, d.Slug) + "#physician",
		Name:             d.Name,
		HonorificSuffix:  d.Credentials,
		MedicalSpecialty: d.Specialties,
		URL:              doctorURL(baseURL, d.Slug),
		Description:      d.Description,
	}
	for _, slug := range d.Locations {
		for _, l := range locations {
			if l.Slug == slug {
				p.Location = append(p.Location, officeRef(l, baseURL))
				break
			}
		}
	}
	return p
}

// officeRef is a short node for an office: what identifies it and how to
// reach it, pointing at the full node by @id.
func officeRef(l *clinic.Location, baseURL string) MedicalClinic {
	return MedicalClinic{
		Type:      "MedicalClinic",
		ID:        absURL(baseURL, "/locations/"+l.Slug) + "#clinic",
		Name:      l.Name,
		URL:       absURL(baseURL, "/locations/"+l.Slug),
		Telephone: l.Phone,
		Address:   address(l),
	}
}

func doctorURL(baseURL, slug string) string {
	return absURL(baseURL, "/doctors/"+slug)
}

// BlogPostingNode is a schema.org BlogPosting.
type BlogPostingNode struct {
	Context          string         `json:"@context"`
	Type             string         `json:"@type"`
	Headline         string         `json:"headline"`
	Description      string         `json:"description,omitempty"`
	URL              string         `json:"url"`
	DatePublished    string         `json:"datePublished,omitempty"`
	DateModified     string         `json:"dateModified,omitempty"`
	Author           Author         `json:"author"`
	Publisher        *MedicalClinic `json:"publisher"`
	MainEntityOfPage WebPage        `json:"mainEntityOfPage"`
	Keywords         string         `json:"keywords,omitempty"`
	ArticleSection   string         `json:"articleSection,omitempty"`
}

// Author is the author of a post: a Person, or the practice itself as an
// Organization when the post names no doctor.
type Author struct {
	Type            string `json:"@type"`
	ID              string `json:"@id,omitempty"`
	Name            string `json:"name"`
	URL             string `json:"url,omitempty"`
	HonorificSuffix string `json:"honorificSuffix,omitempty"`
	JobTitle        string `json:"jobTitle,omitempty"`
}

// WebPage is a reference to a page by its URL.
type WebPage struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}

// BlogPosting returns p as a BlogPosting by author, published by the
// practice. author may be nil: the practice is then the author. Keywords
// are the post's tags joined by commas; articleSection is the category,
// named from its slug ("back-pain" becomes "Back pain") since a post holds
// only the slug.
func BlogPosting(p *clinic.Post, author *clinic.Doctor, s *clinic.Settings, baseURL string) BlogPostingNode {
	url := absURL(baseURL, "/blog/"+p.Slug)
	modified := p.UpdatedAt
	if modified.IsZero() {
		modified = p.PublishedAt
	}
	return BlogPostingNode{
		Context:          schemaContext,
		Type:             "BlogPosting",
		Headline:         p.Title,
		Description:      p.Description,
		URL:              url,
		DatePublished:    isoTime(p.PublishedAt),
		DateModified:     isoTime(modified),
		Author:           postAuthor(author, s, baseURL),
		Publisher:        organizationRef(s, baseURL),
		MainEntityOfPage: WebPage{Type: "WebPage", ID: url},
		Keywords:         strings.Join(p.Tags, ", "),
		ArticleSection:   nameFromSlug(p.Category),
	}
}

func postAuthor(d *clinic.Doctor, s *clinic.Settings, baseURL string) Author {
	if d == nil {
		return Author{Type: "Organization", ID: organizationID(baseURL), Name: s.ClinicName, URL: absURL(baseURL, "/")}
	}
	return Author{
		Type:            "Person",
		Name:            d.Name,
		URL:             doctorURL(baseURL, d.Slug),
		HonorificSuffix: d.Credentials,
		JobTitle:        d.Role,
	}
}

// nameFromSlug turns "back-pain" into "Back pain".
func nameFromSlug(slug string) string {
	name := strings.ReplaceAll(slug, "-", " ")
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}

// MedicalEntity is a treatment: a schema.org MedicalProcedure,
// MedicalTherapy or, for a category of treatments, MedicalEntity.
type MedicalEntity struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url"`
}

// Treatment returns t as a MedicalProcedure when its kind is "procedure",
// a MedicalTherapy when it is "therapy", and as the general MedicalEntity
// otherwise (categories have no kind).
func Treatment(t *clinic.Treatment, baseURL string) MedicalEntity {
	typ := "MedicalEntity"
	switch t.Kind {
	case clinic.TreatmentProcedure:
		typ = "MedicalProcedure"
	case clinic.TreatmentTherapy:
		typ = "MedicalTherapy"
	}
	return MedicalEntity{
		Context:     schemaContext,
		Type:        typ,
		Name:        t.Title,
		Description: t.Description,
		URL:         absURL(baseURL, "/treatments/"+t.Slug),
	}
}
