// Command genposts writes a content tree in the format of docs/CONTENT.md for
// benchmarks: site.md, four categories, one doctor and N published posts of
// about 700 words each, with tags drawn from a pool of fifty. The same seed
// writes the same tree.
//
//	go run ./bench/genposts -out /tmp/bench-content -n 10000
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// authorSlug is the one doctor every generated post names as its author.
const authorSlug = "avery-north"

// firstPublished is when the first post appeared; the others follow at
// intervals of about eleven hours, so 10,000 posts end in 2025.
var firstPublished = time.Date(2013, 1, 7, 9, 0, 0, 0, time.UTC)

// options says what to generate.
type options struct {
	out   string
	posts int
	words int
	seed  uint64
}

func main() {
	var o options
	flag.StringVar(&o.out, "out", "", "`directory` to write the content tree to; must be empty or absent")
	flag.IntVar(&o.posts, "n", 10000, "number of `posts`")
	flag.IntVar(&o.words, "words", 700, "average `words` per post")
	flag.Uint64Var(&o.seed, "seed", 1, "random `seed`")
	flag.Parse()
	if err := generate(o); err != nil {
		fmt.Fprintln(os.Stderr, "genposts:", err)
		os.Exit(1)
	}
}

func generate(o options) error {
	switch {
	case o.out == "":
		return errors.New("-out is required")
	case o.posts < 1 || o.posts > 1_000_000:
		return errors.New("-n must be between 1 and 1000000")
	case o.words < 10 || o.words > 100_000:
		return errors.New("-words must be between 10 and 100000")
	}
	if err := makeEmptyDir(o.out); err != nil {
		return err
	}
	if err := writeFixed(o.out); err != nil {
		return err
	}
	g := newTextGen(o.seed)
	for i := range o.posts {
		slug, text := post(g, i, o.words)
		if err := writeFile(filepath.Join(o.out, "posts", slug+".md"), text); err != nil {
			return err
		}
	}
	return nil
}

func makeEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	for _, sub := range []string{"categories", "doctors", "posts"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("make %s: %w", sub, err)
		}
	}
	return nil
}

func writeFile(path, text string) error {
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// q quotes s as a YAML scalar: a JSON string is a valid YAML one.
func q(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func writeFixed(dir string) error {
	site := "---\n" +
		"clinic_name: " + q("Benchmark Spine Clinic") + "\n" +
		"tagline: " + q("Generated content for load tests") + "\n" +
		"description: " + q("A generated site with many posts, used to measure the server.") + "\n" +
		"phone: " + q("(425) 555-0199") + "\n" +
		"email: " + q("bench@clinic.example") + "\n" +
		"time_zone: " + q("America/Los_Angeles") + "\n" +
		"cta_schedule: " + q("Schedule an appointment") + "\n" +
		"cta_mri_review: " + q("Free MRI review") + "\n" +
		"cta_diagnose: " + q("Diagnose my pain") + "\n" +
		"cta_portal: " + q("Patient portal") + "\n" +
		"---\n"
	if err := writeFile(filepath.Join(dir, "site.md"), site); err != nil {
		return err
	}
	for _, c := range categories {
		text := "---\nname: " + q(c[1]) + "\ndescription: " + q("Posts about "+strings.ToLower(c[1])+".") + "\n---\n"
		if err := writeFile(filepath.Join(dir, "categories", c[0]+".md"), text); err != nil {
			return err
		}
	}
	return writeFile(filepath.Join(dir, "doctors", authorSlug+".md"), doctor())
}

func doctor() string {
	return "---\n" +
		"name: " + q("Avery North") + "\n" +
		"credentials: " + q("MD") + "\n" +
		"role: " + q("Physiatrist") + "\n" +
		"order: 1\n" +
		"description: " + q("Avery North is the author of every generated post.") + "\n" +
		"specialties: [" + q("Spine care") + "]\n" +
		"locations: []\n" +
		"treatments: []\n" +
		"summary: " + q("A fictional physician who writes the generated posts.") + "\n" +
		"updated: 2024-01-01\n" +
		"---\n" +
		"Avery North is a fictional physician.\n"
}

// post returns the slug and file text of the i-th post.
func post(g *textGen, i, words int) (slug, text string) {
	title := fmt.Sprintf(titlePatterns[g.rng.IntN(len(titlePatterns))], g.contentWord(), g.contentWord())
	title = capitalize(title)
	slug = slugify(title) + fmt.Sprintf("-%d", i+1)
	published := firstPublished.Add(time.Duration(i)*11*time.Hour + time.Duration(g.rng.IntN(600))*time.Minute)
	updated := published.Add(time.Duration(g.rng.IntN(30*24)) * time.Hour)
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + q(title) + "\n")
	b.WriteString("description: " + q(g.description()) + "\n")
	b.WriteString("author: " + authorSlug + "\n")
	b.WriteString("category: " + categories[g.rng.IntN(len(categories))][0] + "\n")
	b.WriteString("tags: [" + strings.Join(pickTags(g, 2+g.rng.IntN(4)), ", ") + "]\n")
	b.WriteString("status: published\n")
	b.WriteString("published: " + published.Format(time.RFC3339) + "\n")
	b.WriteString("updated: " + updated.Format(time.RFC3339) + "\n")
	b.WriteString("---\n")
	n := words*5/7 + g.rng.IntN(words*4/7+1) // words ± 2/7
	b.WriteString(g.body(n))
	return slug, b.String()
}

// pickTags returns n distinct tags, quoted.
func pickTags(g *textGen, n int) []string {
	tags := make([]string, 0, n)
	for _, i := range g.rng.Perm(len(tagNames))[:n] {
		tags = append(tags, q(tagNames[i]))
	}
	return tags
}

// slugify keeps lower-case letters and digits and joins the rest with
// single hyphens.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}
