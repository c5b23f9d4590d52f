// Package dicom reads what a patient uploads for an MRI review: the
// folder of a CD (a DICOMDIR and its images), a ZIP of it, single DICOM
// files, and reports as PDF or pictures. It recognises files by content,
// refuses damaged and hostile ones with a reason in plain words, groups
// images into studies and series, and draws frames for thumbnails and the
// viewer. It is an adapter: it knows no database, no web pages and no
// clock, and it logs nothing.
//
// # Ingest
//
// One Ingester serves the whole server; its Config.Parallel bounds how
// many files are parsed and drawn at once across every upload. Each
// upload (each review request) has a Collection, which files are added to
// in one call or many:
//
//	g := dicom.NewIngester(dicom.Config{Parallel: 2})
//	c := dicom.NewCollection(alreadyStoredUIDs...)
//	err := g.Ingest(ctx, c, dicom.File{Name: "DICOM/IM000001", Data: r})
//	for _, st := range c.Studies() {
//		st.Summary() // "MRI lumbar spine, 2 March 2024, 3 series, 412 images"
//		for _, se := range st.Series {
//			se.Summary()          // "SAG T2, 15 images"
//			se.Middle().Thumbnail // PNG, or nil with Middle().NoPreview saying why
//		}
//	}
//	c.Problems()  // per file: not an image, damaged, duplicate, too large, refused, missing
//	c.Documents() // PDFs and pictures, to keep as reports
//
// An image whose SOP Instance UID is already in the Collection (or among
// the UIDs it was started with) is a duplicate and adds nothing, so a
// second upload of the same CD changes nothing. Objects without pixels
// (structured reports, presentation states) are kept with HasPixels false
// and are not counted as images. A DICOMDIR is read for the
// files it lists; those the upload lacks are reported as missing. ZIPs are
// unpacked within ZipLimits (entry count, total size, per-entry
// compression ratio, entries in memory), entries with unsafe names
// (.., absolute paths, drive letters, backslashes) are refused, nested
// ZIPs are not followed. Entries over ZipLimits.MaxInMemory go to
// Config.Spool (which must encrypt: they are PHI) or are refused.
//
// # Safety
//
// Every DICOM file is first walked by Scan, our own bounded scanner:
// explicit and implicit VR, little and big endian, sequences and items of
// defined and undefined length, encapsulated fragments. It refuses any
// length beyond the bytes that remain in the enclosing value, nesting
// deeper than Limits.MaxDepth and more than Limits.MaxElements elements;
// it costs a 4 KiB buffer whatever the file says. Only then does
// github.com/suyashkumar/dicom parse the file's attributes (ReadInstance),
// from a header the scanner writes and the data set up to the pixel data,
// so the library reads exactly the bytes the scanner checked, the way the
// scanner read them; a panic there is recovered. Frames are drawn from the
// scanner's map of the pixel data, never through the library, and a
// compressed frame may expand at most Limits.MaxExpansion times.
//
// Patient names, IDs, birth dates and file names are PHI: Patient prints
// as "[withheld]" with fmt and log/slog; Problem.String leaves the file
// name out; errors name offsets, tags and sizes, never values. Errors from
// the library are not passed on, as their text can quote values.
//
// # Drawing
//
// OpenImage and Image.Render draw a frame as 8-bit grey (or RGB colour)
// from uncompressed data in either byte order, RLE, JPEG baseline and JPEG
// lossless (process 14, any predictor, decoded by this package), 8 to 16
// bits, signed or not, after rescale slope and intercept, inverted for
// MONOCHROME1, through a Window: the file's own (FileWindow), a preset
// (SoftTissue, Bone; Presets names them) or one from the frame's
// histogram (AutoWindow).
// JPEG-LS, JPEG 2000, 12-bit JPEG, video and palette colour have no
// preview: Render returns an error wrapping ErrNoPreview and ingest keeps
// the image without a thumbnail. Thumbnail and EncodePNG make small PNGs.
//
// # Errors
//
// Refusals are *clinic.Error values of kind clinic.EInvalid (or
// clinic.ETooLarge) with a message safe to show, wrapping ErrNotDICOM,
// ErrDamaged, ErrTooLarge, ErrUnsupported or ErrNoPreview.
//
// The subpackage dicomtest writes the fixtures the tests use.
package dicom
