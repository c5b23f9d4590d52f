package dicom

import (
	"errors"
	"fmt"

	"clinic"
)

// The causes a refusal carries, for errors.Is. Every error this package
// returns for a bad file is a *clinic.Error of kind clinic.EInvalid (or
// clinic.ETooLarge) whose message is safe to show: it names offsets, tags
// and sizes, never a value read from the file.
var (
	// ErrNotDICOM: the bytes are not a DICOM file.
	ErrNotDICOM = errors.New("not a DICOM file")
	// ErrDamaged: the file starts as DICOM but its structure is broken or
	// hostile (a length beyond the end of the file, a sequence without its
	// end, nesting or element counts beyond the limits).
	ErrDamaged = errors.New("damaged DICOM file")
	// ErrTooLarge: the file or archive is over a configured limit.
	ErrTooLarge = errors.New("over the size limit")
	// ErrUnsupported: valid DICOM in an encoding this package does not read
	// (a deflated data set).
	ErrUnsupported = errors.New("unsupported DICOM encoding")
	// ErrNoPreview: the file was read, but its pixels cannot be drawn here
	// (JPEG-LS, JPEG 2000, video, palette colour). Never a reason to refuse
	// the file.
	ErrNoPreview = errors.New("no preview for this image")
)

// refuse returns a showable error of kind EInvalid with cause err.
func refuse(cause error, format string, args ...any) error {
	return &clinic.Error{Kind: clinic.EInvalid, Message: fmt.Sprintf(format, args...), Err: cause}
}

// tooLarge returns a showable error of kind ETooLarge.
func tooLarge(format string, args ...any) error {
	return &clinic.Error{Kind: clinic.ETooLarge, Message: fmt.Sprintf(format, args...), Err: ErrTooLarge}
}

// noPreview returns an error that says why a frame cannot be drawn.
func noPreview(format string, args ...any) error {
	return &clinic.Error{Kind: clinic.EInvalid, Message: fmt.Sprintf(format, args...), Err: ErrNoPreview}
}
