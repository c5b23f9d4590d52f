package content

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"clinic"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func richBundle() *clinic.Bundle {
	pacific := time.FixedZone("PDT", -7*3600)
	kolkata := time.FixedZone("IST", 5*3600+1800)
	return &clinic.Bundle{
		Settings: clinic.Settings{
			ClinicName: "Evergreen Spine & Pain: Institute", Tagline: "Yes",
			Description: "A clinic.\nOn two lines.", Phone: "(425) 555-0100",
			Email: "hello@example.com", TimeZone: "America/Los_Angeles",
			CTASchedule: "Book now", CTAMRIReview: "Free MRI review",
			CTADiagnose: "Diagnose my pain", CTAPortal: "Portal",
		},
		Pages: []*clinic.Page{
			{Slug: "about", Title: "About us", Description: "Who we are.",
				Body:      "\nStarts with a blank line.\n\n---\n\nA rule above, and a `---` below.\n---",
				UpdatedAt: time.Date(2024, 3, 5, 9, 0, 0, 0, pacific)},
			{Slug: "privacy-policy", Title: "null", Body: "# Privacy"},
		},
		Treatments: []*clinic.Treatment{
			{Slug: "spine-surgery", Title: "Spine surgery", Order: 1, Summary: "  indented\nsummary  ",
				Body: "An introduction."},
			{Slug: "disc-replacement", Title: "Disc replacement", Parent: "spine-surgery",
				Kind: clinic.TreatmentTherapy, Order: 2, Related: []string{"fusion", "spine-surgery"}},
			{Slug: "fusion", Title: "Fusion", Parent: "spine-surgery", Kind: clinic.TreatmentProcedure,
				Order: 2, Description: "Joins two vertebrae.", Summary: "Fusion: the summary.",
				Body: "## What it is\n\nA fusion.", Related: []string{"disc-replacement"},
				UpdatedAt: time.Date(2025, 1, 2, 3, 4, 5, 600, time.UTC)},
		},
		Doctors: []*clinic.Doctor{
			{Slug: "dr-a", Name: "Ana Álvarez", Credentials: "MD, FAAOS", Role: "Spine surgeon",
				Order: -1, Description: "Dr. Álvarez.", Specialties: []string{"Fusion", "true", "- dash"},
				Locations: []string{"kent", "bellevue"}, Treatments: []string{"fusion"},
				Summary: "Summary #1", Body: "Biography.", UpdatedAt: time.Date(2024, 3, 5, 0, 0, 0, 0, kolkata)},
			{Slug: "dr-b", Name: "Ben Bo", Order: 0},
		},
		Locations: []*clinic.Location{
			{Slug: "kent", City: "Kent", Name: "Kent clinic", Street: "400 W Gowe St, Suite 200",
				Region: "WA", PostalCode: "08032", Phone: "555-0106",
				Hours: []clinic.OpeningHours{{Days: "Mo-Fr", Opens: "08:00", Closes: "17:00"},
					{Days: "Sa,Su", Opens: "00:00", Closes: "24:00"}},
				Latitude: 47.3812, Longitude: -122.2386, Order: 1, Description: "d", Summary: "s",
				Body: "Parking behind.", UpdatedAt: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
			{Slug: "bellevue", City: "Bellevue", Name: "Bellevue clinic", Order: 2, Latitude: 1e-7},
		},
		Categories: []*clinic.Category{
			{Slug: "healthy-living", Name: "Healthy living", Description: "Move well: 'daily'."},
			{Slug: "news", Name: "News"},
		},
		Posts: []*clinic.Post{
			{Slug: "draft-post", Title: "Draft", Author: "dr-b", Category: "news", Status: clinic.StatusDraft},
			{Slug: "pilates", Title: "Pilates: is it for you?", Description: "\"Quoted\" text",
				Author: "dr-a", Category: "healthy-living", Tags: []string{"Exercise", "Chronic pain", "123"},
				Status: clinic.StatusPublished, PublishedAt: time.Date(2020, 9, 14, 9, 0, 0, 0, pacific),
				UpdatedAt: time.Date(2021, 1, 1, 12, 30, 0, 0, time.UTC), Body: "Text with\ttab."},
			{Slug: "soon", Title: "Soon", Author: "dr-a", Category: "news", Status: clinic.StatusScheduled,
				PublishedAt: time.Date(2030, 1, 1, 8, 0, 0, 123456789, kolkata), Body: "Coming."},
		},
		VideoFAQs: []*clinic.VideoFAQ{
			{Slug: "what-is-a-disc", Question: "What is a disc?", VideoURL: "https://www.youtube-nocookie.com/embed/abc",
				Duration: 3*time.Minute + 20*time.Second, UploadedAt: time.Date(2023, 5, 6, 7, 8, 9, 0, pacific),
				Order: 1, Answer: "A disc is a cushion."},
			{Slug: "short", Question: "Short?", VideoURL: "http://example.com/v", Duration: 1500 * time.Millisecond, Order: 2},
		},
		Publications: []*clinic.Publication{
			{Slug: "award-2024", Kind: clinic.PublicationAward, Title: "Top doctor", Year: 2024},
			{Slug: "paper", Kind: clinic.PublicationPaper, Title: "Outcomes of fusion", Authors: "A. Álvarez, B. Bo",
				Venue: "Spine Journal", Year: 2019, URL: "https://example.org/paper?id=1&x=2",
				Summary: "Found fewer reoperations."},
		},
		Redirects: []*clinic.Redirect{
			{From: "/2020/06/22/acupuncture/", To: "/blog/acupuncture"},
			{From: "/old", To: "https://example.org/new#x"},
		},
	}
}

func TestWriteThenReadGivesTheBundleBack(t *testing.T) {
	tests := []struct {
		name string
		b    *clinic.Bundle
	}{
		{"a bundle with every field set", richBundle()},
		{"an empty bundle", &clinic.Bundle{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Write(dir, tt.b); err != nil {
				t.Fatal(err)
			}
			got, err := Read(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.b, got); diff != "" {
				t.Errorf("Read(Write(b)) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteKeepsOffsetsOfTimes(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, richBundle()); err != nil {
		t.Fatal(err)
	}
	got, err := Read(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	want := "2030-01-01T08:00:00.123456789+05:30"
	if s := got.Posts[2].PublishedAt.Format(time.RFC3339Nano); s != want {
		t.Errorf("published = %s, want %s", s, want)
	}
}

func TestWriteEmitsKeysInDocumentedOrder(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, richBundle()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want string
	}{
		{"posts/pilates.md", `---
title: 'Pilates: is it for you?'
description: '"Quoted" text'
author: dr-a
category: healthy-living
tags:
  - Exercise
  - Chronic pain
  - "123"
status: published
published: 2020-09-14T09:00:00-07:00
updated: 2021-01-01T12:30:00Z
---
Text with	tab.
`},
		{"posts/draft-post.md", "---\ntitle: Draft\nauthor: dr-b\ncategory: news\nstatus: draft\n---\n"},
		{"videos/short.md", "---\nquestion: Short?\nvideo_url: http://example.com/v\nduration: 1.5s\norder: 2\n---\n"},
		{"categories/news.md", "---\nname: News\n---\n"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(data)); diff != "" {
				t.Errorf("file mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteRefusesWhatCannotBeAFileName(t *testing.T) {
	tests := []struct {
		name string
		b    *clinic.Bundle
	}{
		{"a slug that climbs out of the folder", &clinic.Bundle{Pages: []*clinic.Page{{Slug: "../x", Title: "X"}}}},
		{"an empty slug", &clinic.Bundle{Posts: []*clinic.Post{{Title: "X"}}}},
		{"two items with one slug", &clinic.Bundle{Categories: []*clinic.Category{{Slug: "a", Name: "A"}, {Slug: "a", Name: "B"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := Write(dir, tt.b)
			if clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("Write = %v, want an %s error", err, clinic.EInvalid)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("Write left %d entries in the folder", len(entries))
			}
		})
	}
}

func TestOneItemRoundTripsThroughItsFile(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	one := &clinic.Bundle{Doctors: b.Doctors[:1]}
	files, err := Files(one)
	if err != nil {
		t.Fatal(err)
	}
	name, err := ItemPath("doctors", b.Doctors[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadItem(name, files[name])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one.Doctors, got.Doctors, cmpopts.EquateApproxTime(0)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []string{"../etc/passwd", "pages/../site.md", "secrets/x.md", "pages/About.md"} {
		if _, err := ReadItem(bad, []byte("---\ntitle: x\n---\n")); clinic.ErrorKind(err) != clinic.EInvalid {
			t.Errorf("ReadItem(%q) = %v", bad, err)
		}
	}
}

func TestDemoHolidays(t *testing.T) {
	docs := []*clinic.Doctor{{Slug: "a"}, {Slug: "b"}}
	got := DemoHolidays(docs, 2026)
	if len(got) != 10 {
		t.Fatalf("%d closures", len(got))
	}
	days := map[string]string{}
	for _, e := range got {
		days[e.Day] = e.Note
		if e.Kind != clinic.ExceptionClosed || e.Start != 0 || e.End != 0 {
			t.Errorf("%+v is not a whole day off", e)
		}
	}
	if days["2026-11-26"] != "Thanksgiving" || days["2026-12-25"] != "Christmas Day" {
		t.Errorf("days: %v", days)
	}
}
