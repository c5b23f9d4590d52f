package clinic

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestNameWordsFoldAccentsAndMarks(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"accents and a hyphen", "María García-López", "maria garcia lopez"},
		{"an apostrophe joins", "Seán O'Brien", "sean obrien"},
		{"letters that are not a base letter and a mark", "Łukasz Øster Straße Æsir", "lukasz oster strasse aesir"},
		{"combining marks", "Jose\u0301", "jose"},
		{"punctuation and spaces", "  Dr.  Ann   Lee, Jr. ", "dr ann lee jr"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(NameWords(c.in), " "); got != c.want {
				t.Errorf("NameWords(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestIndexTermsHoldPrefixesOfEachWord(t *testing.T) {
	p := &Patient{Name: "Ana García-Lopez", DateOfBirth: "1968-04-21", Phone: "+1 (206) 555-0142", Email: "Ana@Example.com"}
	want := []string{"name:ana", "name:garcia", "name:gar", "name:garc", "name:garci", "name:lopez", "name:lop", "name:lope",
		"fullname:ana garcia lopez", "dob:1968-04-21", "phone:2065550142", "email:ana@example.com"}
	if diff := cmp.Diff(want, p.IndexTerms()); diff != "" {
		t.Errorf("terms (-want +got):\n%s", diff)
	}
}

func TestSearchTermsReadWhatStaffType(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
		problem bool
	}{
		{"an email address", " Ana@Example.COM ", []string{"email:ana@example.com"}, false},
		{"a US date", "4/21/1968", []string{"dob:1968-04-21"}, false},
		{"an ISO date", "1968-04-21", []string{"dob:1968-04-21"}, false},
		{"a date that does not exist", "02/30/1990", nil, true},
		{"a phone number", "(206) 555-0142", []string{"phone:2065550142"}, false},
		{"a phone number too short", "555-01", nil, true},
		{"words of a name", "garcía lo", []string{"name:garcia", "name:lo"}, false},
		{"a long word is cut to the longest prefix indexed", "Wolfeschlegelsteinhausen", []string{"name:wolfeschlege"}, false},
		{"nothing", "  ", nil, true},
		{"only punctuation", "-- ..", nil, true},
		{"too many words", "a b c d e f g", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, problem := SearchTerms(c.q)
			if (problem != "") != c.problem {
				t.Errorf("problem %q, want one: %v", problem, c.problem)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("terms (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPatientValidate(t *testing.T) {
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	ok := Patient{Name: "Ann Lee", DateOfBirth: "04/21/1968", Email: "ann@example.com"}
	cases := []struct {
		name  string
		edit  func(*Patient)
		field string
	}{
		{"a name with a line break", func(p *Patient) { p.Name = "Ann\nLee" }, "name"},
		{"no name", func(p *Patient) { p.Name = "" }, "name"},
		{"a date of birth in the future", func(p *Patient) { p.DateOfBirth = "2030-01-01" }, "dob"},
		{"a date that does not exist", func(p *Patient) { p.DateOfBirth = "1990-02-30" }, "dob"},
		{"neither email nor phone", func(p *Patient) { p.Email = "" }, "phone"},
		{"a phone with letters", func(p *Patient) { p.Phone = "call me" }, "phone"},
		{"an email that is not one", func(p *Patient) { p.Email = "ann at example" }, "email"},
		{"an unknown contact preference", func(p *Patient) { p.PreferredContact = "pigeon" }, "preferred_contact"},
		{"an address too long", func(p *Patient) { p.Address = strings.Repeat("x", MaxAddressLen+1) }, "address"},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			p := ok
			c.edit(&p)
			if errs := p.Validate(today); errs[c.field] == "" {
				t.Errorf("errors %v, want one for %s", errs, c.field)
			}
		})
	}
	t.Run("a good record passes, its date written as a date field sends it", func(t *testing.T) {
		p := ok
		if errs := p.Validate(today); errs != nil || p.DateOfBirth != "1968-04-21" {
			t.Errorf("%v %q", errs, p.DateOfBirth)
		}
	})
}

func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"Gar", "4/21/1968", "(206) 555-0142", "a@b.c", "María García-López", "ß\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms, problem := SearchTerms(q)
		if (problem == "") == (len(terms) == 0) {
			t.Fatalf("SearchTerms(%q) = %q, %q: want terms or a problem", q, terms, problem)
		}
		for _, term := range terms {
			kind, v, ok := strings.Cut(term, ":")
			if !ok || v == "" || !utf8.ValidString(kind) {
				t.Fatalf("term %q", term)
			}
		}
		p := &Patient{Name: q}
		for _, term := range p.IndexTerms() {
			if !strings.Contains(term, ":") {
				t.Fatalf("index term %q", term)
			}
		}
	})
}
