package main

import (
	"os"
	"testing"
)

// asCommand marks a process that binary started: it runs the command, not
// the tests.
const asCommand = "CLINICTEST_RUN_COMMAND"

// TestMain runs the tests or, in a process that binary started, the
// command itself. The processes the tests start inherit the mark from this
// one's environment.
func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		os.Exit(0)
	}
	os.Setenv(asCommand, "1")
	os.Exit(m.Run())
}
