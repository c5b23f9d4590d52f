package outcomes

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"clinic"
)

// element is a parsed SVG element.
type element struct {
	name     string
	attr     map[string]string
	text     string
	children []*element
}

// parseSVG parses s strictly as XML and returns its root element.
func parseSVG(t *testing.T, s string) *element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	var stack []*element
	var root *element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("element %s is in namespace %q, not SVG's", tok.Name.Local, tok.Name.Space)
			}
			e := &element{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				root = e
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		case xml.ProcInst, xml.Directive:
			t.Errorf("the SVG has a %T", tok)
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("the root element is not svg:\n%s", s)
	}
	return root
}

func (e *element) walk(f func(*element)) {
	f(e)
	for _, c := range e.children {
		c.walk(f)
	}
}

// texts returns the text of every text, title and desc element.
func (e *element) texts() []string {
	var out []string
	e.walk(func(x *element) {
		if x.name == "text" || x.name == "title" || x.name == "desc" {
			out = append(out, x.text)
		}
	})
	return out
}

func knownFigure(t *testing.T) Figure {
	t.Helper()
	f, err := compute(t, knownCohort()).Figure("pain-chart", "pain", []string{"endoscopic-decompression", ""})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFigureIsAnAccessibleSVG(t *testing.T) {
	root := parseSVG(t, string(knownFigure(t).SVG))
	a := root.attr
	switch {
	case a["role"] != "img":
		t.Errorf("role = %q, want img", a["role"])
	case a["aria-labelledby"] != "pain-chart-title pain-chart-desc":
		t.Errorf("aria-labelledby = %q", a["aria-labelledby"])
	case a["width"] != "" || a["height"] != "":
		t.Errorf("the chart has a fixed size %q × %q; it should take its container's width", a["width"], a["height"])
	case !strings.HasPrefix(a["viewBox"], "0 0 640 "):
		t.Errorf("viewBox = %q, want 640 units wide", a["viewBox"])
	case len(root.children) < 2 || root.children[0].name != "title" || root.children[1].name != "desc":
		t.Fatal("the chart does not start with its title and description")
	case root.children[0].attr["id"] != "pain-chart-title" || root.children[1].attr["id"] != "pain-chart-desc":
		t.Errorf("the title and description ids are %q and %q", root.children[0].attr["id"], root.children[1].attr["id"])
	}
	want := "Line chart of the mean Back pain (0 to 10) score at the baseline and 6 weeks, 3 months and 12 months after treatment, " +
		"with 95 % confidence intervals. Lower scores are better. " +
		"Endoscopic decompression: baseline 7.0, 6 weeks 4.9, 3 months no answers yet, 12 months no answers yet. " +
		"All treatments: baseline 7.0, 6 weeks 4.9, 3 months no answers yet, 12 months no answers yet. " +
		"The table beside the chart gives every figure with its interval and number of patients."
	if diff := cmp.Diff(want, root.children[1].text); diff != "" {
		t.Errorf("description (-want +got):\n%s", diff)
	}
	checkSafeSVG(t, root)
}

// checkSafeSVG refuses what a chart must never hold: scripts, event
// handlers, styles (the pages' CSP forbids inline ones), links and
// foreign content; and checks that text is large enough at phone width.
func checkSafeSVG(t *testing.T, root *element) {
	t.Helper()
	root.walk(func(e *element) {
		switch e.name {
		case "script", "style", "foreignObject", "a", "image", "use", "iframe":
			t.Errorf("the chart has a %s element", e.name)
		}
		for k := range e.attr {
			if strings.HasPrefix(strings.ToLower(k), "on") || k == "style" || k == "href" {
				t.Errorf("element %s has attribute %s", e.name, k)
			}
		}
		if size, ok := e.attr["font-size"]; ok {
			// At 320 CSS pixels the 640-unit chart is drawn at half size.
			if px, err := strconv.ParseFloat(size, 64); err != nil || px*320/640 < 12 {
				t.Errorf("element %s has font size %q: under 12 px on a 320-pixel screen", e.name, size)
			}
		}
	})
}

func TestFigureColoursHaveEnoughContrast(t *testing.T) {
	for i, st := range palette() {
		if r := contrast(t, st.colour); r < 4.5 {
			t.Errorf("series %d colour %s has contrast %.2f on white, want 4.5 or more", i, st.colour, r)
		}
	}
	root := parseSVG(t, string(knownFigure(t).SVG))
	if r := contrast(t, root.attr["fill"]); r < 4.5 {
		t.Errorf("the text colour %s has contrast %.2f on white, want 4.5 or more", root.attr["fill"], r)
	}
	root.walk(func(e *element) {
		for _, k := range []string{"fill", "stroke"} {
			v := e.attr[k]
			if !strings.HasPrefix(v, "#") || v == "#ffffff" || v == gridColour {
				continue // white ground, hollow markers, decorative grid lines
			}
			if r := contrast(t, v); r < 3 {
				t.Errorf("%s %s=%s has contrast %.2f on white, want 3 or more", e.name, k, v, r)
			}
		}
	})
}

// contrast returns the WCAG contrast ratio of a #rrggbb colour on white.
func contrast(t *testing.T, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	lum := 0.0
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		c := float64(v>>(16-8*i)&0xff) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += weight * c
	}
	return 1.05 / (lum + 0.05)
}

func TestFigureEscapesEveryText(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'quotes' ]]> <!-- ` + "\x00\x1b"
	c := knownCohort()
	c.Treatments[0].Name = hostile
	c.Instruments[0].Name = hostile
	c.Synthetic = true
	f, err := compute(t, c).Figure("chart", "pain", []string{"endoscopic-decompression"})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, string(f.SVG))
	checkSafeSVG(t, root)
	// XML cannot hold NUL or ESC: they read as U+FFFD; the rest reads back as written.
	readable := `<script>alert("x")</script> & 'quotes' ]]> <!-- ` + "\uFFFD\uFFFD"
	var found int
	for _, s := range root.texts() {
		found += strings.Count(s, readable[:30])
	}
	if found < 3 { // the title, the description and the legend (shortened)
		t.Errorf("the hostile name reads back %d times in the chart's texts %q", found, root.texts())
	}
	if got := root.children[0].text; got != readable+" over time (synthetic data)" {
		t.Errorf("title = %q", got)
	}
	if f.Table.Rows[0].Treatment != hostile || !f.Synthetic {
		t.Errorf("the table holds the name as given for html/template to escape, and the figure is synthetic: %q, %v", f.Table.Rows[0].Treatment, f.Synthetic)
	}
}

func TestFigureDrawsOnlyShownPoints(t *testing.T) {
	c := threeTreatments(4) // c is fewer than 11, all treatments withheld
	f, err := compute(t, c).Figure("c", "pain", []string{"", "a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	root := parseSVG(t, string(f.SVG))
	markers := 0
	root.walk(func(e *element) {
		if (e.name == "circle" || e.name == "rect" || e.name == "path") && e.attr["stroke-width"] == "2.5" && e.attr["fill"] != "none" {
			markers++
		}
	})
	// a and b at the baseline, and one marker per treatment in the legend.
	if markers != 2+4 {
		t.Errorf("%d markers, want 6", markers)
	}
	want := "Line chart of the mean Back pain (0 to 10) score at the baseline and 6 weeks, 3 months and 12 months after treatment, " +
		"with 95 % confidence intervals. Lower scores are better. " +
		"All treatments: baseline not shown, 6 weeks no answers yet, 3 months no answers yet, 12 months no answers yet. " +
		"a: baseline 5.5, 6 weeks no answers yet, 3 months no answers yet, 12 months no answers yet. " +
		"b: baseline 6.0, 6 weeks no answers yet, 3 months no answers yet, 12 months no answers yet. " +
		"c: baseline not shown, 6 weeks no answers yet, 3 months no answers yet, 12 months no answers yet. " +
		"The table beside the chart gives every figure with its interval and number of patients."
	if diff := cmp.Diff(want, root.children[1].text); diff != "" {
		t.Errorf("description (-want +got):\n%s", diff)
	}
}

func TestFigureWithNothingToShowSaysSo(t *testing.T) {
	f, err := compute(t, Cohort{Treatments: []Treatment{{Slug: "a"}}, Instruments: []Instrument{odiPct}}).Figure("e", "odi", []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if texts := parseSVG(t, string(f.SVG)).texts(); !contains(texts, "No figures to show yet") {
		t.Errorf("texts %q do not say there is nothing to show", texts)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestFigureTableHasTheNumbers(t *testing.T) {
	f := knownFigure(t)
	name := "Endoscopic decompression"
	want := Table{
		Caption: "Back pain (0 to 10): mean score before and after treatment",
		Columns: []string{"Treatment", "Time", "Patients", "Mean (95 % CI)", "Change from baseline (95 % CI)", "Meaningful improvement (95 % CI)"},
		Rows: []TableRow{
			// The figures of TestComputeKnownCohort, rounded.
			{name, "Baseline", "12", "7.0 (6.5 to 7.5)", "—", "—", true},
			{name, "6 weeks", "12", "4.9 (3.9 to 6.0)", "−2.1 (−3.1 to −1.1)", "67 % (39 to 86 %)", true},
			{name, "3 months", "no answers yet", "—", "—", "—", false},
			{name, "12 months", "no answers yet", "—", "—", "—", false},
			{AllTreatments, "Baseline", "12", "7.0 (6.5 to 7.5)", "—", "—", true},
			{AllTreatments, "6 weeks", "12", "4.9 (3.9 to 6.0)", "−2.1 (−3.1 to −1.1)", "67 % (39 to 86 %)", true},
			{AllTreatments, "3 months", "no answers yet", "—", "—", "—", false},
			{AllTreatments, "12 months", "no answers yet", "—", "—", "—", false},
		},
		Notes: []string{
			"Scores run from 0 to 10. Lower scores are better.",
			"After the baseline, each figure counts the patients who answered both at the baseline and at that time.",
			"A meaningful improvement (the minimal clinically important difference) is at least 2 points, or at least 30 % of the baseline score.",
			"CI: 95 % confidence interval. “fewer than 11 or withheld”: a figure about fewer than 11 patients is not shown, " +
				"nor one that would let a group of fewer than 11 be worked out from the other figures.",
		},
	}
	if diff := cmp.Diff(want, f.Table); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	f, err := compute(t, threeTreatments(4)).Figure("c", "pain", []string{"c"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Table.Rows[0]; got.Patients != SuppressedText || got.Mean != "—" || got.Shown {
		t.Errorf("the row of 4 patients is %+v, want %q and no figures", got, SuppressedText)
	}
}

func TestFigureRefusesBadRequests(t *testing.T) {
	r := compute(t, knownCohort())
	nine := []string{"", "", "", "", "", "", "", "", ""}
	tests := []struct {
		name       string
		id, in     string
		treatments []string
		kind, want string
	}{
		{"an id with a space is refused", "pain chart", "pain", []string{""}, clinic.EInvalid,
			"a chart id needs 1 to 64 ASCII letters, digits or hyphens, starting with a letter"},
		{"an id with a quote is refused", `a"b`, "pain", []string{""}, clinic.EInvalid,
			"a chart id needs 1 to 64 ASCII letters, digits or hyphens, starting with a letter"},
		{"an unknown instrument is not found", "c", "odi", []string{""}, clinic.ENotFound, `no outcomes on instrument "odi"`},
		{"an unknown treatment is not found", "c", "pain", []string{"x"}, clinic.ENotFound, `no outcomes of treatment "x" on instrument "pain"`},
		{"no treatment is refused", "c", "pain", nil, clinic.EInvalid, "a chart shows 1 to 8 treatments, not 0"},
		{"nine treatments are refused", "c", "pain", nine, clinic.EInvalid, "a chart shows 1 to 8 treatments, not 9"},
		{"a treatment twice is refused", "c", "pain", []string{"", ""}, clinic.EInvalid, `treatment "" is in the chart twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Figure(tt.id, tt.in, tt.treatments)
			if clinic.ErrorKind(err) != tt.kind || clinic.ErrorMessage(err) != tt.want {
				t.Errorf("Figure() error = %v, want %s %q", err, tt.kind, tt.want)
			}
		})
	}
}

func TestTicksAreRoundAndFew(t *testing.T) {
	tests := []struct {
		name     string
		lo, hi   float64
		want     []float64
		decimals int
	}{
		{"a 0 to 10 rating ticks every 2", 0, 10, []float64{0, 2, 4, 6, 8, 10}, 0},
		{"a percentage ticks every 20", 0, 100, []float64{0, 20, 40, 60, 80, 100}, 0},
		{"a 0 to 1 index ticks every 0.2", 0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 1},
		{"a range across zero ticks through it", -5, 5, []float64{-4, -2, 0, 2, 4}, 0},
		{"a 0 to 15 score ticks every 2.5", 0, 15, []float64{0, 2.5, 5, 7.5, 10, 12.5, 15}, 1},
		{"a narrow range far from zero still ends", 999_999.999, 1_000_000,
			[]float64{999_999.999, 999_999.9992, 999_999.9994, 999_999.9996, 999_999.9998, 1_000_000}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, decimals := ticks(tt.lo, tt.hi)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" || decimals != tt.decimals {
				t.Errorf("ticks(%v, %v) = %d decimals, want %d (-want +got):\n%s", tt.lo, tt.hi, decimals, tt.decimals, diff)
			}
		})
	}
}
