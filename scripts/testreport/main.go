// Command testreport reads the output of `go test -json` on its standard
// input and writes what plain `go test` would have written: a line for
// each package (ok, FAIL, or no test files), the output of every failing
// test, and build errors. With -v it writes every line of output instead,
// as `go test -v` does. At the end it lists the slowest tests, so that a
// test growing slower shows in every run, and closes with a count:
//
//	tests: 812 passed, 0 failed, 3 skipped
//
// It exits with status 1 if any test, package or build failed. scripts/test
// runs it; run it by hand as
//
//	go test -json ./... | go run ./scripts/testreport
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	verbose := flag.Bool("v", false, "write every line of test output, as go test -v does")
	slowest := flag.Int("slowest", 10, "how many of the slowest tests to list at the end")
	flag.Parse()
	r := newReport(os.Stdout, *verbose)
	if err := r.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	r.summary(*slowest)
	if r.failed {
		os.Exit(1)
	}
}

// event is one line of go test -json: a test event (test2json's
// TestEvent) or a build event (go help buildjson).
type event struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	ImportPath  string
	FailedBuild string
}

// read handles each line of in. A line that is not JSON is passed through
// as it is: go test writes some early errors as plain text.
func (r *report) read(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil || e.Action == "" {
			fmt.Fprintln(r.out, sc.Text())
			continue
		}
		r.handle(e)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read go test output: %w", err)
	}
	return nil
}
