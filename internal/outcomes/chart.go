package outcomes

import (
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Figure is one instrument's chart and its numbers, for a page to show
// side by side.
type Figure struct {
	// SVG is an inline SVG image: no script, no style, every text escaped.
	// It has a viewBox and no width, so it takes its container's width.
	SVG       template.HTML
	Table     Table
	Synthetic bool
}

// MaxChartSeries is the most treatments one chart draws: one per colour
// and marker the chart has.
const MaxChartSeries = 8

// Chart geometry, in viewBox units. The chart takes its container's width:
// at a phone's 320 CSS pixels a unit is half a pixel, so text of 26 units
// reads at 13 px (the axes' 24 units at 12 px), and at 640 pixels and
// wider at 26.
const (
	chartWidth = 640
	plotLeft   = 64
	plotRight  = 628
	plotTop    = 60
	plotBottom = 336
	fontSize   = 26
	axisSize   = 24 // the axes' labels, which share the width four ways
	legendTop  = 400
	legendRow  = 42
	textColour = "#1a1a1a" // 17.4:1 on white
	axisColour = "#595959" // 7.0:1
	gridColour = "#d9d9d9" // decorative: the values are labelled and in the table
)

// seriesStyle tells the treatments of a chart apart by colour, marker and
// dash, so that colour is never the only difference.
type seriesStyle struct {
	colour, marker, dash string
	hollow               bool
}

// palette returns the series styles; every colour has a contrast of at
// least 4.5:1 on white (chart_test.go checks).
func palette() [MaxChartSeries]seriesStyle {
	return [MaxChartSeries]seriesStyle{
		{"#1f5fa8", "circle", "", false},
		{"#b0401c", "square", "10 6", false},
		{"#1b7345", "triangle", "3 5", false},
		{"#7b3f98", "diamond", "14 5 3 5", false},
		{"#8a6100", "circle", "6 4", true},
		{"#00707a", "square", "", true},
		{"#b0245f", "triangle", "10 6", true},
		{"#333333", "diamond", "3 5", true},
	}
}

// Figure draws the means over time of the given treatments ("" for all
// treatments together) on one instrument, with their table. id names the
// chart's title and description for screen readers and must be unique on
// the page.
func (r *Report) Figure(id, instrument string, treatments []string) (Figure, error) {
	if !validID(id) {
		return Figure{}, invalid("a chart id needs 1 to 64 ASCII letters, digits or hyphens, starting with a letter")
	}
	in, err := r.instrument(instrument)
	if err != nil {
		return Figure{}, err
	}
	if len(treatments) == 0 || len(treatments) > MaxChartSeries {
		return Figure{}, invalid("a chart shows 1 to %d treatments, not %d", MaxChartSeries, len(treatments))
	}
	var series []Series
	for i, tr := range treatments {
		s, err := r.Find(instrument, tr)
		if err != nil {
			return Figure{}, err
		}
		for _, prev := range treatments[:i] {
			if prev == tr {
				return Figure{}, invalid("treatment %q is in the chart twice", tr)
			}
		}
		series = append(series, s)
	}
	return Figure{
		SVG:       template.HTML(drawChart(id, in, series, r.Synthetic)), // built from escaped text only
		Table:     table(in, series, r.Synthetic),
		Synthetic: r.Synthetic,
	}, nil
}

func validID(id string) bool {
	if id == "" || len(id) > 64 || !(id[0] >= 'a' && id[0] <= 'z' || id[0] >= 'A' && id[0] <= 'Z') {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// svg writes markup; text goes through esc.
type svg struct{ strings.Builder }

func (w *svg) f(format string, args ...any) { fmt.Fprintf(w, format, args...) }

// esc escapes text for XML content and attribute values alike; characters
// XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

func drawChart(id string, in Instrument, series []Series, synthetic bool) string {
	height := legendTop + legendRow*len(series)
	if synthetic {
		height += legendRow
	}
	title := in.Name + " over time"
	if synthetic {
		title += " (synthetic data)"
	}
	var w svg
	w.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" class="outcomes-chart" font-family="system-ui, sans-serif" font-size="%d" fill="%s">`,
		chartWidth, height, id, id, fontSize, textColour)
	w.f(`<title id="%s-title">%s</title>`, id, esc(title))
	w.f(`<desc id="%s-desc">%s</desc>`, id, esc(describe(in, series, synthetic)))
	w.f(`<rect width="%d" height="%d" fill="#ffffff"/>`, chartWidth, height)
	drawAxes(&w, in)
	shown := 0
	for i, s := range series {
		shown += drawSeries(&w, i, len(series), s, in)
	}
	if shown == 0 {
		w.f(`<text x="%d" y="%d" text-anchor="middle">No figures to show yet</text>`, (plotLeft+plotRight)/2, (plotTop+plotBottom)/2)
	}
	drawLegend(&w, series)
	if synthetic {
		w.f(`<text x="8" y="%d" font-weight="bold">Synthetic data, not real patients</text>`, height-14)
	}
	w.f(`</svg>`)
	return w.String()
}

// describe is the chart's description for screen readers: what it shows
// and every mean.
func describe(in Instrument, series []Series, synthetic bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Line chart of the mean %s score at the baseline and 6 weeks, 3 months and 12 months after treatment, with 95 %% confidence intervals. ", in.Name)
	if in.MCID.LowerIsBetter {
		b.WriteString("Lower scores are better.")
	} else {
		b.WriteString("Higher scores are better.")
	}
	for _, s := range series {
		var parts []string
		for _, p := range s.Points {
			switch p.Status {
			case Shown:
				parts = append(parts, fmt.Sprintf("%s %s", strings.ToLower(p.Time.String()), decimal(p.Mean.Value)))
			case Empty:
				parts = append(parts, strings.ToLower(p.Time.String())+" no answers yet")
			default:
				parts = append(parts, strings.ToLower(p.Time.String())+" not shown")
			}
		}
		fmt.Fprintf(&b, " %s: %s.", s.Name, strings.Join(parts, ", "))
	}
	b.WriteString(" The table beside the chart gives every figure with its interval and number of patients.")
	if synthetic {
		b.WriteString(" Synthetic data, not real patients.")
	}
	return b.String()
}

// xOf is the horizontal centre of a time point; yOf the height of a score.
func xOf(tp TimePoint) float64 {
	return plotLeft + (float64(tp)+0.5)*(plotRight-plotLeft)/numTimes
}

func yOf(in Instrument, v float64) float64 {
	v = min(max(v, in.Min), in.Max)
	return plotBottom - (v-in.Min)/(in.Max-in.Min)*(plotBottom-plotTop)
}

func drawAxes(w *svg, in Instrument) {
	better := "lower is better"
	if !in.MCID.LowerIsBetter {
		better = "higher is better"
	}
	w.f(`<text x="8" y="32">Mean with 95 %% CI, %s</text>`, better)
	values, decimals := ticks(in.Min, in.Max)
	for _, v := range values {
		y := yOf(in, v)
		w.f(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="1"/>`, plotLeft, y, plotRight, y, gridColour)
		w.f(`<text x="%d" y="%.1f" dy="0.35em" text-anchor="end" font-size="%d">%s</text>`, plotLeft-10, y, axisSize, esc(strconv.FormatFloat(v, 'f', decimals, 64)))
	}
	w.f(`<path d="M%d %dV%dH%d" fill="none" stroke="%s" stroke-width="2"/>`, plotLeft, plotTop, plotBottom, plotRight, axisColour)
	for tp := range TimePoint(numTimes) {
		w.f(`<text x="%.1f" y="%d" text-anchor="middle" font-size="%d">%s</text>`, xOf(tp), plotBottom+36, axisSize, esc(tp.String()))
	}
}

// ticks returns round values from lo to hi, at most seven of them, and
// the decimals their labels need.
func ticks(lo, hi float64) ([]float64, int) {
	span := hi - lo
	step := math.Pow(10, math.Floor(math.Log10(span/6)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if span/(m*step) <= 6 {
			step *= m
			break
		}
	}
	var out []float64
	first := math.Ceil(lo/step - 1e-9)
	for i := range 7 {
		// A multiple of the step, not a sum of steps, so that no error
		// builds up: the third of 0.1 reads 0.3.
		v := (first + float64(i)) * step
		if v > hi+step*1e-9 {
			break
		}
		out = append(out, v)
	}
	decimals := 0
	if s := strconv.FormatFloat(step, 'f', -1, 64); strings.Contains(s, ".") {
		decimals = len(s) - strings.Index(s, ".") - 1
	}
	return out, decimals
}

// drawSeries draws one treatment's means with their interval whiskers, a
// line through consecutive shown points, and returns how many it drew.
func drawSeries(w *svg, i, k int, s Series, in Instrument) int {
	st := palette()[i]
	dx := (float64(i) - float64(k-1)/2) * min(16, 100/float64(k))
	dash := ""
	if st.dash != "" {
		dash = fmt.Sprintf(` stroke-dasharray="%s"`, st.dash)
	}
	var line []string
	flush := func() {
		if len(line) >= 2 {
			w.f(`<polyline points="%s" fill="none" stroke="%s" stroke-width="3"%s/>`, strings.Join(line, " "), st.colour, dash)
		}
		line = line[:0]
	}
	shown := 0
	for _, p := range s.Points {
		if p.Status != Shown {
			flush()
			continue
		}
		x, y := xOf(p.Time)+dx, yOf(in, p.Mean.Value)
		line = append(line, fmt.Sprintf("%.1f,%.1f", x, y))
		lo, hi := yOf(in, p.Mean.Lo), yOf(in, p.Mean.Hi)
		w.f(`<path d="M%.1f %.1fV%.1fM%.1f %.1fh12M%.1f %.1fh12" fill="none" stroke="%s" stroke-width="2.5"/>`,
			x, lo, hi, x-6, lo, x-6, hi, st.colour)
		shown++
	}
	flush()
	for _, p := range s.Points {
		if p.Status == Shown {
			marker(w, st, xOf(p.Time)+dx, yOf(in, p.Mean.Value))
		}
	}
	return shown
}

func marker(w *svg, st seriesStyle, x, y float64) {
	fill := st.colour
	if st.hollow {
		fill = "#ffffff"
	}
	paint := fmt.Sprintf(`fill="%s" stroke="%s" stroke-width="2.5"`, fill, st.colour)
	switch st.marker {
	case "square":
		w.f(`<rect x="%.1f" y="%.1f" width="13" height="13" %s/>`, x-6.5, y-6.5, paint)
	case "triangle":
		w.f(`<path d="M%.1f %.1fl8 14h-16z" %s/>`, x, y-8.5, paint)
	case "diamond":
		w.f(`<path d="M%.1f %.1fl8.5 8.5-8.5 8.5-8.5-8.5z" %s/>`, x, y-8.5, paint)
	default:
		w.f(`<circle cx="%.1f" cy="%.1f" r="7" %s/>`, x, y, paint)
	}
}

// drawLegend names each treatment beside its line and marker.
func drawLegend(w *svg, series []Series) {
	for i, s := range series {
		st := palette()[i]
		y := float64(legendTop + legendRow*i)
		dash := ""
		if st.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, st.dash)
		}
		w.f(`<line x1="8" y1="%.1f" x2="56" y2="%.1f" stroke="%s" stroke-width="3"%s/>`, y, y, st.colour, dash)
		marker(w, st, 32, y)
		w.f(`<text x="68" y="%.1f" dy="0.35em">%s</text>`, y, esc(shorten(s.Name, 38)))
	}
}

// shorten cuts s to n characters, ending with an ellipsis when cut; the
// full name is in the table and the description.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
