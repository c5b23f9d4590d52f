// Package fhir writes the clinic's questionnaires and their responses as
// HL7 FHIR R4 resources (Questionnaire, QuestionnaireResponse, Bundle):
// our own small types, holding only the elements we fill, so that staff
// can export answers to another system. It is pure: the time is passed in.
package fhir

import (
	"strconv"
	"time"

	"clinic"
	"clinic/internal/intake"
)

// Bundle is a FHIR R4 Bundle of type collection (which, unlike a search
// result, has no total: invariant bdl-1).
type Bundle struct {
	ResourceType string  `json:"resourceType"` // "Bundle"
	Type         string  `json:"type"`         // "collection"
	Timestamp    string  `json:"timestamp"`
	Entry        []Entry `json:"entry"`
}

// Entry is one resource of a Bundle.
type Entry struct {
	FullURL  string `json:"fullUrl"`
	Resource any    `json:"resource"`
}

// Coding is a code from a code system.
type Coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// Identifier names a thing in a system.
type Identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// Reference points at a resource by identifier.
type Reference struct {
	Identifier Identifier `json:"identifier"`
}

// Extension carries what the base resource has no element for.
type Extension struct {
	URL         string `json:"url"`
	ValueCode   string `json:"valueCode,omitempty"`
	ValueString string `json:"valueString,omitempty"`
}

// Questionnaire is a FHIR R4 Questionnaire.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"` // "Questionnaire"
	ID           string              `json:"id"`
	URL          string              `json:"url"`
	Version      string              `json:"version,omitempty"`
	Name         string              `json:"name"`
	Title        string              `json:"title"`
	Status       string              `json:"status"` // "active"
	SubjectType  []string            `json:"subjectType"`
	Language     string              `json:"language,omitempty"`
	Description  string              `json:"description,omitempty"`
	Copyright    string              `json:"copyright,omitempty"`
	Item         []QuestionnaireItem `json:"item"`
}

// QuestionnaireItem is a question of a Questionnaire.
type QuestionnaireItem struct {
	LinkID       string         `json:"linkId"`
	Text         string         `json:"text,omitempty"`
	Type         string         `json:"type"` // "choice"
	AnswerOption []AnswerOption `json:"answerOption"`
}

// AnswerOption is a permitted answer.
type AnswerOption struct {
	ValueCoding Coding `json:"valueCoding"`
}

// QuestionnaireResponse is a FHIR R4 QuestionnaireResponse.
type QuestionnaireResponse struct {
	ResourceType  string       `json:"resourceType"` // "QuestionnaireResponse"
	ID            string       `json:"id"`
	Extension     []Extension  `json:"extension,omitempty"`
	Identifier    *Identifier  `json:"identifier,omitempty"`
	Questionnaire string       `json:"questionnaire"` // canonical: url|version
	Status        string       `json:"status"`        // "completed"
	Subject       *Reference   `json:"subject,omitempty"`
	Authored      string       `json:"authored"`
	Item          []AnswerItem `json:"item,omitempty"`
}

// AnswerItem is the answer to one question.
type AnswerItem struct {
	LinkID string   `json:"linkId"`
	Answer []Answer `json:"answer"`
}

// Answer is one value given.
type Answer struct {
	ValueCoding Coding `json:"valueCoding"`
}

// Extension URLs and identifier systems of the clinic.
const (
	TimePointURL   = "urn:clinic:fhir:time-point"
	TreatmentURL   = "urn:clinic:fhir:treatment"
	SyntheticURL   = "urn:clinic:fhir:synthetic"
	PatientSystem  = "urn:clinic:patient-key"
	ResponseSystem = "urn:clinic:questionnaire-response"
)

// timePoints name the time points as codes.
var timePoints = [clinic.NumTimes]string{"baseline", "6-weeks", "3-months", "12-months"}

// QuestionnaireOf writes an instrument as a Questionnaire whose canonical
// URL is base + "/fhir/Questionnaire/" + its id.
func QuestionnaireOf(in *intake.Instrument, base string) Questionnaire {
	q := Questionnaire{ResourceType: "Questionnaire", ID: in.ID, URL: canonical(in, base), Version: in.Version,
		Name: name(in.ID), Title: in.Title, Status: "active", SubjectType: []string{"Patient"},
		Language: in.Language, Description: in.Instructions, Copyright: in.Source + " " + in.Licence}
	for _, it := range in.Items {
		item := QuestionnaireItem{LinkID: it.ID, Text: it.Text, Type: "choice"}
		for _, c := range it.Choices {
			item.AnswerOption = append(item.AnswerOption, AnswerOption{ValueCoding: coding(q.URL, it.ID, c)})
		}
		q.Item = append(q.Item, item)
	}
	return q
}

func canonical(in *intake.Instrument, base string) string {
	return base + "/fhir/Questionnaire/" + in.ID
}

// name is a computer-friendly name: the id without hyphens, as FHIR's
// name pattern [A-Z]([A-Za-z0-9_]){0,254} asks.
func name(id string) string {
	b := []byte{'Q'}
	for _, c := range []byte(id) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			b = append(b, c)
		} else {
			b = append(b, '_')
		}
	}
	return string(b)
}

func coding(url, item string, c intake.ItemChoice) Coding {
	display := c.Text
	if display == "" {
		display = strconv.Itoa(c.Value)
	}
	return Coding{System: url + "/" + item, Code: strconv.Itoa(c.Value), Display: display}
}

// ResponseOf writes a stored response to an instrument as a
// QuestionnaireResponse; the patient is named only by the opaque key.
func ResponseOf(r *clinic.QuestionnaireResponse, in *intake.Instrument, base string) QuestionnaireResponse {
	url := canonical(in, base)
	q := QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: "qr-" + strconv.FormatInt(r.ID, 10),
		Identifier:    &Identifier{System: ResponseSystem, Value: strconv.FormatInt(r.ID, 10)},
		Questionnaire: url + versionSuffix(in), Status: "completed",
		Subject:   &Reference{Identifier: Identifier{System: PatientSystem, Value: r.PatientKey}},
		Authored:  r.AnsweredAt.UTC().Format(time.RFC3339),
		Extension: []Extension{{URL: TreatmentURL, ValueString: r.Treatment}},
	}
	if r.Time >= 0 && r.Time < clinic.NumTimes {
		q.Extension = append(q.Extension, Extension{URL: TimePointURL, ValueCode: timePoints[r.Time]})
	}
	if r.Synthetic {
		q.Extension = append(q.Extension, Extension{URL: SyntheticURL, ValueCode: "true"})
	}
	for _, it := range in.Items {
		v, ok := r.Items[it.ID]
		if !ok {
			continue
		}
		for _, c := range it.Choices {
			if c.Value == v {
				q.Item = append(q.Item, AnswerItem{LinkID: it.ID, Answer: []Answer{{ValueCoding: coding(url, it.ID, c)}}})
			}
		}
	}
	return q
}

func versionSuffix(in *intake.Instrument) string {
	if in.Version == "" {
		return ""
	}
	return "|" + in.Version
}

// NewBundle collects resources, each under its URL, as of now.
func NewBundle(now time.Time, base string, resources ...any) Bundle {
	b := Bundle{ResourceType: "Bundle", Type: "collection", Timestamp: now.UTC().Format(time.RFC3339), Entry: []Entry{}}
	for _, r := range resources {
		b.Entry = append(b.Entry, Entry{FullURL: fullURL(r, base), Resource: r})
	}
	return b
}

func fullURL(r any, base string) string {
	switch v := r.(type) {
	case Questionnaire:
		return v.URL
	case QuestionnaireResponse:
		return base + "/fhir/QuestionnaireResponse/" + v.ID
	}
	return ""
}
