package dicom

import (
	"errors"

	"clinic"
)

// ProblemKind sorts what was wrong with a file.
type ProblemKind int

// The kinds of problem a file can have.
const (
	ProblemNotImage    ProblemKind = iota // not DICOM nor a report: a program, a page, a text
	ProblemDamaged                        // DICOM, but broken or hostile
	ProblemDuplicate                      // an image already in the upload
	ProblemTooLarge                       // over a size limit
	ProblemRefused                        // an unsafe ZIP entry, a ZIP bomb, a ZIP in a ZIP
	ProblemUnsupported                    // DICOM in an encoding not read here
	ProblemMissing                        // listed by a DICOMDIR, not uploaded
)

func (k ProblemKind) String() string {
	return [...]string{"not an image", "damaged", "duplicate", "too large", "refused", "not supported",
		"missing"}[k]
}

// Problem is one file that was not used, and why, in words for the
// patient. Detail names sizes, offsets and tags, never a value from the
// file; File is the patient's own file name (PHI: shown to them, never
// logged).
type Problem struct {
	File   string
	Kind   ProblemKind
	Detail string
}

// String is the problem without the file name, safe to log.
func (p Problem) String() string { return p.Kind.String() + ": " + p.Detail }

// problemOf turns a refusal into a Problem.
func problemOf(file string, err error) Problem {
	kind := ProblemDamaged
	switch {
	case errors.Is(err, ErrNotDICOM):
		kind = ProblemNotImage
	case errors.Is(err, ErrTooLarge):
		kind = ProblemTooLarge
	case errors.Is(err, ErrUnsupported):
		kind = ProblemUnsupported
	}
	return Problem{File: file, Kind: kind, Detail: messageOf(err)}
}

// messageOf is an error's showable message; errors of our own (a failed
// read of the upload) get a plain sentence.
func messageOf(err error) string {
	if clinic.ErrorKind(err) == clinic.EInternal {
		return "the file could not be read on our side; please send it again"
	}
	return clinic.ErrorMessage(err)
}
