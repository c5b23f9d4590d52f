package jsonld_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/jsonld"

	"github.com/google/go-cmp/cmp"
)

const base = "https://clinic.example"

// asMap marshals v and reads it back as generic JSON, the way a consumer
// of the page sees it.
func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return m
}

func settings() *clinic.Settings {
	return &clinic.Settings{
		ClinicName:  "Example Spine Institute",
		Description: "Spine and pain care in the Seattle area.",
		Phone:       "(425) 555-0100",
		Email:       "hello@clinic.example",
	}
}

func locations() []*clinic.Location {
	return []*clinic.Location{{
		Slug:        "bellevue",
		City:        "Bellevue",
		Name:        "Bellevue clinic",
		Street:      "100 Example Way NE, Suite 200",
		Region:      "WA",
		PostalCode:  "98004",
		Phone:       "(425) 555-0111",
		Latitude:    47.6101,
		Longitude:   -122.2015,
		Description: "Our Bellevue office, by the transit center.",
		Hours: []clinic.OpeningHours{
			{Days: "Mo-Fr", Opens: "08:00", Closes: "17:00"},
			{Days: "Xx", Opens: "10:00", Closes: "12:00"},
			{Days: "Sa", Opens: "09:00", Closes: "13:00"},
		},
	}, {
		Slug:       "kent",
		City:       "Kent",
		Name:       "Kent clinic",
		Street:     "5 Sample St",
		Region:     "WA",
		PostalCode: "98032",
	}}
}

func TestOrganization(t *testing.T) {
	got := asMap(t, jsonld.Organization(settings(), locations(), base))
	head := map[string]any{
		"@context": got["@context"], "@type": got["@type"], "@id": got["@id"], "name": got["name"],
		"url": got["url"], "telephone": got["telephone"], "email": got["email"], "description": got["description"],
	}
	want := map[string]any{
		"@context": "https://schema.org", "@type": "MedicalClinic", "@id": "https://clinic.example/#organization",
		"name": "Example Spine Institute", "url": "https://clinic.example/", "telephone": "(425) 555-0100",
		"email": "hello@clinic.example", "description": "Spine and pain care in the Seattle area.",
	}
	if diff := cmp.Diff(want, head); diff != "" {
		t.Errorf("organization mismatch (-want +got):\n%s", diff)
	}
	if _, ok := got["logo"]; ok {
		t.Error("logo written; the practice has none")
	}
	depts, _ := got["department"].([]any)
	var names []string
	for _, d := range depts {
		m := d.(map[string]any)
		if m["@type"] != "MedicalClinic" || m["@context"] != nil || m["address"] == nil {
			t.Errorf("department is not a nested MedicalClinic with an address: %v", m)
		}
		names = append(names, m["name"].(string))
	}
	wantNames := []string{"Example Spine Institute, Bellevue clinic", "Example Spine Institute, Kent clinic"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("departments mismatch (-want +got):\n%s", diff)
	}
}

func TestClinic(t *testing.T) {
	t.Run("an office has its address, position, hours and parent", func(t *testing.T) {
		got := asMap(t, jsonld.Clinic(settings(), locations()[0], base))
		want := map[string]any{
			"@context":    "https://schema.org",
			"@type":       "MedicalClinic",
			"@id":         "https://clinic.example/locations/bellevue#clinic",
			"name":        "Example Spine Institute, Bellevue clinic",
			"url":         "https://clinic.example/locations/bellevue",
			"description": "Our Bellevue office, by the transit center.",
			"telephone":   "(425) 555-0111",
			"email":       "hello@clinic.example",
			"address": map[string]any{
				"@type": "PostalAddress", "streetAddress": "100 Example Way NE, Suite 200",
				"addressLocality": "Bellevue", "addressRegion": "WA", "postalCode": "98004", "addressCountry": "US",
			},
			"geo": map[string]any{"@type": "GeoCoordinates", "latitude": 47.6101, "longitude": -122.2015},
			"openingHoursSpecification": []any{
				map[string]any{"@type": "OpeningHoursSpecification", "opens": "08:00", "closes": "17:00", "dayOfWeek": []any{
					"https://schema.org/Monday", "https://schema.org/Tuesday", "https://schema.org/Wednesday",
					"https://schema.org/Thursday", "https://schema.org/Friday",
				}},
				map[string]any{"@type": "OpeningHoursSpecification", "opens": "09:00", "closes": "13:00", "dayOfWeek": []any{
					"https://schema.org/Saturday",
				}},
			},
			"parentOrganization": map[string]any{
				"@type": "MedicalClinic", "@id": "https://clinic.example/#organization",
				"name": "Example Spine Institute", "url": "https://clinic.example/",
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("clinic mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("an office without phone, position or hours uses the main number and omits the rest", func(t *testing.T) {
		got := asMap(t, jsonld.Clinic(settings(), locations()[1], base))
		if got["telephone"] != "(425) 555-0100" {
			t.Errorf("telephone = %v, want the main number", got["telephone"])
		}
		for _, key := range []string{"geo", "openingHoursSpecification", "description"} {
			if v, ok := got[key]; ok {
				t.Errorf("%s = %v, want it left out", key, v)
			}
		}
	})
}

func TestPhysician(t *testing.T) {
	d := &clinic.Doctor{
		Slug:        "ada-rivera",
		Name:        "Ada Rivera",
		Credentials: "MD, FAAOS",
		Description: "Spine surgeon.",
		Specialties: []string{"Orthopedic spine surgery", "Endoscopic spine surgery"},
		Locations:   []string{"kent", "nowhere", "bellevue"},
	}
	got := asMap(t, jsonld.Physician(d, locations(), base))
	want := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "Physician",
		"@id":              "https://clinic.example/doctors/ada-rivera#physician",
		"name":             "Ada Rivera",
		"honorificSuffix":  "MD, FAAOS",
		"medicalSpecialty": []any{"Orthopedic spine surgery", "Endoscopic spine surgery"},
		"url":              "https://clinic.example/doctors/ada-rivera",
		"description":      "Spine surgeon.",
		"location": []any{
			map[string]any{
				"@type": "MedicalClinic", "@id": "https://clinic.example/locations/kent#clinic",
				"name": "Kent clinic", "url": "https://clinic.example/locations/kent",
				"address": map[string]any{
					"@type": "PostalAddress", "streetAddress": "5 Sample St", "addressLocality": "Kent",
					"addressRegion": "WA", "postalCode": "98032", "addressCountry": "US",
				},
			},
			map[string]any{
				"@type": "MedicalClinic", "@id": "https://clinic.example/locations/bellevue#clinic",
				"name": "Bellevue clinic", "url": "https://clinic.example/locations/bellevue", "telephone": "(425) 555-0111",
				"address": map[string]any{
					"@type": "PostalAddress", "streetAddress": "100 Example Way NE, Suite 200", "addressLocality": "Bellevue",
					"addressRegion": "WA", "postalCode": "98004", "addressCountry": "US",
				},
			},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("physician mismatch (-want +got):\n%s", diff)
	}
}

func samplePost(t *testing.T) *clinic.Post {
	seattle, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	return &clinic.Post{
		Slug:        "can-a-torn-disc-heal",
		Title:       "Can a torn disc heal?",
		Description: "What the research says about annular tears.",
		Author:      "ada-rivera",
		Category:    "back-pain",
		Tags:        []string{"Discs", "Healing"},
		PublishedAt: time.Date(2024, 3, 5, 9, 30, 0, 0, seattle),
		UpdatedAt:   time.Date(2024, 3, 6, 8, 0, 0, 0, seattle),
	}
}

func TestBlogPosting(t *testing.T) {
	author := &clinic.Doctor{Slug: "ada-rivera", Name: "Ada Rivera", Credentials: "MD", Role: "Orthopedic spine surgeon"}
	postURL := "https://clinic.example/blog/can-a-torn-disc-heal"
	publisher := map[string]any{
		"@type": "MedicalClinic", "@id": "https://clinic.example/#organization",
		"name": "Example Spine Institute", "url": "https://clinic.example/",
	}
	t.Run("a post by a doctor has its dates, author, publisher and labels", func(t *testing.T) {
		got := asMap(t, jsonld.BlogPosting(samplePost(t), author, settings(), base))
		want := map[string]any{
			"@context":      "https://schema.org",
			"@type":         "BlogPosting",
			"headline":      "Can a torn disc heal?",
			"description":   "What the research says about annular tears.",
			"url":           postURL,
			"datePublished": "2024-03-05T09:30:00-08:00",
			"dateModified":  "2024-03-06T08:00:00-08:00",
			"author": map[string]any{
				"@type": "Person", "name": "Ada Rivera", "url": "https://clinic.example/doctors/ada-rivera",
				"honorificSuffix": "MD", "jobTitle": "Orthopedic spine surgeon",
			},
			"publisher":        publisher,
			"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": postURL},
			"keywords":         "Discs, Healing",
			"articleSection":   "Back pain",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("blog posting mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("a post without an author or update credits the practice and its first date", func(t *testing.T) {
		p := samplePost(t)
		p.UpdatedAt, p.Tags, p.Category = time.Time{}, nil, ""
		got := asMap(t, jsonld.BlogPosting(p, nil, settings(), base))
		wantAuthor := map[string]any{
			"@type": "Organization", "@id": "https://clinic.example/#organization",
			"name": "Example Spine Institute", "url": "https://clinic.example/",
		}
		if diff := cmp.Diff(wantAuthor, got["author"]); diff != "" {
			t.Errorf("author mismatch (-want +got):\n%s", diff)
		}
		if got["dateModified"] != "2024-03-05T09:30:00-08:00" {
			t.Errorf("dateModified = %v, want the publication date", got["dateModified"])
		}
		for _, key := range []string{"keywords", "articleSection"} {
			if v, ok := got[key]; ok {
				t.Errorf("%s = %v, want it left out", key, v)
			}
		}
	})
}

func TestTreatment(t *testing.T) {
	tests := []struct {
		name, kind, parent, want string
	}{
		{"a procedure is a MedicalProcedure", clinic.TreatmentProcedure, "minimally-invasive-spine-surgery", "MedicalProcedure"},
		{"a therapy is a MedicalTherapy", clinic.TreatmentTherapy, "regenerative-medicine", "MedicalTherapy"},
		{"a category is a MedicalEntity", "", "", "MedicalEntity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &clinic.Treatment{Slug: "kyphoplasty", Title: "Kyphoplasty", Kind: tt.kind, Parent: tt.parent, Description: "Restores a fractured vertebra."}
			got := asMap(t, jsonld.Treatment(tr, base))
			want := map[string]any{
				"@context": "https://schema.org", "@type": tt.want, "name": "Kyphoplasty",
				"description": "Restores a fractured vertebra.", "url": "https://clinic.example/treatments/kyphoplasty",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("treatment mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBreadcrumbs(t *testing.T) {
	got := asMap(t, jsonld.Breadcrumbs([]jsonld.Crumb{
		{Name: "Home", Path: "/"},
		{Name: "Blog", Path: "/blog"},
		{Name: "Can a torn disc heal?", Path: "/blog/can-a-torn-disc-heal"},
	}, base+"/"))
	item := func(pos float64, name, url string) map[string]any {
		return map[string]any{"@type": "ListItem", "position": pos, "name": name, "item": url}
	}
	want := map[string]any{
		"@context": "https://schema.org",
		"@type":    "BreadcrumbList",
		"itemListElement": []any{
			item(1, "Home", "https://clinic.example/"),
			item(2, "Blog", "https://clinic.example/blog"),
			item(3, "Can a torn disc heal?", "https://clinic.example/blog/can-a-torn-disc-heal"),
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("breadcrumbs mismatch (-want +got):\n%s", diff)
	}
}

func TestScript(t *testing.T) {
	hostile := `</script><script>alert("x")</script><!-- & ` + "\u2028"
	tests := []struct {
		name string
		v    any
	}{
		{"a builder's value with a closing tag in its text", jsonld.Breadcrumbs([]jsonld.Crumb{{Name: hostile, Path: "/"}}, base)},
		{"raw JSON that carries a closing tag", json.RawMessage(`{"name":"</script><script>alert(1)</script>&"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name+" cannot break out of the element", func(t *testing.T) {
			out, err := jsonld.Script(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			body, ok := strings.CutPrefix(s, `<script type="application/ld+json">`)
			body, ok2 := strings.CutSuffix(body, `</script>`)
			if !ok || !ok2 {
				t.Fatalf("not wrapped in a JSON-LD script element: %s", s)
			}
			if strings.ContainsAny(body, "<>&\u2028") {
				t.Errorf("unescaped <, >, & or U+2028 inside the element: %s", body)
			}
			if !strings.Contains(body, `\u003c/script\u003e`) {
				t.Errorf("closing tag not escaped as \\u003c/script\\u003e: %s", body)
			}
			var back, orig any
			if err := json.Unmarshal([]byte(body), &back); err != nil {
				t.Fatalf("element body is not JSON: %v", err)
			}
			data, _ := json.Marshal(tt.v)
			_ = json.Unmarshal(data, &orig)
			if diff := cmp.Diff(orig, back); diff != "" {
				t.Errorf("escaping changed the data (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("a value JSON cannot hold is an error", func(t *testing.T) {
		if _, err := jsonld.Script(make(chan int)); err == nil {
			t.Error("Script marshalled a channel")
		}
	})
}
