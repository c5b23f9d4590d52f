package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// report gathers the events of one go test run.
type report struct {
	out     io.Writer
	verbose bool
	// output holds the lines of each test, and of each package under
	// the test name "", until it is known whether they are needed.
	output map[testID][]string
	// running are the tests started and not yet finished.
	running map[testID]bool
	// failures holds the lines of each package's failed tests until the
	// package ends.
	failures map[testID][]string
	// timings are the finished top-level tests.
	timings []timing
	// passed, failed and skipped count tests and subtests.
	passed, skipped, failedTests int
	// failed is set by any failure: a test, a package or a build.
	failed bool
}

type testID struct{ pkg, test string }

type timing struct {
	testID
	seconds float64
}

func newReport(out io.Writer, verbose bool) *report {
	return &report{out: out, verbose: verbose, output: map[testID][]string{}, running: map[testID]bool{},
		failures: map[testID][]string{}}
}

// handle takes one event.
func (r *report) handle(e event) {
	switch e.Action {
	case "build-output":
		fmt.Fprint(r.out, e.Output)
	case "build-fail":
		r.failed = true
	case "output":
		r.addOutput(e)
	case "run":
		r.running[testID{e.Package, e.Test}] = true
	case "pass", "fail", "skip":
		if e.Test == "" {
			r.endPackage(e)
		} else {
			r.endTest(e)
		}
	}
}

func (r *report) addOutput(e event) {
	if r.verbose {
		fmt.Fprint(r.out, e.Output)
		return
	}
	id := testID{e.Package, e.Test}
	r.output[id] = append(r.output[id], e.Output)
}

// endTest counts a finished test and writes its output if it failed.
func (r *report) endTest(e event) {
	id := testID{e.Package, e.Test}
	delete(r.running, id)
	switch e.Action {
	case "pass":
		r.passed++
	case "skip":
		r.skipped++
	case "fail":
		r.failedTests++
		r.failed = true
		// Kept for the package's end, as go test writes it, so that the
		// lines of packages running at once do not mix.
		own := testID{e.Package, ""}
		r.failures[own] = append(r.failures[own], failFirst(r.output[id])...)
	}
	delete(r.output, id)
	if !strings.Contains(e.Test, "/") && e.Action != "skip" {
		r.timings = append(r.timings, timing{id, e.Elapsed})
	}
}

// endPackage writes the package's closing line, and when it failed
// everything it printed outside a finished test: a panic, a timeout, or
// the output of a test that never finished.
func (r *report) endPackage(e event) {
	own := testID{e.Package, ""}
	lines := r.output[own]
	delete(r.output, own)
	r.write(r.failures[own])
	delete(r.failures, own)
	if e.Action == "fail" {
		r.failed = true
		r.endUnfinished(e.Package)
		r.write(lines)
		return
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "? ") {
			fmt.Fprint(r.out, l)
		}
	}
}

// endUnfinished counts the tests of pkg that never finished, because the
// test binary crashed or timed out, as failed, and writes their output.
func (r *report) endUnfinished(pkg string) {
	var ids []testID
	for id := range r.running {
		if id.pkg == pkg {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b testID) int { return strings.Compare(a.test, b.test) })
	for _, id := range ids {
		r.failedTests++
		r.write(r.output[id])
		delete(r.output, id)
		delete(r.running, id)
	}
}

// write writes a test's lines without the framing that go test -v adds
// and plain go test leaves out.
func (r *report) write(lines []string) {
	if r.verbose {
		return // already written
	}
	for _, l := range lines {
		if framing(l) {
			continue
		}
		fmt.Fprint(r.out, l)
	}
}

// failFirst moves a failed test's "--- FAIL" line before its log lines,
// where plain go test writes it; go test -json writes it after them.
func failFirst(lines []string) []string {
	i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " "), "--- FAIL") })
	if i <= 0 {
		return lines
	}
	return slices.Concat(lines[i:i+1], lines[:i], lines[i+1:])
}

// framing reports whether l is one of the lines go test writes only with
// -v: a test starting, pausing, continuing or passing.
func framing(l string) bool {
	t := strings.TrimLeft(l, " ")
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- SKIP", "PASS\n"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// summary lists the n slowest top-level tests and closes with the count.
func (r *report) summary(n int) {
	slices.SortStableFunc(r.timings, func(a, b timing) int { return cmp.Compare(b.seconds, a.seconds) })
	if n > 0 && len(r.timings) > 0 {
		fmt.Fprintf(r.out, "\nslowest tests:\n")
		for _, t := range r.timings[:min(n, len(r.timings))] {
			fmt.Fprintf(r.out, "%8.2fs  %s  %s\n", t.seconds, t.pkg, t.test)
		}
	}
	fmt.Fprintf(r.out, "\ntests: %d passed, %d failed, %d skipped\n", r.passed, r.failedTests, r.skipped)
}
