package dicom

import (
	"bytes"
	"io"
)

// Kind is what a file is, recognised by its content, never its name.
type Kind int

// The kinds of file an upload can hold.
const (
	KindUnusable Kind = iota // anything else; Identity.Reason says what it is
	KindDICOM                // a DICOM image or other object
	KindDICOMDIR             // a CD's DICOM directory
	KindZIP                  // a ZIP archive
	KindPDF                  // a PDF document (a report)
	KindJPEG                 // a JPEG picture (a photographed report)
	KindPNG                  // a PNG picture
)

func (k Kind) String() string {
	return [...]string{"unusable", "DICOM", "DICOMDIR", "ZIP", "PDF", "JPEG", "PNG"}[k]
}

// Identity is what Identify found. Reason is set for unusable files, in
// plain words a patient understands; it never quotes the file.
type Identity struct {
	Kind   Kind
	Reason string
}

// headSize is how much of a file Identify reads.
const headSize = 1024

// Identify recognises a file by its first bytes. For a DICOM file it also
// reads the file meta group, through the scanner, to tell a DICOMDIR from
// an image. It reads at most the file's first kilobyte plus its meta
// group.
func Identify(r io.ReaderAt, size int64) (Identity, error) {
	head := make([]byte, min(size, headSize))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return Identity{}, err
	}
	if id, ok := identifyHead(head, size); ok {
		return id, nil
	}
	return identifyDICOM(r, size)
}

// IdentifyBytes is Identify over a byte slice.
func IdentifyBytes(b []byte) (Identity, error) {
	return Identify(bytes.NewReader(b), int64(len(b)))
}

// identifyHead recognises everything but DICOM from the first bytes.
func identifyHead(b []byte, size int64) (Identity, bool) {
	if size == 0 {
		return unusable("an empty file"), true
	}
	// The preamble first: it may hold anything, a TIFF header or even a
	// program's, and the file is still DICOM.
	if len(b) >= 132 && string(b[128:132]) == "DICM" {
		return Identity{}, false
	}
	for _, m := range magics {
		if bytes.HasPrefix(b, m.prefix) {
			return m.id, true
		}
	}
	if isDICOMStart(b, size) {
		return Identity{}, false
	}
	return identifyText(b), true
}

// isDICOMStart reports whether b starts with a plausible group 0002 or
// 0008 element.
func isDICOMStart(b []byte, size int64) bool {
	if len(b) < 8 {
		return false
	}
	_, ok := plausibleStart(b, size)
	return ok
}

func unusable(reason string) Identity { return Identity{Kind: KindUnusable, Reason: reason} }

var magics = []struct {
	prefix []byte
	id     Identity
}{
	{[]byte("PK\x03\x04"), Identity{Kind: KindZIP}},
	{[]byte("PK\x05\x06"), Identity{Kind: KindZIP}},
	{[]byte("%PDF-"), Identity{Kind: KindPDF}},
	{[]byte("\xFF\xD8\xFF"), Identity{Kind: KindJPEG}},
	{[]byte("\x89PNG\r\n\x1A\n"), Identity{Kind: KindPNG}},
	{[]byte("MZ"), unusable("a Windows program (the image viewer from the CD, not the images)")},
	{[]byte("\x7FELF"), unusable("a Linux program (the image viewer from the CD, not the images)")},
	{[]byte("\xFE\xED\xFA\xCE"), unusable("a Mac program (the image viewer from the CD, not the images)")},
	{[]byte("\xFE\xED\xFA\xCF"), unusable("a Mac program (the image viewer from the CD, not the images)")},
	{[]byte("\xCE\xFA\xED\xFE"), unusable("a Mac program (the image viewer from the CD, not the images)")},
	{[]byte("\xCF\xFA\xED\xFE"), unusable("a Mac program (the image viewer from the CD, not the images)")},
	{[]byte("\xCA\xFE\xBA\xBE"), unusable("a Mac or Java program (the image viewer from the CD, not the images)")},
	{[]byte("GIF8"), unusable("a GIF picture, which we do not read: please send it as JPEG or PNG")},
	{[]byte("II*\x00"), unusable("a TIFF picture, which we do not read: please send it as JPEG or PNG")},
	{[]byte("MM\x00*"), unusable("a TIFF picture, which we do not read: please send it as JPEG or PNG")},
	{[]byte("BM"), unusable("a BMP picture, which we do not read: please send it as JPEG or PNG")},
	{[]byte("Rar!"), unusable("a RAR archive, which we do not unpack: please send a ZIP or the folder")},
	{[]byte("7z\xBC\xAF\x27\x1C"), unusable("a 7-Zip archive, which we do not unpack: please send a ZIP or the folder")},
	{[]byte("\x1F\x8B"), unusable("a gzip archive, which we do not unpack: please send a ZIP or the folder")},
}

// identifyText names the text files a CD carries beside the images.
func identifyText(b []byte) Identity {
	t := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")), " \t\r\n"))
	switch {
	case bytes.HasPrefix(t, []byte("[autorun]")):
		return unusable("the CD's autorun file (part of the viewer, not the images)")
	case bytes.HasPrefix(t, []byte("<!doctype html")), bytes.HasPrefix(t, []byte("<html")):
		return unusable("a web page (part of the CD's viewer, not the images)")
	case bytes.HasPrefix(t, []byte("<?xml")):
		return unusable("an XML file (part of the CD's viewer, not the images)")
	case isText(b):
		return unusable("a text file")
	}
	return unusable("of a kind we cannot read as an image or a report")
}

// isText reports whether b looks like plain text.
func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F {
			return false
		}
	}
	return len(b) > 0
}

// identifyDICOM tells a DICOMDIR from other DICOM by the media storage SOP
// class in the meta group.
func identifyDICOM(r io.ReaderAt, size int64) (Identity, error) {
	s := &scanner{w: newWindow(r, size), lim: DefaultLimits, lay: &Layout{Size: size}, values: map[uint32][]byte{}}
	off, err := s.start()
	if err == nil {
		_, err = s.meta(off)
	}
	if err != nil {
		return Identity{Kind: KindDICOM}, nil // the scan that follows says what is wrong
	}
	s.keep()
	if s.lay.IsDirectory() {
		return Identity{Kind: KindDICOMDIR}, nil
	}
	return Identity{Kind: KindDICOM}, nil
}
