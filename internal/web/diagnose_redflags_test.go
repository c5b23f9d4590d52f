package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"clinic/internal/intake"
)

// emergencySigns are the emergency signs as the issue of the symptom
// check lists them, written out here apart from intake's own table, so
// that the walk below checks the handler against the clinical list and
// not against itself: the cauda equina signs, a fever with a risk of
// infection, cancer with new numbness or weakness, a major injury.
var emergencySigns = [][]string{
	{"bladder"}, {"saddle_numbness"}, {"bowel_feeling"}, {"legs_weaker"}, {"sciatica_both_legs"},
	{"major_injury"}, {"fever", "infection_risk"}, {"cancer", "new_numbness_weakness"},
}

func hasEmergencySign(yes map[string]bool) bool {
	return slices.ContainsFunc(emergencySigns, func(sign []string) bool {
		return !slices.ContainsFunc(sign, func(id string) bool { return !yes[id] })
	})
}

// walk is the state of one path through the screens: the form of the
// screen on show and the red-flag questions answered yes so far.
type walk struct {
	res  *response
	yes  map[string]bool
	path []string
}

// TestRedFlagsEveryCombination walks every combination of answers to the
// red-flag questions through the real handler, screen by screen, as a
// person would: every yes and no of every safety question the handler
// asks, every age band, and plain answers to the rest. A combination with
// an emergency sign must reach the emergency stop, at once and with no
// booking on it; no screen before it may offer booking; every other
// combination must reach a result that offers it.
func TestRedFlagsEveryCombination(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	first := s.get(t, "/diagnose")
	var stops, results int
	var visit func(w walk)
	visit = func(w walk) {
		checkNoBookingOnScreen(t, w)
		q, ok := intake.QuestionByID(screenQuestion(t, w.res))
		if !ok {
			t.Fatalf("after %v: a screen with no question of the check", w.path)
		}
		if q.Section != intake.Safety {
			// Past the red flags nothing can raise one: the rest of the
			// check is answered plainly in one go.
			next := w.finish(t, s)
			if !isResult(next.res) {
				t.Fatalf("after %v: no result", next.path)
			}
			checkResult(t, next)
			results++
			return
		}
		for _, v := range answersToTry(q) {
			next := w.answer(t, s, q, v)
			switch {
			case hasEmergencySign(next.yes):
				checkEmergencyStop(t, next)
				stops++
			case isResult(next.res):
				checkResult(t, next)
				results++
			default:
				visit(next)
			}
		}
	}
	visit(walk{res: first, yes: map[string]bool{}})
	if stops == 0 || results == 0 {
		t.Fatalf("the walk reached %d emergency stops and %d results; it should reach both", stops, results)
	}
	t.Logf("%d paths to the emergency stop, %d to a result", stops, results)
}

// finish answers every question left with a plain answer, carried in
// the form, and sends it.
func (w walk) finish(t *testing.T, s *site) walk {
	t.Helper()
	form := hiddenFields(t, w.res, `form[action="/diagnose"]`)
	for _, q := range intake.Questions() {
		if q.Section != intake.Safety && !form.Has(q.ID) {
			form.Set(q.ID, answersToTry(q)[0])
		}
	}
	form.Set("step", "")
	form.Set("go", "next")
	return walk{res: s.postForm(t, "/diagnose", form), yes: w.yes, path: append(slices.Clip(w.path), "the rest")}
}

// answersToTry are every answer of a safety question, and one plain
// answer of any other.
func answersToTry(q intake.Question) []string {
	switch {
	case q.Section == intake.Safety && q.Kind == intake.YesNo:
		return []string{intake.Yes, intake.No}
	case q.Section == intake.Safety:
		var out []string
		for _, c := range q.Choices {
			out = append(out, c.Value)
		}
		return out
	case q.Kind == intake.YesNo:
		return []string{intake.No}
	case q.Kind == intake.Rating:
		return []string{"5"}
	}
	return []string{q.Choices[0].Value}
}

// answer sends the screen's form with answer v, as the Next button does.
func (w walk) answer(t *testing.T, s *site, q intake.Question, v string) walk {
	t.Helper()
	form := hiddenFields(t, w.res, `form[action="/diagnose"]`)
	form.Set(q.ID, v)
	form.Set("go", "next")
	res := s.postForm(t, "/diagnose", form)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("after %v, answering %s=%s: status %d\n%s", w.path, q.ID, v, res.StatusCode, res.body)
	}
	yes := maps(w.yes)
	if v == intake.Yes {
		yes[q.ID] = true
	}
	return walk{res: res, yes: yes, path: append(slices.Clip(w.path), q.ID+"="+v)}
}

func maps(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkNoBookingOnScreen fails when a question screen offers booking, or
// anything to do but answer.
func checkNoBookingOnScreen(t *testing.T, w walk) {
	t.Helper()
	if offersBooking(t, w.res) {
		t.Fatalf("after %v: a question screen offers booking", w.path)
	}
}

// offersBooking reports a link to the booking pages or a form that books.
func offersBooking(t *testing.T, res *response) bool {
	return len(res.all(t, `a[href^="/appointments"], form[action^="/appointments"], form[action="/diagnose/book"], form[action="/diagnose/call"], a[href^="/contact"]`)) > 0
}

// checkEmergencyStop checks the screen after an emergency sign: the
// emergency stop, whose first thing to press is 911 and which offers
// nothing else but to go back to the answer.
func checkEmergencyStop(t *testing.T, w walk) {
	t.Helper()
	if h := w.res.text(t, "h1"); h != "Go to an emergency department now" {
		t.Fatalf("after %v: the page says %q, want the emergency stop", w.path, h)
	}
	focusable := w.res.all(t, `a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])`)
	if len(focusable) == 0 || attr(focusable[0], "href") != "tel:911" {
		t.Fatalf("after %v: the first thing to press on the emergency stop is not 911", w.path)
	}
	links := w.res.all(t, `a[href]`)
	if len(links) != 1 || offersBooking(t, w.res) {
		t.Fatalf("after %v: the emergency stop has %d links or offers booking; want 911 alone", w.path, len(links))
	}
}

func isResult(res *response) bool {
	return strings.Contains(res.body, `action="/diagnose/book"`)
}

// checkResult checks a result reached without an emergency sign: it has
// the urgency, the disclaimer and booking.
func checkResult(t *testing.T, w walk) {
	t.Helper()
	if h := w.res.text(t, "#h-urgency"); h == "" {
		t.Fatalf("after %v: a result without its urgency", w.path)
	}
	if !strings.Contains(w.res.text(t, ".disclaimer"), "not a diagnosis") {
		t.Fatalf("after %v: a result without the disclaimer", w.path)
	}
}

// screenQuestion is the id of the question a screen asks.
func screenQuestion(t *testing.T, res *response) string {
	t.Helper()
	n := res.all(t, `form[action="/diagnose"] input[name="step"]`)
	if len(n) != 1 {
		t.Fatalf("a screen without its question's id:\n%s", res.body)
	}
	return attr(n[0], "value")
}

// hiddenFields are the hidden inputs of the first form that matches.
func hiddenFields(t *testing.T, res *response, form string) url.Values {
	t.Helper()
	forms := res.all(t, form)
	if len(forms) == 0 {
		t.Fatalf("no form %s on the page:\n%s", form, res.body)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && attr(n, "type") == "hidden" {
			v.Add(attr(n, "name"), attr(n, "value"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(forms[0])
	return v
}

// TestRedFlagsCarriedInTheForm sends every combination of the emergency
// questions at once, as answers carried in the form, from the last safety
// screen: whatever the form holds, an emergency sign gives the emergency
// stop and nothing that books.
func TestRedFlagsCarriedInTheForm(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	var ids []string
	for _, q := range intake.Questions() {
		if q.Section == intake.Safety && q.Kind == intake.YesNo && q.ID != "first_time" && !slices.Contains([]string{"minor_injury", "weak_bones", "weight_loss", "night_pain"}, q.ID) {
			ids = append(ids, q.ID)
		}
	}
	for mask := range 1 << len(ids) {
		form := url.Values{"age": {"50-64"}, "first_time": {"no"}, "minor_injury": {"no"}, "weight_loss": {"no"}, "night_pain": {"no"},
			"step": {"first_time"}, "go": {"next"}}
		yes := map[string]bool{}
		for i, id := range ids {
			form.Set(id, intake.No)
			if mask&(1<<i) != 0 {
				form.Set(id, intake.Yes)
				yes[id] = true
			}
		}
		w := walk{res: s.postForm(t, "/diagnose", form), yes: yes, path: []string{form.Encode()}}
		if hasEmergencySign(yes) {
			checkEmergencyStop(t, w)
		} else if offersBooking(t, w.res) && !isResult(w.res) {
			t.Fatalf("%v: a screen that is not the result offers booking", w.path)
		}
	}
}
