package jsonld_test

import (
	"testing"
	"time"

	"clinic"
	"clinic/internal/jsonld"

	"github.com/google/go-cmp/cmp"
)

func videos() []*clinic.VideoFAQ {
	return []*clinic.VideoFAQ{{
		Slug:       "is-surgery-my-only-option",
		Question:   "Is surgery my only option?",
		VideoURL:   "https://www.youtube-nocookie.com/embed/abcDEF12345",
		Duration:   3*time.Minute + 20*time.Second,
		UploadedAt: time.Date(2024, 2, 1, 18, 0, 0, 0, time.UTC),
	}, {
		Slug:     "how-long-is-recovery",
		Question: "How long is recovery?",
		VideoURL: "https://videos.clinic.example/recovery.mp4",
	}, {
		Slug:     "what-is-an-mri",
		Question: "What is an MRI?",
	}}
}

func TestFAQPage(t *testing.T) {
	t.Run("questions pair with their answers in order", func(t *testing.T) {
		got := asMap(t, jsonld.FAQPage(videos()[:2], []string{"Usually not.", "A few weeks."}, base))
		q := func(name, answer string) map[string]any {
			return map[string]any{"@type": "Question", "name": name, "acceptedAnswer": map[string]any{"@type": "Answer", "text": answer}}
		}
		want := map[string]any{
			"@context": "https://schema.org",
			"@type":    "FAQPage",
			"url":      "https://clinic.example/videos",
			"mainEntity": []any{
				q("Is surgery my only option?", "Usually not."),
				q("How long is recovery?", "A few weeks."),
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FAQ page mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("questions without an answer are left out", func(t *testing.T) {
		got := asMap(t, jsonld.FAQPage(videos(), []string{"Usually not.", "  "}, base))
		entities := got["mainEntity"].([]any)
		if len(entities) != 1 || entities[0].(map[string]any)["name"] != "Is surgery my only option?" {
			t.Errorf("mainEntity = %v, want only the answered question", entities)
		}
	})
}

func TestVideoObject(t *testing.T) {
	t.Run("a YouTube embed has its duration, date and thumbnail", func(t *testing.T) {
		got := asMap(t, jsonld.VideoObject(videos()[0], "Usually not.", base))
		want := map[string]any{
			"@context":     "https://schema.org",
			"@type":        "VideoObject",
			"name":         "Is surgery my only option?",
			"description":  "Usually not.",
			"url":          "https://clinic.example/videos#is-surgery-my-only-option",
			"uploadDate":   "2024-02-01T18:00:00Z",
			"duration":     "PT3M20S",
			"embedUrl":     "https://www.youtube-nocookie.com/embed/abcDEF12345",
			"thumbnailUrl": "https://i.ytimg.com/vi/abcDEF12345/hqdefault.jpg",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("video mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("another video has no thumbnail, and no answer falls back to the question", func(t *testing.T) {
		got := asMap(t, jsonld.VideoObject(videos()[1], "", base))
		want := map[string]any{
			"@context":    "https://schema.org",
			"@type":       "VideoObject",
			"name":        "How long is recovery?",
			"description": "How long is recovery?",
			"url":         "https://clinic.example/videos#how-long-is-recovery",
			"embedUrl":    "https://videos.clinic.example/recovery.mp4",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("video mismatch (-want +got):\n%s", diff)
		}
	})
}
