package dicom

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"sync"
)

// Collection is what one upload holds so far: images grouped into
// studies and series, each image once, the reports, the CD's directories,
// and what was not usable. Files can be added to it in several calls (one
// per uploaded file, or a second upload of the same CD); it is safe for
// concurrent use.
type Collection struct {
	mu        sync.Mutex
	known     map[string]bool // SOP Instance UIDs stored before this collection
	instances map[string]*Instance
	names     map[string]bool // lower-case names of every file added
	docs      []Document
	dirs      []*Directory
	problems  []Problem
}

// NewCollection starts a collection. known are the SOP Instance UIDs the
// caller already holds (from an earlier upload for the same request):
// images with those UIDs are duplicates and add nothing.
func NewCollection(known ...string) *Collection {
	c := &Collection{known: map[string]bool{}, instances: map[string]*Instance{}, names: map[string]bool{}}
	for _, uid := range known {
		c.known[uid] = true
	}
	return c
}

// Document is a report or picture the patient sent beside the images.
type Document struct {
	File string // the name in the upload: PHI, never logged
	Kind Kind   // KindPDF, KindJPEG or KindPNG
	Size int64
}

// add keeps an instance unless its SOP Instance UID is already there.
func (c *Collection) add(in *Instance) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known[in.SOPInstanceUID] || c.instances[in.SOPInstanceUID] != nil {
		return false
	}
	c.instances[in.SOPInstanceUID] = in
	return true
}

func (c *Collection) saw(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names[strings.ToLower(name)] = true
}

func (c *Collection) addDocument(d Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs = append(c.docs, d)
}

func (c *Collection) addDirectory(d *Directory) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dirs = append(c.dirs, d)
}

func (c *Collection) addProblem(p Problem) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.problems = append(c.problems, p)
}

// Documents returns the reports and pictures, by file name.
func (c *Collection) Documents() []Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.SortedFunc(slices.Values(c.docs), func(a, b Document) int { return strings.Compare(a.File, b.File) })
}

// Directories returns the DICOMDIRs read.
func (c *Collection) Directories() []*Directory {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.dirs)
}

// Problems returns, by file name, every file that was not usable and why,
// and every file a DICOMDIR lists that the upload did not hold.
func (c *Collection) Problems() []Problem {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append(slices.Clone(c.problems), c.missing()...)
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	return out
}

// missing lists the files the directories reference that are neither
// among the names added nor, by SOP Instance UID, among the images.
func (c *Collection) missing() []Problem {
	var out []Problem
	for _, d := range c.dirs {
		base := path.Dir(d.File)
		for _, e := range d.Entries {
			name := path.Join(base, e.Path)
			if c.names[strings.ToLower(name)] || c.names[strings.ToLower(name)+";1"] ||
				(e.SOPInstanceUID != "" && (c.instances[e.SOPInstanceUID] != nil || c.known[e.SOPInstanceUID])) {
				continue
			}
			out = append(out, Problem{File: name, Kind: ProblemMissing,
				Detail: "the CD's DICOMDIR lists this file, but it was not in the upload"})
		}
	}
	return out
}

// Studies returns the images grouped into studies (by date, then UID),
// series (by number) and instances (by instance number).
func (c *Collection) Studies() []*Study {
	c.mu.Lock()
	defer c.mu.Unlock()
	studies := map[string]*Study{}
	series := map[string]*Series{}
	for _, in := range c.instances {
		st := studies[in.StudyUID]
		if st == nil {
			st = &Study{UID: in.StudyUID, Date: in.StudyDate, Description: in.StudyDescription, Patient: in.Patient}
			studies[in.StudyUID] = st
		}
		key := in.StudyUID + "\x00" + in.SeriesUID
		se := series[key]
		if se == nil {
			se = &Series{UID: in.SeriesUID, Number: in.SeriesNumber, Description: in.SeriesDescription,
				Modality: in.Modality, BodyPart: in.BodyPart}
			series[key] = se
			st.Series = append(st.Series, se)
		}
		se.Instances = append(se.Instances, in)
	}
	out := make([]*Study, 0, len(studies))
	for _, st := range studies {
		st.sort()
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b *Study) int {
		return cmp.Or(cmp.Compare(a.Date.Year, b.Date.Year), cmp.Compare(a.Date.Month, b.Date.Month),
			cmp.Compare(a.Date.Day, b.Date.Day), strings.Compare(a.UID, b.UID))
	})
	return out
}

// Study is the images of one study.
type Study struct {
	UID         string
	Date        Date
	Description string
	Patient     Patient // from the first image read: PHI
	Series      []*Series
}

// Series is the images of one series.
type Series struct {
	UID         string
	Number      int
	Description string
	Modality    string
	BodyPart    string
	Instances   []*Instance
}

func (st *Study) sort() {
	slices.SortFunc(st.Series, func(a, b *Series) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), strings.Compare(a.UID, b.UID))
	})
	for _, se := range st.Series {
		slices.SortFunc(se.Instances, func(a, b *Instance) int {
			return cmp.Or(cmp.Compare(a.InstanceNumber, b.InstanceNumber), strings.Compare(a.SOPInstanceUID, b.SOPInstanceUID))
		})
	}
}

// Images counts the images of a series: every frame of every instance
// that has pixels.
func (se *Series) Images() int {
	n := 0
	for _, in := range se.Instances {
		if in.HasPixels {
			n += max(in.Frames, 1)
		}
	}
	return n
}

// Middle is the instance a series is shown by: the middle one that has a
// thumbnail, or the middle one when none has.
func (se *Series) Middle() *Instance {
	if len(se.Instances) == 0 {
		return nil
	}
	mid := len(se.Instances) / 2
	for d := 0; d <= mid+1; d++ {
		for _, i := range []int{mid - d, mid + d} {
			if i >= 0 && i < len(se.Instances) && se.Instances[i].Thumbnail != nil {
				return se.Instances[i]
			}
		}
	}
	return se.Instances[mid]
}

// Images counts the images of a study.
func (st *Study) Images() int {
	n := 0
	for _, se := range st.Series {
		n += se.Images()
	}
	return n
}
