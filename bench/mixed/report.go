package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// routeOrder is the order of the report's rows.
var routeOrder = []string{routePage, routeSearch, routeSlots, routeBook, routeUpload}

// writeReport prints the run as Markdown: the setting, a row per route,
// the upload and each server's memory. It fails when any request did.
func writeReport(w io.Writer, o options, c *cluster, r *results, rss [][2]int64, loadBefore, loadAfter string) error {
	fmt.Fprintf(w, "%d server(s) on %s, files in %s, %d clients for %v (ran %.1fs), round-robin; load average %s before, %s after\n\n",
		len(c.bases), c.database, c.files, o.clients, o.duration, r.elapsed.Seconds(), loadBefore, loadAfter)
	fmt.Fprintln(w, "| route | requests | per second | p50 | p99 | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	total, errs := 0, 0
	for _, route := range routeOrder {
		ls := r.latencies[route]
		if len(ls) == 0 && r.errors[route] == 0 {
			continue
		}
		slices.Sort(ls)
		total, errs = total+len(ls), errs+r.errors[route]
		fmt.Fprintf(w, "| %s | %d | %.1f | %s | %s | %d |\n", route, len(ls), float64(len(ls))/r.elapsed.Seconds(),
			ms(percentile(ls, 50)), ms(percentile(ls, 99)), r.errors[route])
	}
	fmt.Fprintf(w, "| all | %d | %.1f | | | %d |\n\n", total, float64(total)/r.elapsed.Seconds(), errs)
	if u := r.upload; u.size > 0 {
		fmt.Fprintf(w, "Upload: %s in %d PATCHes of %s to the servers in turn, %.1fs (%.0f MiB/s)\n\n",
			(*byteSize)(&u.size).String(), u.parts, o.part.String(), u.took.Seconds(), float64(u.size)/(1<<20)/u.took.Seconds())
	} else if u.err != nil {
		fmt.Fprintf(w, "Upload failed: %v\n\n", u.err)
		errs++
	}
	for i, m := range rss {
		fmt.Fprintf(w, "Server %d: resident memory %d MiB at the end, %d MiB at its peak\n", i+1, m[0]>>20, m[1]>>20)
	}
	for _, e := range r.firstErrs {
		fmt.Fprintln(w, "error:", e)
	}
	if errs > 0 {
		return fmt.Errorf("%d requests failed", errs)
	}
	return nil
}

// percentile is the p-th percentile of sorted ls, or 0 when empty.
func percentile(ls []time.Duration, p int) time.Duration {
	if len(ls) == 0 {
		return 0
	}
	return ls[min(len(ls)-1, (len(ls)*p+99)/100-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
