package jsonld

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"clinic"
)

// FAQPageNode is a schema.org FAQPage.
type FAQPageNode struct {
	Context    string     `json:"@context"`
	Type       string     `json:"@type"`
	URL        string     `json:"url"`
	MainEntity []Question `json:"mainEntity"`
}

// Question is a question of a FAQPage with its answer.
type Question struct {
	Type           string `json:"@type"`
	Name           string `json:"name"`
	AcceptedAnswer Answer `json:"acceptedAnswer"`
}

// Answer is the plain-text answer to a Question.
type Answer struct {
	Type string `json:"@type"`
	Text string `json:"text"`
}

// FAQPage returns the video FAQ page as a FAQPage. plainAnswers holds the
// written answers as plain text, in the order of items; a question whose
// answer is missing or empty is left out, since a question without an
// accepted answer is not valid.
func FAQPage(items []*clinic.VideoFAQ, plainAnswers []string, baseURL string) FAQPageNode {
	page := FAQPageNode{
		Context:    schemaContext,
		Type:       "FAQPage",
		URL:        absURL(baseURL, "/videos"),
		MainEntity: []Question{},
	}
	for i, v := range items {
		if i >= len(plainAnswers) || strings.TrimSpace(plainAnswers[i]) == "" {
			continue
		}
		page.MainEntity = append(page.MainEntity, Question{
			Type:           "Question",
			Name:           v.Question,
			AcceptedAnswer: Answer{Type: "Answer", Text: plainAnswers[i]},
		})
	}
	return page
}

// VideoObjectNode is a schema.org VideoObject.
type VideoObjectNode struct {
	Context      string `json:"@context"`
	Type         string `json:"@type"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	URL          string `json:"url"`
	UploadDate   string `json:"uploadDate,omitempty"`
	Duration     string `json:"duration,omitempty"`
	EmbedURL     string `json:"embedUrl,omitempty"`
	ThumbnailURL string `json:"thumbnailUrl,omitempty"`
}

// VideoObject returns one answer of the video FAQ as a VideoObject. Its
// description is the plain-text answer, or the question when that is
// empty; its url is the answer's place on the video page. thumbnailUrl is
// derived for YouTube embed URLs (the nocookie host or youtube.com) and
// left out otherwise.
func VideoObject(v *clinic.VideoFAQ, plainAnswer string, baseURL string) VideoObjectNode {
	desc := plainAnswer
	if strings.TrimSpace(desc) == "" {
		desc = v.Question
	}
	return VideoObjectNode{
		Context:      schemaContext,
		Type:         "VideoObject",
		Name:         v.Question,
		Description:  desc,
		URL:          absURL(baseURL, "/videos") + "#" + v.Slug,
		UploadDate:   isoTime(v.UploadedAt),
		Duration:     isoDuration(v.Duration),
		EmbedURL:     v.VideoURL,
		ThumbnailURL: youTubeThumbnail(v.VideoURL),
	}
}

// isoDuration formats d, rounded to the second, as an ISO 8601 duration:
// "PT3M20S", "PT1H5S". It returns "" for durations under half a second,
// which mean an unknown length.
func isoDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d <= 0 {
		return ""
	}
	h, m, s := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}

// youTubeThumbnail returns the high-quality thumbnail of a YouTube embed
// URL ("https://www.youtube-nocookie.com/embed/ID"), or "" for any other URL.
func youTubeThumbnail(embed string) string {
	u, err := url.Parse(embed)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	switch u.Hostname() {
	case "www.youtube-nocookie.com", "youtube-nocookie.com", "www.youtube.com", "youtube.com":
	default:
		return ""
	}
	id, ok := strings.CutPrefix(u.Path, "/embed/")
	if !ok || !validVideoID(id) {
		return ""
	}
	return "https://i.ytimg.com/vi/" + id + "/hqdefault.jpg"
}

// validVideoID reports whether id looks like a YouTube video id: letters,
// digits, '-' and '_'.
func validVideoID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}
