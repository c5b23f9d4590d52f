package intake

import (
	"os"
	"strings"
	"testing"
)

// yamlBlocks returns the ```yaml blocks of a Markdown file.
func yamlBlocks(t *testing.T, name string) []string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, part := range strings.Split(string(data), "```yaml\n")[1:] {
		block, _, ok := strings.Cut(part, "```")
		if !ok {
			t.Fatalf("%s: a yaml block does not end", name)
		}
		out = append(out, block)
	}
	return out
}

// TestTheExamplesOfTheFormatReferenceAreValid keeps docs/INSTRUMENTS.md
// true: its instrument and its rules file parse.
func TestTheExamplesOfTheFormatReferenceAreValid(t *testing.T) {
	blocks := yamlBlocks(t, "../../docs/INSTRUMENTS.md")
	if len(blocks) != 2 {
		t.Fatalf("docs/INSTRUMENTS.md has %d yaml examples, want the instrument and the rules", len(blocks))
	}
	inst, err := ParseInstrument("instrument example", []byte(blocks[0]))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Score(inst, Response{"walking": 2, "worry": 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := got(res); strings.Join(got, "; ") != "index=75 Much limitation; activity=4 ; group High" {
		t.Errorf("the example scores %q", got)
	}
	if _, err := ParseRules("rules example", []byte(blocks[1]), catalogue(t)); err != nil {
		t.Fatal(err)
	}
}
