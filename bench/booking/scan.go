package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// slot is one open time: the query of its details link.
type slot struct {
	doctor string
	start  time.Time
	query  url.Values
}

// clinician is a doctor and the offices they see patients at, as the
// booking page's clinician list gives them.
type clinician struct {
	slug      string
	locations []string
}

var (
	selDoctor = cascadia.MustCompile(`#f-doctor option[data-locations]`)
	selSlot   = cascadia.MustCompile(`a.slot`)
	selNext   = cascadia.MustCompile(`a[rel="next"]`)
)

// getHTML fetches base+path and parses it; anything but 200 is an error.
func getHTML(ctx context.Context, c *http.Client, base, path string) (*html.Node, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		io.Copy(io.Discard, res.Body)
		return nil, fmt.Errorf("GET %s: %s", path, res.Status)
	}
	return html.Parse(res.Body)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// clinicians reads the clinicians and their offices from the booking page.
func clinicians(ctx context.Context, c *http.Client, base string) ([]clinician, error) {
	doc, err := getHTML(ctx, c, base, "/appointments")
	if err != nil {
		return nil, fmt.Errorf("clinicians: %w", err)
	}
	var out []clinician
	for _, o := range selDoctor.MatchAll(doc) {
		out = append(out, clinician{slug: attr(o, "value"), locations: strings.Fields(attr(o, "data-locations"))})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("clinicians: the booking page at %s lists none", base)
	}
	return out, nil
}

// weekSlots follows the week pages of one clinician at one office, from
// this week to the last the site shows, and returns their open times.
func weekSlots(ctx context.Context, c *http.Client, base, typ, doctor, location string) ([]slot, error) {
	var out []slot
	next := "/appointments?" + url.Values{"type": {typ}, "location": {location}, "doctor": {doctor}}.Encode()
	for next != "" {
		doc, err := getHTML(ctx, c, base, next)
		if err != nil {
			return nil, fmt.Errorf("open times of %s at %s: %w", doctor, location, err)
		}
		for _, a := range selSlot.MatchAll(doc) {
			s, err := parseSlot(attr(a, "href"))
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		next = ""
		if a := selNext.MatchFirst(doc); a != nil {
			next = attr(a, "href")
		}
	}
	return out, nil
}

// parseSlot reads a details link: /appointments/details?type=…&start=….
func parseSlot(link string) (slot, error) {
	u, err := url.Parse(link)
	if err != nil {
		return slot{}, fmt.Errorf("slot link %q: %w", link, err)
	}
	q := u.Query()
	start, err := time.Parse(time.RFC3339, q.Get("start"))
	if err != nil {
		return slot{}, fmt.Errorf("slot link %q: %w", link, err)
	}
	return slot{doctor: q.Get("doctor"), start: start, query: q}, nil
}

// scan finds the open times of every clinician at every office, with
// workers pages fetched at once, and keeps those that can all be booked:
// each of a clinician's times at least apart after the one before.
func scan(ctx context.Context, c *http.Client, base, typ string, apart time.Duration, workers int) ([]slot, error) {
	docs, err := clinicians(ctx, c, base)
	if err != nil {
		return nil, err
	}
	type job struct{ doctor, location string }
	jobs := make(chan job)
	var mu sync.Mutex
	var all []slot
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				s, err := weekSlots(ctx, c, base, typ, j.doctor, j.location)
				mu.Lock()
				all = append(all, s...)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	for _, d := range docs {
		for _, l := range d.locations {
			jobs <- job{d.slug, l}
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return independent(all, apart), nil
}

// independent sorts slots by clinician and time and keeps, for each
// clinician, a time only if it starts at least apart after the last one
// kept, so that booking one leaves the others open.
func independent(slots []slot, apart time.Duration) []slot {
	slots = slices.Clone(slots)
	slices.SortFunc(slots, func(a, b slot) int {
		if c := strings.Compare(a.doctor, b.doctor); c != 0 {
			return c
		}
		return a.start.Compare(b.start)
	})
	var out []slot
	for _, s := range slots {
		if n := len(out); n > 0 && out[n-1].doctor == s.doctor && s.start.Sub(out[n-1].start) < apart {
			continue
		}
		out = append(out, s)
	}
	return out
}
