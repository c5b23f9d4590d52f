package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// postFront is the front matter docs/CONTENT.md allows for a post.
type postFront struct {
	Title       string    `yaml:"title"`
	Description string    `yaml:"description"`
	Author      string    `yaml:"author"`
	Category    string    `yaml:"category"`
	Tags        []string  `yaml:"tags"`
	Status      string    `yaml:"status"`
	Published   time.Time `yaml:"published"`
	Updated     time.Time `yaml:"updated"`
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// splitFile returns the front matter and body of a content file.
func splitFile(t *testing.T, path string) (front, body string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rest, ok := strings.CutPrefix(string(b), "---\n")
	if !ok {
		t.Fatalf("%s does not start with ---", path)
	}
	front, body, ok = strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatalf("%s has no closing ---", path)
	}
	return front, body
}

func decodeStrict(t *testing.T, path, front string, v any) {
	t.Helper()
	dec := yaml.NewDecoder(strings.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestGeneratedPostsFollowTheContentFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := generate(options{out: dir, posts: 200, words: 700, seed: 1}); err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "posts", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 200 {
		t.Fatalf("wrote %d posts; want 200", len(paths))
	}
	categorySlugs := []string{"back-pain", "treatments", "healthy-living", "clinic-news"}
	withPain := 0
	for _, path := range paths {
		front, body := splitFile(t, path)
		var p postFront
		decodeStrict(t, path, front, &p)
		slug := strings.TrimSuffix(filepath.Base(path), ".md")
		problems := postProblems(slug, p, categorySlugs)
		if words := len(strings.Fields(body)); words < 450 || words > 1000 {
			problems = append(problems, "body has an unusual number of words")
		}
		if len(problems) > 0 {
			t.Errorf("%s: %s", path, strings.Join(problems, "; "))
		}
		if regexp.MustCompile(`\bpain\b`).MatchString(body) {
			withPain++
		}
	}
	if withPain < 150 {
		t.Errorf("%d of 200 posts mention pain; want most of them, for the search benchmark", withPain)
	}
}

func postProblems(slug string, p postFront, categorySlugs []string) []string {
	var problems []string
	check := func(ok bool, problem string) {
		if !ok {
			problems = append(problems, problem)
		}
	}
	check(slugPattern.MatchString(slug), "slug is not lower-case words joined by hyphens")
	check(p.Title != "", "no title")
	check(p.Description != "" && len(p.Description) < 160, "description empty or 160 characters or more")
	check(p.Author == authorSlug, "author is not the generated doctor")
	check(slices.Contains(categorySlugs, p.Category), "unknown category")
	check(len(p.Tags) >= 2 && len(p.Tags) <= 5, "not 2 to 5 tags")
	for _, tag := range p.Tags {
		check(slices.Contains(tagNames, tag), "tag "+tag+" is not from the pool")
	}
	check(len(slices.Compact(slices.Sorted(slices.Values(p.Tags)))) == len(p.Tags), "repeated tag")
	check(p.Status == "published", "not published")
	check(!p.Published.IsZero() && p.Published.Before(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), "published date missing or too late")
	check(!p.Updated.Before(p.Published), "updated before published")
	return problems
}

func TestGeneratedFixedFilesDecode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := generate(options{out: dir, posts: 1, words: 50, seed: 1}); err != nil {
		t.Fatal(err)
	}
	var site struct {
		ClinicName   string `yaml:"clinic_name"`
		Tagline      string `yaml:"tagline"`
		Description  string `yaml:"description"`
		Phone        string `yaml:"phone"`
		Email        string `yaml:"email"`
		TimeZone     string `yaml:"time_zone"`
		CTASchedule  string `yaml:"cta_schedule"`
		CTAMRIReview string `yaml:"cta_mri_review"`
		CTADiagnose  string `yaml:"cta_diagnose"`
		CTAPortal    string `yaml:"cta_portal"`
	}
	path := filepath.Join(dir, "site.md")
	front, _ := splitFile(t, path)
	decodeStrict(t, path, front, &site)
	if site.ClinicName == "" || site.TimeZone != "America/Los_Angeles" {
		t.Errorf("site.md: clinic name %q, time zone %q", site.ClinicName, site.TimeZone)
	}
	var doc struct {
		Name        string   `yaml:"name"`
		Credentials string   `yaml:"credentials"`
		Role        string   `yaml:"role"`
		Order       int      `yaml:"order"`
		Description string   `yaml:"description"`
		Specialties []string `yaml:"specialties"`
		Locations   []string `yaml:"locations"`
		Treatments  []string `yaml:"treatments"`
		Summary     string   `yaml:"summary"`
		Updated     string   `yaml:"updated"`
	}
	path = filepath.Join(dir, "doctors", authorSlug+".md")
	front, _ = splitFile(t, path)
	decodeStrict(t, path, front, &doc)
	var cats []string
	for _, c := range categories {
		var cat struct {
			Name        string `yaml:"name"`
			Description string `yaml:"description"`
		}
		path := filepath.Join(dir, "categories", c[0]+".md")
		front, _ := splitFile(t, path)
		decodeStrict(t, path, front, &cat)
		cats = append(cats, cat.Name)
	}
	if diff := cmp.Diff([]string{"Back pain", "Treatments", "Healthy living", "Clinic news"}, cats); diff != "" {
		t.Errorf("category names (-want +got):\n%s", diff)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	tests := []struct {
		name      string
		seeds     [2]uint64
		wantEqual bool
	}{
		{"the same seed writes the same tree", [2]uint64{7, 7}, true},
		{"another seed writes another tree", [2]uint64{7, 8}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var trees [2]map[string][]byte
			for i, seed := range tt.seeds {
				dir := filepath.Join(t.TempDir(), "content")
				if err := generate(options{out: dir, posts: 30, words: 300, seed: seed}); err != nil {
					t.Fatal(err)
				}
				trees[i] = readTree(t, dir)
			}
			equal := cmp.Equal(trees[0], trees[1], cmp.Comparer(bytes.Equal))
			if equal != tt.wantEqual {
				t.Errorf("trees equal = %v; want %v", equal, tt.wantEqual)
			}
		})
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		files[strings.TrimPrefix(path, dir)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestGenerateRefusesANonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := generate(options{out: dir, posts: 1, words: 50, seed: 1}); err == nil {
		t.Error("generate into a non-empty directory succeeded; want an error")
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What to know about MRI and x-ray", "what-to-know-about-mri-and-x-ray"},
		{"Can yoga help with pain?", "can-yoga-help-with-pain"},
		{"  Spaces  --  and  hyphens  ", "spaces-and-hyphens"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := slugify(tt.in); got != tt.want {
				t.Errorf("slugify(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
