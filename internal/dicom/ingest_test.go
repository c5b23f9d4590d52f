package dicom

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

// filesOf turns a name → bytes map into Files, in name order.
func filesOf(m map[string][]byte) []File {
	var out []File
	for name, b := range m {
		out = append(out, File{Name: name, Data: bytes.NewReader(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func ingest(t *testing.T, g *Ingester, c *Collection, files ...File) {
	t.Helper()
	if err := g.Ingest(context.Background(), c, files...); err != nil {
		t.Fatal(err)
	}
}

// problemLines writes problems as "file: kind: detail".
func problemLines(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.File+": "+p.String())
	}
	return out
}

func TestIngestCDFolder(t *testing.T) {
	cd, err := dicomtest.StudyCD(3, 5)
	if err != nil {
		t.Fatal(err)
	}
	g := NewIngester(Config{Parallel: 2})
	c := NewCollection()
	ingest(t, g, c, filesOf(cd.Files)...)

	studies := c.Studies()
	if len(studies) != 1 {
		t.Fatalf("%d studies, want 1", len(studies))
	}
	if got, want := studies[0].Summary(), "MRI lumbar spine, 2 March 2024, 3 series, 15 images"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	var series []string
	for _, se := range studies[0].Series {
		series = append(series, se.Summary())
	}
	if diff := cmp.Diff([]string{"SAG T1, 5 images", "SAG T2, 5 images", "AX T2, 5 images"}, series); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
	wantProblems := []string{
		"AUTORUN.INF: not an image: the CD's autorun file (part of the viewer, not the images)",
		"README.HTM: not an image: a web page (part of the CD's viewer, not the images)",
		"VIEWER.EXE: not an image: a Windows program (the image viewer from the CD, not the images)",
	}
	if diff := cmp.Diff(wantProblems, problemLines(c.Problems())); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if d := c.Directories(); len(d) != 1 || len(d[0].Entries) != 15 || d[0].Entries[0].Path != "DICOM/IM000001" {
		t.Errorf("directories %+v, want one listing 15 files from DICOM/IM000001", d)
	}

	t.Run("a second upload of the same CD adds nothing", func(t *testing.T) {
		ingest(t, g, c, filesOf(cd.Files)...)
		if got := c.Studies()[0].Images(); got != 15 {
			t.Errorf("%d images after the second upload, want 15", got)
		}
		dups := 0
		for _, p := range c.Problems() {
			if p.Kind == ProblemDuplicate {
				dups++
			}
		}
		if dups != 15 {
			t.Errorf("%d duplicates reported, want 15", dups)
		}
	})
	t.Run("an upload for a request that already holds the images adds nothing", func(t *testing.T) {
		var known []string
		for _, se := range studies[0].Series {
			for _, in := range se.Instances {
				known = append(known, in.SOPInstanceUID)
			}
		}
		again := NewCollection(known...)
		ingest(t, g, again, filesOf(cd.Files)...)
		if n := len(again.Studies()); n != 0 {
			t.Errorf("%d studies, want none", n)
		}
	})
}

func TestIngestReportsMissingAndBrokenFiles(t *testing.T) {
	cd, err := dicomtest.StudyCD(1, 4)
	if err != nil {
		t.Fatal(err)
	}
	delete(cd.Files, "DICOM/IM000003")
	cd.Files["DICOM/IM000004"] = dicomtest.Truncated()
	cd.Files["DICOM/IM000009"] = dicomtest.Hostile()
	cd.Files["report.pdf"] = []byte("%PDF-1.4\n")
	c := NewCollection()
	ingest(t, NewIngester(Config{}), c, filesOf(cd.Files)...)
	var lines []string
	for _, l := range problemLines(c.Problems()) {
		if strings.HasPrefix(l, "DICOM/") {
			lines = append(lines, l)
		}
	}
	want := []string{
		"DICOM/IM000003: missing: the CD's DICOMDIR lists this file, but it was not in the upload",
		"DICOM/IM000004: damaged: element (7FE0,0010) at byte 762 declares 8192 bytes (0x2000), but only 7192 remain",
		"DICOM/IM000009: damaged: fragment 0 of element (0011,1010) at byte 184 declares 4026531840 bytes (0xF0000000), but only 12 remain",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got := c.Studies()[0].Images(); got != 2 {
		t.Errorf("%d images kept, want the 2 good ones", got)
	}
	if diff := cmp.Diff([]Document{{File: "report.pdf", Kind: KindPDF, Size: 9}}, c.Documents()); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
}

func TestObjectsWithoutPixelsAreNotCountedAsImages(t *testing.T) {
	report := dicomtest.MR(9, 1)
	report.Modality, report.SeriesDescription = "SR", "REPORT"
	elems, err := report.Elements()
	if err != nil {
		t.Fatal(err)
	}
	sr, err := dicomtest.LibraryWrite(dicomtest.ExplicitLE, report.Meta(), elems[:len(elems)-1])
	if err != nil {
		t.Fatal(err)
	}
	c := NewCollection()
	ingest(t, NewIngester(Config{}), c,
		File{Name: "IM1", Data: bytes.NewReader(mr(t, dicomtest.ExplicitLE))}, File{Name: "SR1", Data: bytes.NewReader(sr)})
	st := c.Studies()[0]
	if got, want := st.Summary(), "MRI lumbar spine, 2 March 2024, 1 series, 1 image"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if len(st.Series) != 2 || st.Series[1].Instances[0].NoPreview != "the file holds no image" {
		t.Errorf("the report's series is not kept without a preview: %+v", st.Series)
	}
}

func TestIngestCDFromDisk(t *testing.T) {
	cd, err := dicomtest.StudyCD(3, 4)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := cd.Write(dir); err != nil {
		t.Fatal(err)
	}
	var files []File
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		t.Cleanup(func() { f.Close() })
		info, err := f.Stat()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, File{Name: filepath.ToSlash(rel), Data: io.NewSectionReader(f, 0, info.Size())})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCollection()
	ingest(t, NewIngester(Config{}), c, files...)
	if got, want := c.Studies()[0].Summary(), "MRI lumbar spine, 2 March 2024, 3 series, 12 images"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	for _, p := range c.Problems() {
		if p.Kind != ProblemNotImage {
			t.Errorf("problem %s: %s", p.File, p)
		}
	}
}
