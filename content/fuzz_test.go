package content

import (
	"regexp"
	"testing"
	"time"

	"clinic"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// metaKinds makes an empty front matter value of each kind of file.
var metaKinds = []func() any{
	func() any { return new(siteMeta) },
	func() any { return new(pageMeta) },
	func() any { return new(treatmentMeta) },
	func() any { return new(doctorMeta) },
	func() any { return new(locationMeta) },
	func() any { return new(categoryMeta) },
	func() any { return new(postMeta) },
	func() any { return new(videoMeta) },
	func() any { return new(publicationMeta) },
	func() any { return new(redirectsMeta) },
}

var metaOptions = cmp.Options{
	cmp.Comparer(func(a, b timestamp) bool {
		return time.Time(a).Format(time.RFC3339Nano) == time.Time(b).Format(time.RFC3339Nano)
	}),
	cmpopts.IgnoreUnexported(hoursMeta{}, redirectMeta{}),
	cmpopts.EquateNaNs(),
}

var errorShape = regexp.MustCompile(`^f\.md:[1-9][0-9]*: `)

func FuzzParseFile(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A post\nauthor: dr-a\ntags: [a, b]\npublished: 2024-03-05T09:00:00-08:00\n---\nBody.\n",
		"---\ncity: Kent\nhours:\n  - {days: Mo-Fr, opens: \"08:00\", closes: \"17:00\"}\nlatitude: 47.1\n---\n",
		"---\nquestion: Why?\nduration: 3m20s\nuploaded: 2024-03-05\norder: 2\n---\nBecause.",
		"---\nredirects:\n  - {from: /a/, to: /b}\n---\n",
		"\uFEFF---\r\ntitle: \"x\"\r\n---\r\n\r\nBody\r\n",
		"---\nsummary: |\n  two\n  lines\n---\n---\n",
		"---\nclinic_name: \"Spine & Pain\"\nphone: (425) 555-0100\ntime_zone: America/Los_Angeles\n---\n",
		"---\ntitle: Fusion\nparent: spine\nkind: procedure\norder: 2\nrelated:\n  - disc\nupdated: 2026-11-02\n---\n## What it is\n\nText.\n",
		"---\nname: Ana\ncredentials: MD, FAAOS\nspecialties: [\"Fusion\", 'Disc: repair']\nlocations: [kent]\n---\nBio.\n",
		"---\nkind: publication\ntitle: T\nauthors: A. B.\nyear: 2020\nurl: https://example.org/x\n---\nFound less pain.\n",
		"---\ntitle: &t T\ndescription: *t\n---\n",
		"---\n---\n",
		"no front matter",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newMeta := range metaKinds {
			checkRoundTrip(t, data, newMeta)
		}
	})
}

// checkRoundTrip parses data; if it is accepted, encoding the result and
// parsing that again must give the same front matter and body.
func checkRoundTrip(t *testing.T, data []byte, newMeta func() any) {
	m := newMeta()
	file, err := ParseFile("f.md", data, m)
	if err != nil {
		if clinic.ErrorKind(err) != clinic.EInvalid || !errorShape.MatchString(clinic.ErrorMessage(err)) {
			t.Fatalf("ParseFile error %q does not name the file and line", err)
		}
		return
	}
	out, err := FormatFile(m, file.Body)
	if err != nil {
		return // a time outside the years RFC 3339 can write
	}
	again := newMeta()
	file2, err := ParseFile("f.md", out, again)
	if err != nil {
		t.Fatalf("parsing the encoded %T failed: %v\nencoded:\n%s", m, err, out)
	}
	if diff := cmp.Diff(m, again, metaOptions); diff != "" {
		t.Errorf("front matter changed (-first +second):\n%s\nencoded:\n%s", diff, out)
	}
	if file.Body != file2.Body {
		t.Errorf("body changed from %q to %q", file.Body, file2.Body)
	}
}
