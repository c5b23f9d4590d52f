package jsonld

import (
	"strings"
	"time"

	"clinic"
)

// MedicalClinic is a schema.org MedicalClinic: the practice as a whole or
// one of its offices. Nested nodes leave Context empty.
type MedicalClinic struct {
	Context                   string                      `json:"@context,omitempty"`
	Type                      string                      `json:"@type"`
	ID                        string                      `json:"@id,omitempty"`
	Name                      string                      `json:"name,omitempty"`
	URL                       string                      `json:"url,omitempty"`
	Description               string                      `json:"description,omitempty"`
	Telephone                 string                      `json:"telephone,omitempty"`
	Email                     string                      `json:"email,omitempty"`
	Address                   *PostalAddress              `json:"address,omitempty"`
	Geo                       *GeoCoordinates             `json:"geo,omitempty"`
	OpeningHoursSpecification []OpeningHoursSpecification `json:"openingHoursSpecification,omitempty"`
	ParentOrganization        *MedicalClinic              `json:"parentOrganization,omitempty"`
	Department                []MedicalClinic             `json:"department,omitempty"`
}

// PostalAddress is a schema.org PostalAddress.
type PostalAddress struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	AddressLocality string `json:"addressLocality,omitempty"`
	AddressRegion   string `json:"addressRegion,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressCountry  string `json:"addressCountry"`
}

// GeoCoordinates is a schema.org GeoCoordinates.
type GeoCoordinates struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// OpeningHoursSpecification is one line of an office's hours.
type OpeningHoursSpecification struct {
	Type      string   `json:"@type"`
	DayOfWeek []string `json:"dayOfWeek"`
	Opens     string   `json:"opens,omitempty"`
	Closes    string   `json:"closes,omitempty"`
}

// Organization returns the practice as a MedicalClinic with each office as
// a department. Its @id, baseURL + "/#organization", is what other nodes
// use to point at the practice.
func Organization(s *clinic.Settings, locations []*clinic.Location, baseURL string) MedicalClinic {
	org := MedicalClinic{
		Context:     schemaContext,
		Type:        "MedicalClinic",
		ID:          organizationID(baseURL),
		Name:        s.ClinicName,
		URL:         absURL(baseURL, "/"),
		Description: s.Description,
		Telephone:   s.Phone,
		Email:       s.Email,
	}
	for _, l := range locations {
		org.Department = append(org.Department, office(s, l, baseURL))
	}
	return org
}

// Clinic returns one office as a MedicalClinic: address, position, hours
// and the practice it belongs to. The office's phone is used, or the main
// number when it has none.
func Clinic(s *clinic.Settings, l *clinic.Location, baseURL string) MedicalClinic {
	c := office(s, l, baseURL)
	c.Context = schemaContext
	c.ParentOrganization = organizationRef(s, baseURL)
	return c
}

// office is an office's node without @context or parent, as it appears
// nested in the practice and standing alone.
func office(s *clinic.Settings, l *clinic.Location, baseURL string) MedicalClinic {
	c := MedicalClinic{
		Type:                      "MedicalClinic",
		ID:                        absURL(baseURL, "/locations/"+l.Slug) + "#clinic",
		Name:                      officeName(s.ClinicName, l.Name),
		URL:                       absURL(baseURL, "/locations/"+l.Slug),
		Description:               l.Description,
		Telephone:                 l.Phone,
		Email:                     s.Email,
		Address:                   address(l),
		OpeningHoursSpecification: openingHours(l.Hours),
	}
	if c.Telephone == "" {
		c.Telephone = s.Phone
	}
	if l.Latitude != 0 || l.Longitude != 0 {
		c.Geo = &GeoCoordinates{Type: "GeoCoordinates", Latitude: l.Latitude, Longitude: l.Longitude}
	}
	return c
}

// officeName names an office after the practice: "Example Spine
// Institute, Bellevue clinic".
func officeName(practice, office string) string {
	switch {
	case practice == "":
		return office
	case office == "":
		return practice
	}
	return practice + ", " + office
}

func address(l *clinic.Location) *PostalAddress {
	return &PostalAddress{
		Type:            "PostalAddress",
		StreetAddress:   l.Street,
		AddressLocality: l.City,
		AddressRegion:   l.Region,
		PostalCode:      l.PostalCode,
		AddressCountry:  "US",
	}
}

// organizationRef is a short node for the practice that names it and
// points at the full node by @id.
func organizationRef(s *clinic.Settings, baseURL string) *MedicalClinic {
	return &MedicalClinic{
		Type: "MedicalClinic",
		ID:   organizationID(baseURL),
		Name: s.ClinicName,
		URL:  absURL(baseURL, "/"),
	}
}

func organizationID(baseURL string) string {
	return absURL(baseURL, "/") + "#organization"
}

// openingHours turns the office's hours into specifications. A line whose
// days name no day is left out.
func openingHours(hours []clinic.OpeningHours) []OpeningHoursSpecification {
	var specs []OpeningHoursSpecification
	for _, h := range hours {
		days := expandDays(h.Days)
		if len(days) == 0 {
			continue
		}
		spec := OpeningHoursSpecification{Type: "OpeningHoursSpecification", Opens: h.Opens, Closes: h.Closes}
		for _, d := range days {
			spec.DayOfWeek = append(spec.DayOfWeek, "https://schema.org/"+d.String())
		}
		specs = append(specs, spec)
	}
	return specs
}

// dayCodes holds schema.org's two-letter day names in time.Weekday order.
const dayCodes = "SuMoTuWeThFrSa"

// expandDays reads days as schema.org writes them in openingHours: codes
// ("Mo"), ranges ("Mo-Fr", which may wrap: "Fr-Mo") and lists of both
// ("Mo,We,Fr"). Codes are matched without regard to case; parts it cannot
// read are skipped and each day is returned once, in the order first named.
func expandDays(days string) []time.Weekday {
	var out []time.Weekday
	var seen [7]bool
	add := func(d time.Weekday) {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	for part := range strings.SplitSeq(days, ",") {
		from, to, isRange := strings.Cut(strings.TrimSpace(part), "-")
		first, ok1 := dayCode(from)
		last, ok2 := dayCode(to)
		switch {
		case !isRange && ok1:
			add(first)
		case isRange && ok1 && ok2:
			for d := first; ; d = (d + 1) % 7 {
				add(d)
				if d == last {
					break
				}
			}
		}
	}
	return out
}

// dayCode returns the weekday a two-letter code names.
func dayCode(code string) (time.Weekday, bool) {
	code = strings.TrimSpace(code)
	if len(code) != 2 {
		return 0, false
	}
	code = strings.ToUpper(code[:1]) + strings.ToLower(code[1:])
	i := strings.Index(dayCodes, code)
	if i < 0 || i%2 != 0 {
		return 0, false
	}
	return time.Weekday(i / 2), true
}
