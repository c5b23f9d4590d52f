package web_test

import (
	"net/http"

	"github.com/andybalholm/cascadia"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"net/url"
	"strings"
	"testing"

	"clinic/content"
	"clinic/internal/intake"
	"clinic/internal/store"
	"clinic/internal/web"
)

// withDiagnose gives a server the shipped rules and instruments.
func withDiagnose(t testing.TB) func(*web.Config) {
	t.Helper()
	rules, err := intake.LoadRules(content.Demo(), intake.RulesPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	instruments, err := intake.LoadInstruments(content.Demo(), intake.InstrumentsDir)
	if err != nil {
		t.Fatal(err)
	}
	return func(c *web.Config) {
		c.Rules, c.Instruments = rules, instruments
		if db, ok := c.Content.(*store.DB); ok {
			c.Triage, c.Outcomes = db, db
		}
	}
}

// plainAnswers finish the check without a red flag: a 45-year-old with
// recent low back pain.
func plainAnswers() url.Values {
	v := url.Values{}
	for _, q := range intake.Questions() {
		if q.Kind == intake.YesNo {
			v.Set(q.ID, intake.No)
		}
	}
	v.Set("age", "40-49")
	v.Del("first_time")
	v.Set("where", "low_back")
	v.Set("since", "under-6-weeks")
	v.Set("pain_now", "6")
	v.Set("pain_average", "5")
	v.Set("better", "movement")
	v.Set("worse", "sitting")
	v.Set("tried", "none")
	v.Set("health", "none")
	return v
}

func TestDiagnoseScreens(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	t.Run("the first screen asks the first red-flag question in a fieldset with its legend", func(t *testing.T) {
		res := s.get(t, "/diagnose")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		if got := res.text(t, "fieldset legend h1"); !strings.Contains(got, "urine") {
			t.Errorf("legend = %q, want the bladder question", got)
		}
		for _, in := range res.all(t, "fieldset input") {
			if len(res.all(t, `label[for="`+attr(in, "id")+`"]`)) != 1 {
				t.Errorf("input %s has no label", attr(in, "id"))
			}
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control = %q", res.Header.Get("Cache-Control"))
		}
	})
	t.Run("Next without an answer asks again with a message", func(t *testing.T) {
		res := s.postForm(t, "/diagnose", url.Values{"step": {"bladder"}, "go": {"next"}})
		if res.StatusCode != http.StatusUnprocessableEntity || res.text(t, "#q-error") == "" {
			t.Fatalf("status %d, error %q", res.StatusCode, res.text(t, "#q-error"))
		}
	})
	t.Run("Back keeps the answers and shows the one given", func(t *testing.T) {
		v := url.Values{"bladder": {"no"}, "saddle_numbness": {"no"}, "step": {"bowel_feeling"}, "go": {"back"}}
		res := s.postForm(t, "/diagnose", v)
		if got := screenQuestion(t, res); got != "saddle_numbness" {
			t.Fatalf("Back showed %q, want saddle_numbness", got)
		}
		if n := res.all(t, `input[name="saddle_numbness"][value="no"][checked]`); len(n) != 1 {
			t.Errorf("the answer given before is not checked")
		}
		if n := res.all(t, `input[type="hidden"][name="bladder"][value="no"]`); len(n) != 1 {
			t.Errorf("the earlier answer is not carried")
		}
	})
	t.Run("Next after Back shows the next answer given before, not the end", func(t *testing.T) {
		v := plainAnswers()
		v.Set("step", "bladder")
		v.Set("go", "next")
		res := s.postForm(t, "/diagnose", v)
		if got := screenQuestion(t, res); got != "saddle_numbness" {
			t.Fatalf("Next showed %q, want saddle_numbness", got)
		}
	})
	t.Run("a carried answer that is not one of ours is refused", func(t *testing.T) {
		res := s.postForm(t, "/diagnose", url.Values{"bladder": {"perhaps"}, "step": {"saddle_numbness"}, "saddle_numbness": {"no"}, "go": {"next"}})
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d, want 400", res.StatusCode)
		}
	})
	t.Run("the last answer gives the result with its parts", func(t *testing.T) {
		res := resultFor(t, s, plainAnswers())
		for _, sel := range []string{"#h-urgency", ".disclaimer", "#h-help", `.match a[href^="/treatments/"]`, ".facts dt"} {
			if len(res.all(t, sel)) == 0 {
				t.Errorf("the result has no %s", sel)
			}
		}
		if strings.Contains(res.Header.Get("Location"), "low_back") {
			t.Errorf("answers in a URL")
		}
	})
	t.Run("the body outline offers every place as a labelled focusable region beside the list", func(t *testing.T) {
		v := plainAnswers()
		v.Del("where")
		v.Set("step", "where")
		res := s.postForm(t, "/diagnose", v)
		regions := res.all(t, `svg g.region[role="checkbox"][tabindex="0"][aria-label]`)
		boxes := res.all(t, `input[type="checkbox"][name="where"]`)
		if len(regions) != 5 || len(boxes) != 5 {
			t.Fatalf("%d regions and %d checkboxes, want 5 and 5", len(regions), len(boxes))
		}
	})
}

func TestDiagnoseContraindications(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	const injections, decompression = "/treatments/interventional-spinal-injections", "/treatments/endoscopic-decompression"
	for _, tc := range []struct {
		name, health       string
		suggested, flagged []string
		withheld           int
		note               string
	}{
		{"with none of the conditions both treatments are suggested without a note", "none",
			[]string{injections, decompression}, nil, 0, ""},
		{"a blood thinner keeps both treatments, each with a note", "blood_thinner",
			[]string{injections, decompression}, []string{injections, decompression}, 0, "blood thinner"},
		{"an infection at the site withholds both, with the reason", "skin_infection",
			nil, nil, 2, "infected"},
		{"pregnancy withholds the operation and flags the injection", "pregnant",
			[]string{injections}, []string{injections}, 1, "pregnan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := plainAnswers()
			v.Set("health", tc.health)
			v.Set("where", "buttock_leg")
			v.Set("spreads", "yes")
			v.Set("since", "over-12-weeks")
			res := resultFor(t, s, v)
			var suggested, flagged []string
			for _, li := range res.all(t, ".suggested li") {
				a := cascadiaFirst(li, "a")
				if a == nil {
					continue
				}
				suggested = append(suggested, attr(a, "href"))
				if cascadiaFirst(li, ".note") != nil {
					flagged = append(flagged, attr(a, "href"))
				}
			}
			if diff := cmp.Diff(tc.suggested, suggested); diff != "" {
				t.Errorf("suggested (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.flagged, flagged); diff != "" {
				t.Errorf("flagged (-want +got):\n%s", diff)
			}
			if got := len(res.all(t, ".withheld li")); got != tc.withheld {
				t.Errorf("%d withheld, want %d", got, tc.withheld)
			}
			if tc.note != "" && !strings.Contains(res.text(t, "#h-help + .match"), tc.note) {
				t.Errorf("the result does not give the reason (%q)", tc.note)
			}
		})
	}
}

func cascadiaFirst(n *html.Node, sel string) *html.Node {
	return cascadia.MustCompile(sel).MatchFirst(n)
}

func resultFor(t *testing.T, s *site, v url.Values) *response {
	t.Helper()
	v.Set("step", "")
	v.Set("go", "next")
	res := s.postForm(t, "/diagnose", v)
	if !isResult(res) {
		t.Fatalf("no result for %v:\n%s", v, res.body)
	}
	return res
}
