package main

import (
	"os"
	"path/filepath"
	"testing"

	"clinic/internal/s3test"
)

// asCommand marks a process started from this test binary (os.Args[0]) to
// run the command instead of the tests. The processes the tests start
// inherit the mark from this one's environment; binary builds the real
// command for tests that want it.
const asCommand = "CLINICTEST_RUN_COMMAND"

// TestMain runs the tests or, in a process marked asCommand, the command.
func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		os.Exit(0)
	}
	os.Setenv(asCommand, "1")
	code := m.Run()
	s3test.Stop()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}
