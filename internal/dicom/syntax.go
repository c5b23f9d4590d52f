package dicom

import (
	"encoding/binary"
	"strings"
)

// Transfer syntax UIDs this package knows by name.
const (
	ImplicitVRLittleEndian = "1.2.840.10008.1.2"
	ExplicitVRLittleEndian = "1.2.840.10008.1.2.1"
	DeflatedExplicitVRLE   = "1.2.840.10008.1.2.1.99"
	ExplicitVRBigEndian    = "1.2.840.10008.1.2.2"
	RLELossless            = "1.2.840.10008.1.2.5"
	JPEGBaseline           = "1.2.840.10008.1.2.4.50"
	JPEGExtended           = "1.2.840.10008.1.2.4.51"
	JPEGLossless           = "1.2.840.10008.1.2.4.57"
	JPEGLosslessSV1        = "1.2.840.10008.1.2.4.70"
	JPEGLSLossless         = "1.2.840.10008.1.2.4.80"
	JPEGLSNearLossless     = "1.2.840.10008.1.2.4.81"
	JPEG2000Lossless       = "1.2.840.10008.1.2.4.90"
	JPEG2000               = "1.2.840.10008.1.2.4.91"
)

// MediaStorageDirectory is the SOP class of a DICOMDIR.
const MediaStorageDirectory = "1.2.840.10008.1.3.10"

// Syntax is how a data set is encoded: its transfer syntax UID and the
// byte order and VR mode that follow from it.
type Syntax struct {
	UID      string
	Order    binary.ByteOrder
	Implicit bool
	// Inferred is true when the file named no transfer syntax and the
	// scanner worked it out from the first element.
	Inferred bool
}

// syntaxOf returns the encoding a transfer syntax UID names. Every syntax
// not listed (the compressed ones) is explicit VR little endian.
func syntaxOf(uid string) Syntax {
	switch uid {
	case ImplicitVRLittleEndian:
		return Syntax{UID: uid, Order: binary.LittleEndian, Implicit: true}
	case ExplicitVRBigEndian:
		return Syntax{UID: uid, Order: binary.BigEndian}
	default:
		return Syntax{UID: uid, Order: binary.LittleEndian}
	}
}

// Encapsulated reports whether pixel data in this syntax is compressed
// and stored as fragments.
func (s Syntax) Encapsulated() bool {
	switch s.UID {
	case ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLE:
		return false
	}
	return s.UID != ""
}

// canonical is the plain transfer syntax with this syntax's byte order
// and VR mode: what the DICOM library is told, so that it reads the data
// set exactly as the scanner did.
func (s Syntax) canonical() string {
	switch {
	case s.Implicit:
		return ImplicitVRLittleEndian
	case s.Order == binary.BigEndian:
		return ExplicitVRBigEndian
	}
	return ExplicitVRLittleEndian
}

// Name is the transfer syntax in words, for pages and reports.
func (s Syntax) Name() string {
	if n, ok := syntaxNames[s.UID]; ok {
		return n
	}
	if s.UID == "" || len(s.UID) > 64 || strings.Trim(s.UID, "0123456789.") != "" {
		return "unknown"
	}
	return "other (" + s.UID + ")"
}

var syntaxNames = map[string]string{
	ImplicitVRLittleEndian: "uncompressed (implicit VR)",
	ExplicitVRLittleEndian: "uncompressed",
	DeflatedExplicitVRLE:   "deflated",
	ExplicitVRBigEndian:    "uncompressed (big endian)",
	RLELossless:            "RLE lossless",
	JPEGBaseline:           "JPEG baseline",
	JPEGExtended:           "JPEG extended (12-bit)",
	JPEGLossless:           "JPEG lossless",
	JPEGLosslessSV1:        "JPEG lossless",
	JPEGLSLossless:         "JPEG-LS lossless",
	JPEGLSNearLossless:     "JPEG-LS near-lossless",
	JPEG2000Lossless:       "JPEG 2000 lossless",
	JPEG2000:               "JPEG 2000",
}

// trimValue drops the padding DICOM adds to make a value's length even.
func trimValue(b []byte) string {
	return strings.TrimRight(string(b), " \x00")
}
