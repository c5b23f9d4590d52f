package store

import (
	"time"

	"clinic"
)

// day is a time on the fixed test calendar: days after (or before) testNow.
func day(n int) time.Time { return testNow.AddDate(0, 0, n) }

// richBundle returns a small site that uses every kind of item and every
// list, in the order Export returns them. Each call returns new values.
func richBundle() *clinic.Bundle {
	return &clinic.Bundle{
		Settings: clinic.Settings{
			ClinicName: "Cascade Spine Institute", Tagline: "Back to what you love",
			Description: "Spine care in western Washington.", Phone: "(425) 555-0100",
			Email: "frontdesk@example.com", TimeZone: "America/Los_Angeles",
			CTASchedule: "Book a visit", CTAMRIReview: "Free MRI review",
			CTADiagnose: "Diagnose my pain", CTAPortal: "Patient portal",
		},
		Pages: []*clinic.Page{
			{Slug: "about", Title: "About us", Description: "Who we are.", Body: "We treat **spines**.", UpdatedAt: day(-30)},
			{Slug: "privacy-policy", Title: "Privacy policy", Description: "How we keep data.", Body: "We keep little."},
		},
		Treatments: []*clinic.Treatment{
			{Slug: "minimally-invasive-spine-surgery", Title: "Minimally invasive spine surgery", Order: 1,
				Description: "Small incisions.", Summary: "Surgery through small openings.", Body: "Intro.", UpdatedAt: day(-10)},
			{Slug: "injections", Title: "Spinal injections", Order: 2, Summary: "Shots that calm nerves.", Body: "Intro."},
			{Slug: "epidural-steroid-injection", Title: "Epidural steroid injection", Parent: "injections",
				Kind: clinic.TreatmentTherapy, Order: 1, Body: "## What it is\nA shot.", Related: []string{"kyphoplasty"}},
			{Slug: "kyphoplasty", Title: "Kyphoplasty", Parent: "minimally-invasive-spine-surgery",
				Kind: clinic.TreatmentProcedure, Order: 1, Body: "## What it is\nCement for a fractured vertebra.",
				Related: []string{"lumbar-fusion", "epidural-steroid-injection"}},
			{Slug: "lumbar-fusion", Title: "Lumbar fusion", Parent: "minimally-invasive-spine-surgery",
				Kind: clinic.TreatmentProcedure, Order: 2, Body: "## What it is\nJoining two vertebrae."},
		},
		Doctors: []*clinic.Doctor{
			{Slug: "ann-lee", Name: "Ann Lee", Credentials: "MD", Role: "Spine surgeon", Order: 1,
				Specialties: []string{"Endoscopic surgery", "Fusion"}, Locations: []string{"seattle", "bellevue"},
				Treatments: []string{"kyphoplasty", "lumbar-fusion"}, Summary: "Dr. Lee operates.", Body: "Biography.",
				UpdatedAt: day(-5)},
			{Slug: "ben-ortiz", Name: "Ben Ortiz", Credentials: "DPM", Role: "Podiatrist", Order: 2,
				Locations: []string{"seattle"}, Body: "Feet."},
		},
		Locations: []*clinic.Location{
			{Slug: "seattle", City: "Seattle", Name: "Seattle clinic", Street: "1 Pine St", Region: "WA",
				PostalCode: "98101", Phone: "(206) 555-0101", Latitude: 47.6101, Longitude: -122.3421, Order: 1,
				Hours: []clinic.OpeningHours{{Days: "Mo-Fr", Opens: "08:00", Closes: "17:00"}, {Days: "Sa", Opens: "09:00", Closes: "12:30"}},
				Body:  "Park in the garage."},
			{Slug: "bellevue", City: "Bellevue", Name: "Bellevue clinic", Street: "2 Main St", Region: "WA",
				PostalCode: "98004", Latitude: 47.61, Longitude: -122.2, Order: 2,
				Hours: []clinic.OpeningHours{{Days: "Mo-Th", Opens: "07:30", Closes: "18:00"}}},
		},
		Categories: []*clinic.Category{
			{Slug: "exercise", Name: "Exercise", Description: "Moving well."},
			{Slug: "research", Name: "Research", Description: "What studies found."},
		},
		Posts: []*clinic.Post{
			{Slug: "pilates-for-back-pain", Title: "Pilates for back pain", Description: "Core strength.",
				Author: "ann-lee", Category: "exercise", Tags: []string{"Back pain", "Exercise"},
				Status: clinic.StatusScheduled, PublishedAt: day(7), Body: "Pilates builds the core."},
			{Slug: "acupuncture", Title: "Acupuncture for chronic back pain", Description: "Needles and nerves.",
				Author: "ann-lee", Category: "research", Tags: []string{"Back pain", "Acupuncture"},
				Status: clinic.StatusPublished, PublishedAt: day(-3), UpdatedAt: day(-2), Body: "A trial found some relief."},
			{Slug: "backpacks", Title: "Backpacks and your spine", Description: "Carry light.",
				Author: "ben-ortiz", Category: "exercise", Status: clinic.StatusPublished, PublishedAt: day(-20),
				Body: "Use both straps."},
			{Slug: "torn-disc", Title: "Can a torn disc heal?", Description: "Sometimes.", Author: "ann-lee",
				Category: "research", Tags: []string{"Discs"}, Status: clinic.StatusDraft, Body: "Draft."},
		},
		VideoFAQs: []*clinic.VideoFAQ{
			{Slug: "what-is-kyphoplasty", Question: "What is kyphoplasty?", VideoURL: "https://www.youtube-nocookie.com/embed/abc",
				Duration: 3*time.Minute + 20*time.Second, UploadedAt: day(-100), Order: 1, Answer: "It is a procedure."},
			{Slug: "is-surgery-safe", Question: "Is surgery safe?", VideoURL: "https://example.com/v.mp4", Order: 2, Answer: "Mostly."},
		},
		Publications: []*clinic.Publication{
			{Slug: "best-surgeon-2024", Kind: clinic.PublicationAward, Title: "Top surgeon", Venue: "Seattle Magazine", Year: 2024},
			{Slug: "endoscopic-outcomes", Kind: clinic.PublicationPaper, Title: "Outcomes of endoscopic decompression",
				Authors: "Lee A, Ortiz B", Venue: "Spine Journal", Year: 2022, URL: "https://example.org/paper", Summary: "Patients improved."},
		},
		Redirects: []*clinic.Redirect{
			{From: "/2020/06/22/acupuncture-for-chronic-back-pain/", To: "/blog/acupuncture"},
			{From: "/old-about/", To: "/about"},
		},
	}
}

// bundleSize is how many items an import of richBundle counts, settings
// included.
func bundleSize(b *clinic.Bundle) int {
	return 1 + len(b.Pages) + len(b.Treatments) + len(b.Doctors) + len(b.Locations) + len(b.Categories) +
		len(b.Posts) + len(b.VideoFAQs) + len(b.Publications) + len(b.Redirects)
}
