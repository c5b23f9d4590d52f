package dicomtest

import (
	"archive/zip"
	"bytes"
	"io"
	"sort"
)

// Zip packs files, deflated, in name order.
func Zip(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(files[n]); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ZipSlip holds one image under a safe name and the same bytes under
// names that climb out of the folder or name an absolute path, a drive
// or use backslashes.
func ZipSlip(image []byte) []byte {
	return Zip(map[string][]byte{
		"DICOM/IM000001":        image,
		"../../etc/cron.d/evil": image,
		"DICOM/../../outside":   image,
		"/etc/passwd":           image,
		"C:/Windows/evil.dll":   image,
		`..\..\evil.exe`:        image,
	})
}

// ZipBomb holds one entry of n zero bytes, which deflate packs about
// a thousand to one, written without holding n bytes in memory.
func ZipBomb(n int64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("DICOM/IM000001")
	if err != nil {
		panic(err)
	}
	if _, err := io.CopyN(w, zeros{}, n); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
