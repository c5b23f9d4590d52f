package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stream writes events as go test -json does, one JSON object a line.
func stream(t *testing.T, events ...event) string {
	t.Helper()
	var b strings.Builder
	for _, e := range events {
		j, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func out(pkg, test, s string) event {
	return event{Action: "output", Package: pkg, Test: test, Output: s}
}
func run(pkg, test string) event { return event{Action: "run", Package: pkg, Test: test} }
func end(action, pkg, test string, s float64) event {
	return event{Action: action, Package: pkg, Test: test, Elapsed: s}
}

func TestReport(t *testing.T) {
	passing := []event{
		run("p", "TestA"), out("p", "TestA", "=== RUN   TestA\n"), out("p", "TestA", "    a_test.go:1: chatter\n"),
		out("p", "TestA", "--- PASS: TestA (2.50s)\n"), end("pass", "p", "TestA", 2.5),
		run("p", "TestB"), out("p", "TestB", "--- PASS: TestB (0.10s)\n"), end("pass", "p", "TestB", 0.1),
		run("p", "TestC"), out("p", "TestC", "--- SKIP: TestC (0.00s)\n"), end("skip", "p", "TestC", 0),
		out("p", "", "PASS\n"), out("p", "", "ok  \tp\t2.6s\n"), end("pass", "p", "", 2.6),
		out("e", "", "?   \te\t[no test files]\n"), end("skip", "e", "", 0),
	}
	failing := []event{
		run("f", "TestF"), out("f", "TestF", "=== RUN   TestF\n"), out("f", "TestF", "    f_test.go:9: want 1, got 2\n"),
		out("f", "TestF", "--- FAIL: TestF (0.20s)\n"), end("fail", "f", "TestF", 0.2),
		out("f", "", "FAIL\n"), out("f", "", "FAIL\tf\t0.3s\n"), end("fail", "f", "", 0.3),
	}
	tests := []struct {
		name       string
		input      string
		verbose    bool
		want       string
		wantFailed bool
	}{
		{
			name:  "a passing run shows one line a package, the slowest tests and the count",
			input: stream(t, passing...),
			want:  "ok  \tp\t2.6s\n?   \te\t[no test files]\n\nslowest tests:\n    2.50s  p  TestA\n\ntests: 2 passed, 0 failed, 1 skipped\n",
		},
		{
			name:       "a failing test shows its failure line first, then its log",
			input:      stream(t, failing...),
			want:       "--- FAIL: TestF (0.20s)\n    f_test.go:9: want 1, got 2\nFAIL\nFAIL\tf\t0.3s\n\nslowest tests:\n    0.20s  f  TestF\n\ntests: 0 passed, 1 failed, 0 skipped\n",
			wantFailed: true,
		},
		{
			name:       "a failed test is written with its package, not among other packages' lines",
			input:      stream(t, slices.Concat(failing[:5], passing[len(passing)-2:], failing[5:])...),
			want:       "?   \te\t[no test files]\n--- FAIL: TestF (0.20s)\n    f_test.go:9: want 1, got 2\nFAIL\nFAIL\tf\t0.3s\n\nslowest tests:\n    0.20s  f  TestF\n\ntests: 0 passed, 1 failed, 0 skipped\n",
			wantFailed: true,
		},
		{
			name: "a build failure shows the compiler's output and fails",
			input: stream(t, event{Action: "build-output", ImportPath: "b [b.test]", Output: "# b [b.test]\n"},
				event{Action: "build-output", ImportPath: "b [b.test]", Output: "b_test.go:3:2: undefined: x\n"},
				event{Action: "build-fail", ImportPath: "b [b.test]"},
				out("b", "", "FAIL\tb [build failed]\n"), event{Action: "fail", Package: "b", FailedBuild: "b [b.test]"}),
			want:       "# b [b.test]\nb_test.go:3:2: undefined: x\nFAIL\tb [build failed]\n\ntests: 0 passed, 0 failed, 0 skipped\n",
			wantFailed: true,
		},
		{
			name: "a test still running when its binary dies counts as failed and shows its output",
			input: stream(t, run("t", "TestSlow"), out("t", "TestSlow", "    slow_test.go:4: started\n"),
				out("t", "", "panic: test timed out after 20m0s\n"), out("t", "", "FAIL\tt\t1200.0s\n"), end("fail", "t", "", 1200)),
			want:       "    slow_test.go:4: started\npanic: test timed out after 20m0s\nFAIL\tt\t1200.0s\n\ntests: 0 passed, 1 failed, 0 skipped\n",
			wantFailed: true,
		},
		{
			name:    "with -v every line is shown as it comes",
			input:   stream(t, passing[:8]...),
			verbose: true,
			want:    "=== RUN   TestA\n    a_test.go:1: chatter\n--- PASS: TestA (2.50s)\n--- PASS: TestB (0.10s)\n\nslowest tests:\n    2.50s  p  TestA\n    0.10s  p  TestB\n\ntests: 2 passed, 0 failed, 0 skipped\n",
		},
		{
			name:  "a line that is not JSON is passed through",
			input: "go: downloading example.com/m v1.0.0\n" + stream(t, passing[len(passing)-2:]...),
			want:  "go: downloading example.com/m v1.0.0\n?   \te\t[no test files]\n\ntests: 0 passed, 0 failed, 0 skipped\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			r := newReport(&b, tt.verbose)
			if err := r.read(strings.NewReader(tt.input)); err != nil {
				t.Fatal(err)
			}
			slowest := 1
			if tt.verbose {
				slowest = 10
			}
			r.summary(slowest)
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			if r.failed != tt.wantFailed {
				t.Errorf("failed = %v, want %v", r.failed, tt.wantFailed)
			}
		})
	}
}

// FuzzReport feeds the reader arbitrary lines: it must not panic, and a
// fail event anywhere must make the run fail.
func FuzzReport(f *testing.F) {
	f.Add(`{"Action":"run","Package":"p","Test":"T"}`+"\n"+`{"Action":"fail","Package":"p","Test":"T","Elapsed":1}`, false)
	f.Add(`{"Action":"output","Package":"p","Output":"ok  \tp\t1s\n"}`+"\n"+`{"Action":"pass","Package":"p"}`, true)
	f.Add("not json\n{\"Action\":\"build-fail\"}\n{", false)
	f.Fuzz(func(t *testing.T, input string, verbose bool) {
		r := newReport(&strings.Builder{}, verbose)
		if err := r.read(strings.NewReader(input)); err != nil {
			return
		}
		r.summary(10)
		if strings.Contains(input, `"Action":"fail"`) && !r.failed {
			for _, line := range strings.Split(input, "\n") {
				var e event
				if json.Unmarshal([]byte(line), &e) == nil && e.Action == "fail" {
					t.Fatalf("a fail event did not fail the run: %q", line)
				}
			}
		}
	})
}
