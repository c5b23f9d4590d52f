package dicom

import (
	"io"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// Directory is a DICOMDIR: the index a CD carries of its images.
type Directory struct {
	File    string // the DICOMDIR's name in the upload (PHI: never logged)
	Entries []DirectoryEntry
}

// DirectoryEntry is one file a DICOMDIR references.
type DirectoryEntry struct {
	// Path is relative to the DICOMDIR's folder, with slashes:
	// "DICOM/IM000001".
	Path           string
	SOPInstanceUID string
}

// ReadDirectory reads the files a DICOMDIR references, scanning it first
// like any other DICOM file.
func ReadDirectory(r io.ReaderAt, size int64, lim Limits) (d *Directory, err error) {
	defer func() {
		if v := recover(); v != nil {
			d, err = nil, refuse(ErrDamaged, "the DICOMDIR could not be read: it broke the reader")
		}
	}()
	lay, err := Scan(r, size, lim)
	if err != nil {
		return nil, err
	}
	if !lay.IsDirectory() {
		return nil, refuse(ErrNotDICOM, "the file is DICOM but not a DICOMDIR")
	}
	ds, err := parseLibrary(r, lay)
	if err != nil {
		return nil, err
	}
	return directoryFrom(ds), nil
}

// directoryFrom collects each record's Referenced File ID.
func directoryFrom(ds dicom.Dataset) *Directory {
	d := &Directory{}
	el, err := ds.FindElementByTag(tag.DirectoryRecordSequence)
	if err != nil {
		return d
	}
	items, _ := el.Value.GetValue().([]*dicom.SequenceItemValue)
	for _, it := range items {
		elems, _ := it.GetValue().([]*dicom.Element)
		a := attrs{&dicom.Dataset{Elements: elems}}
		parts := a.strs(tag.ReferencedFileID)
		if len(parts) == 0 {
			continue
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		d.Entries = append(d.Entries, DirectoryEntry{
			Path:           strings.Join(parts, "/"),
			SOPInstanceUID: a.str(tag.ReferencedSOPInstanceUIDInFile),
		})
	}
	return d
}
