package content

import (
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
)

// Each kind of file turns into its clinic type after the checks that need
// only the file; references between files are checked in refs.go.

func toSettings(f *File, m *siteMeta) (clinic.Settings, error) {
	if err := firstError(required(f, "clinic_name", m.ClinicName), noBody(f)); err != nil {
		return clinic.Settings{}, err
	}
	return clinic.Settings(*m), nil
}

func toPage(slug string, f *File, m *pageMeta) (*clinic.Page, error) {
	if err := required(f, "title", m.Title); err != nil {
		return nil, err
	}
	return &clinic.Page{Slug: slug, Title: m.Title, Description: m.Description,
		Body: f.Body, UpdatedAt: time.Time(m.Updated)}, nil
}

func toTreatment(slug string, f *File, m *treatmentMeta) (*clinic.Treatment, error) {
	err := firstError(
		required(f, "title", m.Title),
		slugRef(f, "parent", m.Parent),
		kind(f, m),
		slugList(f, "related", m.Related),
	)
	if err != nil {
		return nil, err
	}
	return &clinic.Treatment{Slug: slug, Title: m.Title, Parent: m.Parent, Kind: m.Kind,
		Order: m.Order, Description: m.Description, Summary: m.Summary, Body: f.Body,
		Related: m.Related, UpdatedAt: time.Time(m.Updated)}, nil
}

// kind is required of a procedure or therapy and optional for a category.
func kind(f *File, m *treatmentMeta) error {
	if m.Kind == "" && m.Parent == "" {
		return nil
	}
	return oneOf(f, "kind", m.Kind, clinic.TreatmentProcedure, clinic.TreatmentTherapy)
}

func toDoctor(slug string, f *File, m *doctorMeta) (*clinic.Doctor, error) {
	err := firstError(
		required(f, "name", m.Name),
		names(f, "specialties", m.Specialties),
		slugList(f, "locations", m.Locations),
		slugList(f, "treatments", m.Treatments),
	)
	if err != nil {
		return nil, err
	}
	return &clinic.Doctor{Slug: slug, Name: m.Name, Credentials: m.Credentials, Role: m.Role,
		Order: m.Order, Description: m.Description, Specialties: m.Specialties,
		Locations: m.Locations, Treatments: m.Treatments, Summary: m.Summary,
		Body: f.Body, UpdatedAt: time.Time(m.Updated)}, nil
}

func toLocation(slug string, f *File, m *locationMeta) (*clinic.Location, error) {
	err := firstError(
		required(f, "city", m.City, "name", m.Name),
		checkHours(f, m.Hours),
		between(f, "latitude", m.Latitude, -90, 90),
		between(f, "longitude", m.Longitude, -180, 180),
	)
	if err != nil {
		return nil, err
	}
	var hours []clinic.OpeningHours
	for _, h := range m.Hours {
		hours = append(hours, clinic.OpeningHours{Days: h.Days, Opens: h.Opens, Closes: h.Closes})
	}
	return &clinic.Location{Slug: slug, City: m.City, Name: m.Name, Street: m.Street,
		Region: m.Region, PostalCode: m.PostalCode, Phone: m.Phone, Hours: hours,
		Latitude: m.Latitude, Longitude: m.Longitude, Order: m.Order,
		Description: m.Description, Summary: m.Summary, Body: f.Body,
		UpdatedAt: time.Time(m.Updated)}, nil
}

func toCategory(slug string, f *File, m *categoryMeta) (*clinic.Category, error) {
	if err := firstError(required(f, "name", m.Name), noBody(f)); err != nil {
		return nil, err
	}
	return &clinic.Category{Slug: slug, Name: m.Name, Description: m.Description}, nil
}

func toPost(slug string, f *File, m *postMeta) (*clinic.Post, error) {
	err := firstError(
		required(f, "title", m.Title, "author", m.Author, "category", m.Category, "status", m.Status),
		slugRef(f, "author", m.Author),
		slugRef(f, "category", m.Category),
		names(f, "tags", m.Tags),
		oneOf(f, "status", m.Status, clinic.StatusDraft, clinic.StatusScheduled, clinic.StatusPublished),
	)
	if err == nil && m.Status == clinic.StatusScheduled && m.Published.IsZero() {
		err = f.keyErrorf("status", "a scheduled post needs the time to publish it in \"published\"")
	}
	if err != nil {
		return nil, err
	}
	return &clinic.Post{Slug: slug, Title: m.Title, Description: m.Description,
		Author: m.Author, Category: m.Category, Tags: m.Tags, Status: m.Status,
		PublishedAt: time.Time(m.Published), UpdatedAt: time.Time(m.Updated), Body: f.Body}, nil
}

func toVideo(slug string, f *File, m *videoMeta) (*clinic.VideoFAQ, error) {
	err := firstError(
		required(f, "question", m.Question, "video_url", m.VideoURL),
		webURL(f, "video_url", m.VideoURL),
	)
	if err != nil {
		return nil, err
	}
	return &clinic.VideoFAQ{Slug: slug, Question: m.Question, VideoURL: m.VideoURL,
		Duration: time.Duration(m.Duration), UploadedAt: time.Time(m.Uploaded),
		Order: m.Order, Answer: f.Body}, nil
}

func toPublication(slug string, f *File, m *publicationMeta) (*clinic.Publication, error) {
	err := firstError(
		required(f, "kind", m.Kind, "title", m.Title),
		oneOf(f, "kind", m.Kind, clinic.PublicationAward, clinic.PublicationPaper, clinic.PublicationPresentation),
		notNegative(f, "year", m.Year),
		webURL(f, "url", m.URL),
	)
	if err != nil {
		return nil, err
	}
	return &clinic.Publication{Slug: slug, Kind: m.Kind, Title: m.Title, Authors: m.Authors,
		Venue: m.Venue, Year: m.Year, URL: m.URL, Summary: f.Body}, nil
}

// toRedirects checks that each redirect goes from a path, to a path or a
// web URL, and that no path is redirected twice.
func toRedirects(f *File, m *redirectsMeta) ([]*clinic.Redirect, error) {
	if err := noBody(f); err != nil {
		return nil, err
	}
	var out []*clinic.Redirect
	from := map[string]int{}
	for _, r := range m.Redirects {
		line := r.line
		if line == 0 {
			line = f.Line("redirects")
		}
		switch {
		case !isPath(r.From):
			return nil, f.errorf(line, "redirects: from %q is not a path like /old/page/", r.From)
		case !isPath(r.To) && (r.To == "" || webURL(f, "to", r.To) != nil):
			return nil, f.errorf(line, "redirects: to %q is neither a path nor an http or https URL", r.To)
		case r.To == r.From:
			return nil, f.errorf(line, "redirects: %q redirects to itself", r.From)
		case from[r.From] != 0:
			return nil, f.errorf(line, "redirects: from %q repeats the one on line %d", r.From, from[r.From])
		}
		from[r.From] = line
		out = append(out, &clinic.Redirect{From: r.From, To: r.To})
	}
	return out, nil
}

// isPath reports whether s is a path on this site: "/x", not "//host/x".
func isPath(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//")
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func toMenu(f *File, m *menuMeta) ([]*clinic.MenuItem, error) {
	if err := noBody(f); err != nil {
		return nil, err
	}
	if len(m.Menu) > clinic.MaxMenuItems {
		return nil, f.errorf(f.Line("menu"), "menu: %d links; a menu holds at most %d", len(m.Menu), clinic.MaxMenuItems)
	}
	var out []*clinic.MenuItem
	for _, it := range m.Menu {
		line := it.line
		if line == 0 {
			line = f.Line("menu")
		}
		name := strings.TrimSpace(it.Name)
		switch {
		case name == "" || utf8.RuneCountInString(name) > 40:
			return nil, f.errorf(line, "menu: a link needs a name of 1 to 40 characters")
		case !isPath(it.URL) && (it.URL == "" || webURL(f, "url", it.URL) != nil):
			return nil, f.errorf(line, "menu: url %q is neither a path of the site nor an http or https URL", it.URL)
		}
		out = append(out, &clinic.MenuItem{Name: name, URL: it.URL})
	}
	return out, nil
}
