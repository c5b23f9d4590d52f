package dicom

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ZipLimits bound what unpacking one ZIP may cost. Zero values mean the
// defaults.
type ZipLimits struct {
	MaxFiles int   // entries (default 20,000)
	MaxTotal int64 // bytes unpacked in all (default 4 GiB)
	// MaxRatio bounds how many times smaller than its content an entry
	// over 1 MiB may be (default 200): a ZIP bomb is refused before it is
	// unpacked.
	MaxRatio int64
	// MaxInMemory is the largest entry read into memory (default 64 MiB);
	// larger ones go to Config.Spool or are refused.
	MaxInMemory int64
}

// DefaultZipLimits are the limits used where a field is zero.
var DefaultZipLimits = ZipLimits{MaxFiles: 20_000, MaxTotal: 4 << 30, MaxRatio: 200, MaxInMemory: 64 << 20}

func (l ZipLimits) withDefaults() ZipLimits {
	d := DefaultZipLimits
	if l.MaxFiles > 0 {
		d.MaxFiles = l.MaxFiles
	}
	if l.MaxTotal > 0 {
		d.MaxTotal = l.MaxTotal
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.MaxInMemory > 0 {
		d.MaxInMemory = l.MaxInMemory
	}
	return d
}

// unzip hands each entry of a ZIP to a worker, within the limits. Nested
// ZIPs are not followed. archive/zip itself refuses an entry that unpacks
// to more than its header declares, so the declared sizes checked here
// are upper bounds.
func (r *run) unzip(f File) {
	lim := r.g.cfg.Zip
	zr, err := zip.NewReader(f.Data, f.Data.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		r.c.addProblem(Problem{File: f.Name, Kind: ProblemDamaged, Detail: "the ZIP archive is damaged and could not be opened"})
		return
	}
	if len(zr.File) > lim.MaxFiles {
		r.c.addProblem(Problem{File: f.Name, Kind: ProblemRefused,
			Detail: fmt.Sprintf("the ZIP holds %d files, over the limit of %d", len(zr.File), lim.MaxFiles)})
		return
	}
	var total int64
	for _, e := range zr.File {
		if r.ctx.Err() != nil || e.FileInfo().IsDir() || systemFile(e.Name) {
			continue
		}
		name := f.Name + "/" + e.Name
		size := int64(min(e.UncompressedSize64, 1<<62))
		if total += size; total > lim.MaxTotal {
			r.c.addProblem(Problem{File: f.Name, Kind: ProblemRefused,
				Detail: fmt.Sprintf("the ZIP unpacks to more than %s; the rest of it was not read", megabytes(lim.MaxTotal))})
			return
		}
		if p, ok := checkEntry(e, size, lim); !ok {
			p.File = name
			r.c.addProblem(p)
			continue
		}
		r.entry(e, name, size)
	}
}

// checkEntry refuses an entry by its name or its compression ratio.
func checkEntry(e *zip.File, size int64, lim ZipLimits) (Problem, bool) {
	if why := unsafeName(e.Name); why != "" {
		return Problem{Kind: ProblemRefused, Detail: "the ZIP entry's name is unsafe: " + why}, false
	}
	if size > 1<<20 && size/max(int64(e.CompressedSize64), 1) > lim.MaxRatio {
		return Problem{Kind: ProblemRefused, Detail: fmt.Sprintf(
			"the ZIP entry unpacks to %s from %s, more than %d to 1: refused as a ZIP bomb",
			megabytes(size), megabytes(int64(e.CompressedSize64)), lim.MaxRatio)}, false
	}
	return Problem{}, true
}

// entry reads one entry and hands it to a worker.
func (r *run) entry(e *zip.File, name string, size int64) {
	data, err := r.read(e, size)
	if err != nil {
		r.c.addProblem(problemOf(name, err))
		return
	}
	id, err := Identify(data, data.Size())
	switch {
	case err != nil:
		r.c.addProblem(problemOf(name, err))
	case id.Kind == KindZIP:
		r.c.saw(name)
		r.c.addProblem(Problem{File: name, Kind: ProblemRefused,
			Detail: "a ZIP inside a ZIP is not unpacked: please unpack it and send what it holds"})
	default:
		r.spawn(File{Name: name, Data: data}, id)
	}
}

// read returns an entry's content: in memory up to MaxInMemory, through
// the spool above it.
func (r *run) read(e *zip.File, size int64) (Source, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, refuse(ErrDamaged, "the ZIP entry could not be opened")
	}
	defer rc.Close()
	if size > r.g.cfg.Zip.MaxInMemory {
		if r.g.cfg.Spool == nil {
			return nil, tooLarge("the file is %s, over the limit of %s for a file inside a ZIP; send it on its own",
				megabytes(size), megabytes(r.g.cfg.Zip.MaxInMemory))
		}
		return r.g.cfg.Spool(io.LimitReader(rc, size), size)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(rc, buf); err != nil {
		return nil, refuse(ErrDamaged, "the ZIP entry is damaged and could not be unpacked")
	}
	var one [1]byte
	if n, err := rc.Read(one[:]); n != 0 || err != io.EOF {
		return nil, refuse(ErrDamaged, "the ZIP entry is damaged (its size or checksum is wrong)")
	}
	return bytes.NewReader(buf), nil
}

// unsafeName says why an entry's name could reach outside the folder it
// is unpacked in, or "" when it cannot.
func unsafeName(name string) string {
	switch {
	case strings.ContainsRune(name, '\\'):
		return "it uses backslashes"
	case strings.HasPrefix(name, "/"):
		return "it is an absolute path"
	case len(name) >= 2 && name[1] == ':' && (name[0]|0x20 >= 'a' && name[0]|0x20 <= 'z'):
		return "it names a drive"
	case strings.ContainsRune(name, 0):
		return "it holds a NUL character"
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "it climbs out of its folder (..)"
		}
	}
	return ""
}

// systemFile reports the files a Mac or Windows adds to a folder it
// zips, which are skipped without a word.
func systemFile(name string) bool {
	base := name[strings.LastIndex(name, "/")+1:]
	return strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || strings.EqualFold(base, "Thumbs.db") ||
		strings.EqualFold(base, "desktop.ini")
}
