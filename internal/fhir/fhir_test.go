package fhir

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/content"
	"clinic/internal/intake"
)

// The required elements and value sets of FHIR R4 (hl7.org/fhir/R4) that
// these resources must meet, checked on the JSON as another system reads
// it, not on our Go types.
var (
	bundleTypes   = []string{"document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"}
	qStatuses     = []string{"draft", "active", "retired", "unknown"}
	qrStatuses    = []string{"in-progress", "completed", "amended", "entered-in-error", "stopped"}
	itemTypes     = []string{"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text", "url", "choice", "open-choice", "attachment", "reference", "quantity"}
	optionValues  = []string{"valueInteger", "valueDate", "valueTime", "valueString", "valueCoding", "valueReference"}
	answerValues  = []string{"valueBoolean", "valueDecimal", "valueInteger", "valueDate", "valueDateTime", "valueTime", "valueString", "valueUri", "valueAttachment", "valueCoding", "valueQuantity", "valueReference"}
	namePattern   = regexp.MustCompile(`^[A-Z]([A-Za-z0-9_]){0,254}$`)
	dateTimeShape = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
)

type obj = map[string]any

// problems lists what breaks the rules above in a resource.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func str(o obj, k string) string { s, _ := o[k].(string); return s }

func list(o obj, k string) []obj {
	var out []obj
	arr, _ := o[k].([]any)
	for _, v := range arr {
		if m, ok := v.(obj); ok {
			out = append(out, m)
		}
	}
	return out
}

// oneValue checks that o has exactly one value[x] of those allowed.
func oneValue(p *problems, where string, o obj, allowed []string) {
	n := 0
	for k := range o {
		if strings.HasPrefix(k, "value") {
			if !slices.Contains(allowed, k) {
				p.add("%s: %s is not allowed", where, k)
			}
			n++
		}
	}
	if n != 1 {
		p.add("%s: %d value[x], want 1", where, n)
	}
}

func checkCoding(p *problems, where string, o obj) {
	if c, ok := o["valueCoding"].(obj); ok && (str(c, "system") == "" || str(c, "code") == "") {
		p.add("%s: a coding without system or code", where)
	}
}

func checkQuestionnaire(p *problems, q obj) map[string]bool {
	if !slices.Contains(qStatuses, str(q, "status")) {
		p.add("Questionnaire.status %q", str(q, "status"))
	}
	if !namePattern.MatchString(str(q, "name")) {
		p.add("Questionnaire.name %q (que-0)", str(q, "name"))
	}
	links := map[string]bool{}
	for _, it := range list(q, "item") {
		id := str(it, "linkId")
		if id == "" || links[id] {
			p.add("item linkId %q missing or repeated (que-2)", id)
		}
		links[id] = true
		if !slices.Contains(itemTypes, str(it, "type")) {
			p.add("item %s: type %q", id, str(it, "type"))
		}
		opts := list(it, "answerOption")
		if len(opts) > 0 && str(it, "type") != "choice" && str(it, "type") != "open-choice" {
			p.add("item %s: answerOption on a %s item (que-5)", id, str(it, "type"))
		}
		for _, o := range opts {
			oneValue(p, "item "+id+" answerOption", o, optionValues)
			checkCoding(p, "item "+id+" answerOption", o)
		}
	}
	return links
}

func checkResponse(p *problems, r obj, links map[string]bool, canonical string) {
	if !slices.Contains(qrStatuses, str(r, "status")) {
		p.add("QuestionnaireResponse.status %q", str(r, "status"))
	}
	if str(r, "questionnaire") != canonical {
		p.add("questionnaire %q, want %q", str(r, "questionnaire"), canonical)
	}
	if !dateTimeShape.MatchString(str(r, "authored")) {
		p.add("authored %q is not a dateTime", str(r, "authored"))
	}
	for _, e := range list(r, "extension") {
		if str(e, "url") == "" {
			p.add("an extension without url")
		}
		oneValue(p, "extension "+str(e, "url"), e, []string{"valueCode", "valueString"})
	}
	for _, it := range list(r, "item") {
		if !links[str(it, "linkId")] {
			p.add("answer to %q, which the questionnaire does not ask", str(it, "linkId"))
		}
		for _, a := range list(it, "answer") {
			oneValue(p, "answer to "+str(it, "linkId"), a, answerValues)
			checkCoding(p, "answer to "+str(it, "linkId"), a)
		}
	}
}

func checkBundle(p *problems, b obj) []obj {
	if str(b, "resourceType") != "Bundle" || !slices.Contains(bundleTypes, str(b, "type")) {
		p.add("Bundle %q of type %q", str(b, "resourceType"), str(b, "type"))
	}
	if _, ok := b["total"]; ok && str(b, "type") != "searchset" && str(b, "type") != "history" {
		p.add("total in a %s bundle (bdl-1)", str(b, "type"))
	}
	var out []obj
	for _, e := range list(b, "entry") {
		r, _ := e["resource"].(obj)
		if r == nil || str(r, "resourceType") == "" || str(e, "fullUrl") == "" {
			p.add("an entry without a resource, its type or fullUrl")
		}
		out = append(out, r)
	}
	return out
}

func roundTrip(t *testing.T, v any) obj {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var o obj
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestResourcesMeetFHIRR4(t *testing.T) {
	ins, err := intake.LoadInstruments(content.Demo(), intake.InstrumentsDir)
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://clinic.example"
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for _, in := range ins {
		t.Run("the "+in.ID+" questionnaire and a response to it have every required element", func(t *testing.T) {
			items := map[string]int{}
			for _, it := range in.Items {
				items[it.ID] = it.Choices[len(it.Choices)/2].Value
			}
			r := &clinic.QuestionnaireResponse{ID: 7, PatientKey: "k-1", Treatment: "mis-fusion", Instrument: in.ID,
				Time: clinic.TimeWeeks6, Items: items, AnsweredAt: now}
			var p problems
			res := checkBundle(&p, roundTrip(t, NewBundle(now, base, QuestionnaireOf(in, base), ResponseOf(r, in, base))))
			if len(res) != 2 {
				t.Fatalf("%d entries, want 2", len(res))
			}
			links := checkQuestionnaire(&p, res[0])
			checkResponse(&p, res[1], links, base+"/fhir/Questionnaire/"+in.ID+"|"+in.Version)
			if len(list(res[1], "item")) != len(in.Items) {
				p.add("%d answers, want %d", len(list(res[1], "item")), len(in.Items))
			}
			for _, s := range p {
				t.Error(s)
			}
		})
	}
	t.Run("the validator finds a broken resource", func(t *testing.T) {
		var p problems
		checkQuestionnaire(&p, obj{"status": "live", "name": "bad name", "item": []any{obj{"linkId": "a", "type": "integer",
			"answerOption": []any{obj{"valueCoding": obj{"code": "1"}, "valueString": "x"}}}}})
		if len(p) < 4 {
			t.Errorf("found only %v", p)
		}
	})
}
