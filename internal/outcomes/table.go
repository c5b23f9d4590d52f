package outcomes

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Table is a chart's numbers, for the page to render as an HTML table
// beside it: one row per treatment and time point, every cell already
// written out.
type Table struct {
	Caption string
	Columns []string
	Rows    []TableRow
	// Notes explain the table; the first says so when the data are
	// synthetic.
	Notes []string
}

// TableRow is one treatment at one time point. Unless Shown, the figures
// read SuppressedText or "no answers yet".
type TableRow struct {
	Treatment string
	Time      string
	Patients  string
	Mean      string // with its 95 % confidence interval
	Change    string // from the baseline, with its interval; "—" at the baseline
	MCID      string // share reaching the MCID, with its interval; "—" at the baseline
	Shown     bool
}

func table(in Instrument, series []Series, synthetic bool) Table {
	tb := Table{
		Caption: in.Name + ": mean score before and after treatment",
		Columns: []string{"Treatment", "Time", "Patients", "Mean (95 % CI)",
			"Change from baseline (95 % CI)", "Meaningful improvement (95 % CI)"},
	}
	for _, s := range series {
		for _, p := range s.Points {
			tb.Rows = append(tb.Rows, tableRow(s.Name, p))
		}
	}
	if !in.MCID.Defined() {
		for i := range tb.Rows {
			tb.Rows[i].MCID = "—"
		}
	}
	tb.Notes = notes(in, synthetic)
	return tb
}

func tableRow(name string, p Point) TableRow {
	row := TableRow{Treatment: name, Time: p.Time.String(), Change: "—", MCID: "—"}
	switch p.Status {
	case Shown:
		row.Shown = true
		row.Patients = strconv.Itoa(p.N)
		row.Mean = estimate(p.Mean)
		if p.Time != Baseline {
			row.Change = estimate(p.Change)
			row.MCID = share(p.MCID)
		}
		return row
	case Empty:
		row.Patients, row.Mean = "no answers yet", "—"
	default:
		row.Patients, row.Mean = SuppressedText, "—"
	}
	return row
}

func notes(in Instrument, synthetic bool) []string {
	var out []string
	if synthetic {
		out = append(out, "Synthetic data: these figures come from a generated cohort for demonstration, not from real patients.")
	}
	better := "Lower scores are better."
	if !in.MCID.LowerIsBetter {
		better = "Higher scores are better."
	}
	out = append(out,
		fmt.Sprintf("Scores run from %s to %s. %s", number(in.Min), number(in.Max), better),
		"After the baseline, each figure counts the patients who answered both at the baseline and at that time.",
		mcidText(in.MCID),
		"CI: 95 % confidence interval. "+
			"“"+SuppressedText+"”: a figure about fewer than 11 patients is not shown, "+
			"nor one that would let a group of fewer than 11 be worked out from the other figures.",
	)
	return out
}

func mcidText(m MCID) string {
	if !m.Defined() {
		return "This questionnaire has no established minimal clinically important difference, so no share of meaningful improvement is given."
	}
	var rules []string
	if m.Points > 0 {
		rules = append(rules, "at least "+number(m.Points)+" points")
	}
	if m.Percent > 0 {
		rules = append(rules, "at least "+number(m.Percent)+" % of the baseline score")
	}
	return "A meaningful improvement (the minimal clinically important difference) is " + strings.Join(rules, ", or ") + "."
}

// estimate writes a mean and its interval: "4.9 (3.9 to 6.0)".
func estimate(e Estimate) string {
	return fmt.Sprintf("%s (%s to %s)", decimal(e.Value), decimal(e.Lo), decimal(e.Hi))
}

// share writes a share as whole percentages: "67 % (39 to 86 %)".
func share(s Share) string {
	pct := func(x float64) string { return strconv.Itoa(int(math.Round(100 * x))) }
	return fmt.Sprintf("%s %% (%s to %s %%)", pct(s.Value), pct(s.Lo), pct(s.Hi))
}

// decimal writes x to one decimal, with a true minus sign.
func decimal(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// number writes x as briefly as it reads: 10, 2.5.
func number(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
