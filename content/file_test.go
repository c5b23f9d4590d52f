package content

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFormatFileThenParseFileKeepsText(t *testing.T) {
	texts := []string{
		"plain", "yes", "no", "~", "null", "0x10", "1_000", "1e3", ".inf", "2024-03-05",
		"08:00", "---", "...", "- item", "# not a comment", "key: value", "a #b", "'single'",
		`"double"`, "back\\slash", " leading space", "trailing space ", "\ttab", "tab\tinside",
		"two\nlines", "trailing newline\n", "\n", "\n\nleading newlines", "line with space \nnext",
		"next line\u0085character", "line\u2028separator", "para\u2029separator", "non\u00a0breaking",
		"émigré 東京 🙂", "@at", "`tick", "!bang", "&amp", "*star", "%percent", "|pipe", ">fold",
		"{brace}", "[bracket]", "? question", "\ufeffmark", "---\n---",
	}
	for _, text := range texts {
		t.Run(text, func(t *testing.T) {
			want := &treatmentMeta{Title: text, Summary: text, Related: []string{text, "x"}}
			data, err := FormatFile(want, "Body.")
			if err != nil {
				t.Fatal(err)
			}
			got := &treatmentMeta{}
			f, err := ParseFile("t.md", data, got)
			if err != nil {
				t.Fatalf("ParseFile: %v\nfile:\n%s", err, data)
			}
			if diff := cmp.Diff(want, got, metaOptions); diff != "" {
				t.Errorf("front matter mismatch (-want +got):\n%s\nfile:\n%s", diff, data)
			}
			if f.Body != "Body." {
				t.Errorf("body = %q, want %q", f.Body, "Body.")
			}
		})
	}
}
