// Package outcomes computes the outcome figures the clinic publishes from
// patients' questionnaire scores, withholds those that could identify a
// small group of patients, and draws them as accessible SVG charts with the
// same numbers as a table. It is pure: the cohort is passed in, and
// nothing reads a clock, a database or the network.
//
// # Figures
//
// For every instrument, for all treatments together, for every category
// of treatments and for every treatment, at the baseline and at 6 weeks,
// 3 months and 12 months after the procedure:
//
//   - N, the number of patients: those who answered at the baseline and
//     at that time point. Follow-up answers without a baseline answer
//     count nowhere, so that every follow-up figure is paired.
//   - The mean score, with its 95 % confidence interval from Student's t
//     distribution with N-1 degrees of freedom (the quantile is computed
//     exactly, see tdist.go).
//   - At a follow-up, the mean change from the baseline among the same
//     patients, with its 95 % confidence interval, and the share of them
//     whose improvement reached the instrument's MCID, with its 95 %
//     Wilson score interval (for instruments that have an MCID; the rule
//     is the one intake.Instrument.ReachesMCID applies).
//
// # Small groups
//
// Primary rule: a figure that covers fewer than MinPatients (11) people
// is not published (Status Small).
//
// Complementary rule: no combination of published figures, however many,
// may describe fewer than 11 people either. Subtracting published figures
// is the usual attack: a category's total minus its published treatments
// gives the treatments left out; all treatments minus the other
// treatments gives the last one; the baseline minus a follow-up (with the
// follow-up's mean and its mean change, which give the follow-up
// patients' baseline sum) gives the patients who did not answer then. The
// rule looks at all such attacks at once:
//
//  1. Every published figure (a count, a mean, a confidence interval, a
//     share) is worked out from sums over its patients: of ones, of scores,
//     of squared scores, of MCIDs reached. Whatever can be computed from
//     the published figures by adding and subtracting them with any
//     weights is therefore a weighted sum over patients.
//  2. Put patients into classes by the exact set of published figures
//     that count them. Patients of one class are counted by the same
//     figures, so every such weighted sum gives all of them the same
//     weight: nothing can tell them apart. A class is small when it has
//     fewer than 11 people.
//  3. The figures are safe when every combination that gives weight zero
//     to all large classes gives weight zero to the small ones too: then
//     whatever can be worked out includes, in full, a class of at least 11
//     people. In matrix terms, with a row per class and a column per
//     published figure, the rows of the small classes are linear
//     combinations of the rows of the large ones. The audit checks this
//     exactly, in integers (audit.go).
//  4. While the audit fails, withhold one more figure (Status Withheld):
//     of the figures of a combination that isolates small classes, the
//     first in this order of preference: totals of several treatments
//     before a single treatment's (the treatment pages matter most),
//     follow-ups before baselines, smaller groups first, later time points
//     first. A withheld baseline takes its treatment's follow-ups with it.
//     Withholding never makes a safe set of figures unsafe (the
//     combinations left are a subset, and classes only merge), so this
//     ends, at the latest with everything withheld. The audit runs first
//     on each treatment's own four figures alone, which is cheap and
//     settles most cases (patients who stopped answering): a leak among
//     them can only be closed by withholding one of them. Then it runs on
//     all figures together.
//  5. Then publish again, one at a time, every figure withheld in the
//     second stage that the audit finds safe to add back, the most
//     valuable first.
//
// The rule is stricter than "no two figures differ by fewer than 11": it
// also covers differences of three or more figures, across treatments and
// time points together. A small class alone is no leak: three patients
// who skipped the 3-month questionnaire but answered at 12 months cannot
// be isolated when those who answered everything, those who stopped after
// 6 weeks, those who stopped after 3 months and those who answered only
// the baseline are large classes, and then the figures stay published.
// What the rule does not cover: what an attacker knows already (ten of
// eleven patients' scores), and a class whose patients all reached the
// MCID, which says that each of them did.
//
// The public pages show Small and Withheld figures alike, as
// SuppressedText, so that neither says which it is; and they must show
// only figures of the Report, never sums or differences of them.
//
// # Charts
//
// Report.Figure draws one instrument's means over time with their
// confidence intervals, one line per treatment, as an SVG of fixed
// proportions that scales to the width of its container, with a title, a
// description and the numbers as table data beside it.
//
// # Synthetic data
//
// Synthetic generates a plausible cohort for the demo, deterministically
// from a seed; its Cohort and the Report computed from it are marked
// Synthetic, and the charts and tables say so.
package outcomes
