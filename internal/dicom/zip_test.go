package dicom

import (
	"bytes"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/dicom/dicomtest"
)

func TestIngestZIP(t *testing.T) {
	image := mr(t, dicomtest.ExplicitLE)
	cd, err := dicomtest.StudyCD(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	nested := dicomtest.Zip(map[string][]byte{"inner.zip": dicomtest.Zip(map[string][]byte{"a": image})})
	tests := []struct {
		name     string
		zip      []byte
		zip2     ZipLimits
		images   int
		problems []string
	}{
		{"a zipped CD is unpacked and read", dicomtest.Zip(cd.Files), ZipLimits{}, 6, []string{
			"cd.zip/AUTORUN.INF: not an image: the CD's autorun file (part of the viewer, not the images)",
			"cd.zip/README.HTM: not an image: a web page (part of the CD's viewer, not the images)",
			"cd.zip/VIEWER.EXE: not an image: a Windows program (the image viewer from the CD, not the images)",
		}},
		{"names that leave the folder are refused and the rest kept", dicomtest.ZipSlip(image), ZipLimits{}, 1, []string{
			"cd.zip/../../etc/cron.d/evil: refused: the ZIP entry's name is unsafe: it climbs out of its folder (..)",
			`cd.zip/..\..\evil.exe: refused: the ZIP entry's name is unsafe: it uses backslashes`,
			"cd.zip//etc/passwd: refused: the ZIP entry's name is unsafe: it is an absolute path",
			"cd.zip/C:/Windows/evil.dll: refused: the ZIP entry's name is unsafe: it names a drive",
			"cd.zip/DICOM/../../outside: refused: the ZIP entry's name is unsafe: it climbs out of its folder (..)",
		}},
		{"a ZIP bomb is refused by its ratio before it is unpacked", dicomtest.ZipBomb(4 << 20), ZipLimits{}, 0, []string{
			"cd.zip/DICOM/IM000001: refused: the ZIP entry unpacks to 4.0 MB from 4.0 KB, more than 200 to 1: refused as a ZIP bomb",
		}},
		{"a ZIP over the total limit is refused", dicomtest.ZipBomb(3 << 20), ZipLimits{MaxTotal: 2 << 20, MaxRatio: 1 << 20}, 0, []string{
			"cd.zip: refused: the ZIP unpacks to more than 2.0 MB; the rest of it was not read",
		}},
		{"an entry over the in-memory limit without a spool is refused", dicomtest.ZipBomb(2 << 20), ZipLimits{MaxInMemory: 1 << 20, MaxRatio: 1 << 20}, 0, []string{
			"cd.zip/DICOM/IM000001: too large: the file is 2.0 MB, over the limit of 1.0 MB for a file inside a ZIP; send it on its own",
		}},
		{"a ZIP with more files than the limit is refused", dicomtest.Zip(cd.Files), ZipLimits{MaxFiles: 3}, 0, []string{
			"cd.zip: refused: the ZIP holds 10 files, over the limit of 3",
		}},
		{"a ZIP inside a ZIP is not followed", nested, ZipLimits{}, 0, []string{
			"cd.zip/inner.zip: refused: a ZIP inside a ZIP is not unpacked: please unpack it and send what it holds",
		}},
		{"a damaged ZIP is refused", dicomtest.Zip(cd.Files)[:500], ZipLimits{}, 0, []string{
			"cd.zip: damaged: the ZIP archive is damaged and could not be opened",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCollection()
			ingest(t, NewIngester(Config{Zip: tt.zip2}), c, File{Name: "cd.zip", Data: bytes.NewReader(tt.zip)})
			images := 0
			for _, st := range c.Studies() {
				images += st.Images()
			}
			if images != tt.images {
				t.Errorf("%d images, want %d", images, tt.images)
			}
			if diff := cmp.Diff(tt.problems, problemLines(c.Problems())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIngestZIPSpool(t *testing.T) {
	image := mr(t, dicomtest.ExplicitLE)
	spooled := 0
	g := NewIngester(Config{Zip: ZipLimits{MaxInMemory: 1024}, Spool: func(r io.Reader, size int64) (Source, error) {
		spooled++
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err != nil {
			return nil, err
		}
		return bytes.NewReader(buf.Bytes()), nil
	}})
	c := NewCollection()
	ingest(t, g, c, File{Name: "one.zip", Data: bytes.NewReader(dicomtest.Zip(map[string][]byte{"IM1": image}))})
	if spooled != 1 || len(c.Studies()) != 1 {
		t.Errorf("spooled %d entries and read %d studies, want 1 and 1", spooled, len(c.Studies()))
	}
}
