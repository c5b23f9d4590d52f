package dicom

import (
	"context"
	"io"
	"runtime"
	"sync"
)

// Source is a file to read: random access and a size. *bytes.Reader,
// *strings.Reader and *io.SectionReader are Sources.
type Source interface {
	io.ReaderAt
	Size() int64
}

// File is one uploaded file.
type File struct {
	Name string // as uploaded, with the folder path: PHI, never logged
	Data Source
}

// Config sets an Ingester's limits. Zero values mean the defaults.
type Config struct {
	Limits Limits
	Zip    ZipLimits
	// Parallel bounds how many files are scanned, parsed and drawn at once
	// across every Ingest call of the Ingester (default: the number of
	// CPUs).
	Parallel int
	// ThumbnailSize is the longest side of thumbnails in pixels (default
	// 128); negative makes none.
	ThumbnailSize int
	// Spool, when set, takes ZIP entries larger than Zip.MaxInMemory
	// (streamed, never read into memory) and returns them as a Source,
	// for example through the encrypted blob store. Without it such
	// entries are refused as too large. Spool must not write the entry
	// unencrypted anywhere: it is PHI.
	Spool func(r io.Reader, size int64) (Source, error)
}

// Ingester reads uploads into Collections. One Ingester is meant to be
// shared by every upload of the server, so that its bound on parses holds
// across them.
type Ingester struct {
	cfg Config
	sem chan struct{}
}

// NewIngester returns an Ingester with cfg's limits.
func NewIngester(cfg Config) *Ingester {
	if cfg.Parallel <= 0 {
		cfg.Parallel = runtime.NumCPU()
	}
	if cfg.ThumbnailSize == 0 {
		cfg.ThumbnailSize = 128
	}
	cfg.Limits = cfg.Limits.withDefaults()
	cfg.Zip = cfg.Zip.withDefaults()
	return &Ingester{cfg: cfg, sem: make(chan struct{}, cfg.Parallel)}
}

// Ingest reads files into c: images are parsed, deduplicated by SOP
// Instance UID and given thumbnails; DICOMDIRs are read; ZIPs are
// unpacked within limits; reports are kept as documents; everything else
// becomes a Problem that says why, without stopping the rest. Ingest
// returns an error only when ctx ends.
func (g *Ingester) Ingest(ctx context.Context, c *Collection, files ...File) error {
	r := &run{g: g, c: c, ctx: ctx, slots: make(chan struct{}, cap(g.sem))}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		r.top(f)
	}
	r.wg.Wait()
	return ctx.Err()
}

// run is one Ingest call: slots bounds the files it holds at once.
type run struct {
	g     *Ingester
	c     *Collection
	ctx   context.Context
	slots chan struct{}
	wg    sync.WaitGroup
}

// top handles an uploaded file: ZIPs are unpacked here, in the calling
// goroutine, other files go to a worker.
func (r *run) top(f File) {
	id, err := Identify(f.Data, f.Data.Size())
	if err != nil {
		r.c.addProblem(problemOf(f.Name, err))
		return
	}
	if id.Kind == KindZIP {
		r.c.saw(f.Name)
		r.unzip(f)
		return
	}
	r.spawn(f, id)
}

// spawn handles a file in a goroutine once the run has a free slot.
func (r *run) spawn(f File, id Identity) {
	select {
	case r.slots <- struct{}{}:
	case <-r.ctx.Done():
		return
	}
	r.wg.Add(1)
	go func() {
		defer func() { <-r.slots; r.wg.Done() }()
		r.one(f, id)
	}()
}

// one handles a file that is not a ZIP.
func (r *run) one(f File, id Identity) {
	r.c.saw(f.Name)
	switch id.Kind {
	case KindDICOM:
		r.image(f)
	case KindDICOMDIR:
		r.directory(f)
	case KindPDF, KindJPEG, KindPNG:
		r.c.addDocument(Document{File: f.Name, Kind: id.Kind, Size: f.Data.Size()})
	default:
		r.c.addProblem(Problem{File: f.Name, Kind: ProblemNotImage, Detail: id.Reason})
	}
}

// image reads one DICOM file and draws its thumbnail under the
// Ingester's bound.
func (r *run) image(f File) {
	if !r.g.acquire(r.ctx) {
		return
	}
	in, err := r.g.read(f)
	r.g.release()
	if err != nil {
		r.c.addProblem(problemOf(f.Name, err))
		return
	}
	in.File = f.Name
	if !r.c.add(in) {
		r.c.addProblem(Problem{File: f.Name, Kind: ProblemDuplicate, Detail: "the same image was already uploaded"})
	}
}

// read reads one image and its thumbnail; a panic anywhere in it refuses
// this file alone.
func (g *Ingester) read(f File) (in *Instance, err error) {
	defer func() {
		if v := recover(); v != nil {
			in, err = nil, refuse(ErrDamaged, "the file could not be read: it broke the reader")
		}
	}()
	in, lay, err := ReadInstance(f.Data, f.Data.Size(), g.cfg.Limits)
	if err == nil && g.cfg.ThumbnailSize > 0 {
		g.thumbnail(in, f.Data, lay)
	}
	return in, err
}

func (r *run) directory(f File) {
	if !r.g.acquire(r.ctx) {
		return
	}
	d, err := ReadDirectory(f.Data, f.Data.Size(), r.g.cfg.Limits)
	r.g.release()
	if err != nil {
		r.c.addProblem(problemOf(f.Name, err))
		return
	}
	d.File = f.Name
	r.c.addDirectory(d)
}

func (g *Ingester) acquire(ctx context.Context) bool {
	select {
	case g.sem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (g *Ingester) release() { <-g.sem }
