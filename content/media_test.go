package content

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func encodeImage(t testing.TB, w, h int, asPNG bool) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if asPNG {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const hashA = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"

// libraryImage is an image of two widths with its files' bytes by name.
func libraryImage(t testing.TB, hash, alt string) (*clinic.Media, map[string][]byte) {
	m := &clinic.Media{Hash: hash, Alt: alt, Ext: "jpg", Widths: []int{48, 96}, Width: 96, Height: 64}
	files := map[string][]byte{}
	for _, w := range m.Widths {
		files[m.FileName(w)] = encodeImage(t, w, w*2/3, false)
	}
	return m, files
}

func TestMediaRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m, files := libraryImage(t, hashA, `A "model" of the spine: side view`)
	if err := WriteMedia(dir, []*clinic.Media{m}, func(name string) ([]byte, error) { return files[name], nil }); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	ims, err := ReadMedia(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(ims) != 1 {
		t.Fatalf("%d images", len(ims))
	}
	if diff := cmp.Diff(*m, ims[0].Media); diff != "" {
		t.Errorf("image (-want +got):\n%s", diff)
	}
	got, err := ims[0].Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		if !bytes.Equal(f.Data, files[f.Name]) || f.ContentType != "image/jpeg" {
			t.Errorf("%s came back changed (%s)", f.Name, f.ContentType)
		}
	}
	t.Run("an empty library writes no media.md", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteMedia(dir, nil, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "media.md")); !os.IsNotExist(err) {
			t.Errorf("media.md: %v", err)
		}
	})
}

func TestReadMediaRefusesBadTrees(t *testing.T) {
	m, files := libraryImage(t, hashA, "A desk")
	good := fstest.MapFS{"media.md": {Data: []byte("---\nmedia:\n  - hash: " + hashA + "\n    alt: A desk\n---\n")}}
	for name, data := range files {
		good["media/"+name] = &fstest.MapFile{Data: data}
	}
	if ims, err := ReadMedia(good); err != nil || len(ims) != 1 || ims[0].Media.Width != 96 {
		t.Fatalf("the good tree: %v, %v", ims, err)
	}
	narrow := m.FileName(48)
	cases := []struct {
		name string
		edit func(fstest.MapFS)
		want string
	}{
		{"a hash that is not one", func(f fstest.MapFS) { setManifest(f, "  - hash: ../../etc/passwd\n    alt: A desk\n") }, "media.md:3: media: hash"},
		{"an upper-case hash", func(f fstest.MapFS) { setManifest(f, "  - hash: "+strings.ToUpper(hashA)+"\n    alt: A desk\n") }, "media.md:3: media: hash"},
		{"no description", func(f fstest.MapFS) { setManifest(f, "  - hash: "+hashA+"\n    alt: \" \"\n") }, "media.md:3: media: Describe the image"},
		{"an unknown key", func(f fstest.MapFS) { setManifest(f, "  - hash: "+hashA+"\n    alt: A desk\n    colour: red\n") }, "media.md:5"},
		{"an image listed twice", func(f fstest.MapFS) {
			setManifest(f, "  - hash: "+hashA+"\n    alt: A desk\n  - hash: "+hashA+"\n    alt: Again\n")
		}, "media.md:5: media: the image aaaaaaaaaaaaaaaa… repeats the one on line 3"},
		{"an image without files", func(f fstest.MapFS) { delete(f, "media/"+narrow); delete(f, "media/"+m.FileName(96)) }, "media.md:3: media: no file"},
		{"a text file named .jpg", func(f fstest.MapFS) { f["media/"+narrow] = &fstest.MapFile{Data: []byte("not an image")} }, "not a JPG image"},
		{"a file narrower than its name", func(f fstest.MapFS) { f["media/"+narrow] = &fstest.MapFile{Data: encodeImage(t, 40, 30, false)} }, "40 pixels wide, not 48"},
		{"a PNG beside the JPEGs", func(f fstest.MapFS) {
			f["media/"+hashA[:16]+"-200.png"] = &fstest.MapFile{Data: encodeImage(t, 200, 10, true)}
		}, "both JPEG and PNG"},
		{"a file over the limit", func(f fstest.MapFS) {
			f["media/"+narrow] = &fstest.MapFile{Data: append(files[narrow], make([]byte, MaxMediaFile)...)}
		}, "larger than 20 MB"},
		{"a body in media.md", func(f fstest.MapFS) {
			f["media.md"] = &fstest.MapFile{Data: []byte("---\nmedia: []\n---\nText.\n")}
		}, "media.md:4: this file has no body"},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused with its line", func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range good {
				fsys[k] = v
			}
			c.edit(fsys)
			_, err := ReadMedia(fsys)
			if clinic.ErrorKind(err) != clinic.EInvalid || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	t.Run("files media.md does not list are left alone", func(t *testing.T) {
		fsys := fstest.MapFS{"media/notes.txt": {Data: []byte("x")}, "media/ffffffffffffffff-10.jpg": {Data: []byte("x")}}
		for k, v := range good {
			fsys[k] = v
		}
		if ims, err := ReadMedia(fsys); err != nil || len(ims) != 1 {
			t.Errorf("%v, %v", ims, err)
		}
	})
}

func setManifest(f fstest.MapFS, entries string) {
	f["media.md"] = &fstest.MapFile{Data: []byte("---\nmedia:\n" + entries + "---\n")}
}

func TestParseMediaName(t *testing.T) {
	cases := []struct {
		name  string
		ok    bool
		width int
	}{
		{"0123456789abcdef-960.jpg", true, 960},
		{"0123456789abcdef-1600.png", true, 1600},
		{"0123456789abcdef-0960.jpg", false, 0},
		{"0123456789abcdef-960.jpeg", false, 0},
		{"0123456789ABCDEF-960.jpg", false, 0},
		{"0123456789abcde-960.jpg", false, 0},
		{"0123456789abcdef-.jpg", false, 0},
		{"0123456789abcdef-9999999.jpg", false, 0},
		{"0123456789abcdef-96x.jpg", false, 0},
		{"../0123456789ab-960.jpg", false, 0},
	}
	for _, c := range cases {
		_, w, _, ok := parseMediaName(c.name)
		if ok != c.ok || w != c.width {
			t.Errorf("%q: ok %v width %d", c.name, ok, w)
		}
	}
}

var mediaErrorShape = regexp.MustCompile(`^media\.md:[1-9][0-9]*: |^content: read `)

func FuzzReadMedia(f *testing.F) {
	f.Add("---\nmedia:\n  - hash: "+hashA+"\n    alt: A desk\n---\n", hashA[:16]+"-48.jpg", []byte{0xff, 0xd8, 0xff})
	f.Add("---\nmedia: [{hash: x, alt: y}]\n---\n", "x-1.png", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("---\nmedia: 3\n---\n", "", []byte(nil))
	f.Fuzz(func(t *testing.T, manifest, name string, data []byte) {
		fsys := fstest.MapFS{"media.md": {Data: []byte(manifest)}}
		if fs := "media/" + name; name != "" && !strings.ContainsAny(name, "/\\") && name != "." && name != ".." {
			fsys[fs] = &fstest.MapFile{Data: data}
		}
		ims, err := ReadMedia(fsys)
		if err != nil {
			if clinic.ErrorKind(err) != clinic.EInvalid || !mediaErrorShape.MatchString(clinic.ErrorMessage(err)) {
				t.Fatalf("error %q is not an EInvalid naming media.md and a line", err)
			}
			return
		}
		for _, im := range ims {
			if len(im.Paths) == 0 || len(im.Paths) != len(im.Media.Widths) || clinic.CheckAlt(im.Media.Alt) != "" {
				t.Fatalf("an image accepted without files or description: %+v", im)
			}
			if _, err := im.Load(fsys); err != nil {
				t.Fatalf("an accepted image does not load: %v", err)
			}
		}
	})
}
