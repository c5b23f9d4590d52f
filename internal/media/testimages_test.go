package media

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// quadrants returns a w × h image whose top-left quarter is red, top-right
// green, bottom-left blue and bottom-right white.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := [2][2]color.RGBA{{red, green}, {blue, white}}[2*y/h][2*x/w]
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// gradient returns a w × h opaque image with some detail in it, so that
// encoders and scalers have real work to do.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	return m
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// insertSegment returns the JPEG file jpg with a marker segment added
// right after its start-of-image marker.
func insertSegment(jpg []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// byteOrder reads and appends; binary.LittleEndian and binary.BigEndian
// are both.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// gpsLatitude is the GPS latitude that exifPayload writes, as its six
// rational numbers (47° 36' 2199/100"), the bytes tests look for.
var gpsLatitude = []uint32{47, 1, 36, 1, 2199, 100}

// exifPayload returns an APP1 Exif payload whose first directory holds
// the Orientation o, a camera make and a pointer to a GPS directory with
// the latitude of Seattle.
func exifPayload(order byteOrder, o uint16) []byte {
	t := make([]byte, 0, 128)
	if order == binary.LittleEndian {
		t = append(t, "II"...)
	} else {
		t = append(t, "MM"...)
	}
	t = order.AppendUint16(t, 42)
	t = order.AppendUint32(t, 8)
	// IFD0 at 8: three entries, then next-IFD 0. Its end is 8+2+36+4 = 50.
	const gpsIFD, makeAt = 50, 50 + 2 + 2*12 + 4
	const latAt = makeAt + 8
	t = order.AppendUint16(t, 3)
	t = entry(t, order, 0x010F, 2, 8, makeAt) // Make, ASCII
	t = entry(t, order, 0x0112, 3, 1, uint32(o)<<(16*boolInt(order == binary.BigEndian)))
	t = entry(t, order, 0x8825, 4, 1, gpsIFD) // GPSInfo IFD pointer
	t = order.AppendUint32(t, 0)
	// GPS IFD at 50: LatitudeRef "N" inline, Latitude at latAt.
	t = order.AppendUint16(t, 2)
	t = entry(t, order, 0x0001, 2, 2, uint32('N')<<(24*boolInt(order == binary.BigEndian)))
	t = entry(t, order, 0x0002, 5, 3, latAt)
	t = order.AppendUint32(t, 0)
	t = append(t, "Phone 1\x00"...)
	for _, v := range gpsLatitude {
		t = order.AppendUint32(t, v)
	}
	return append([]byte("Exif\x00\x00"), t...)
}

func entry(t []byte, order byteOrder, tag, typ uint16, count, value uint32) []byte {
	t = order.AppendUint16(t, tag)
	t = order.AppendUint16(t, typ)
	t = order.AppendUint32(t, count)
	return order.AppendUint32(t, value)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rationalBytes returns vs as the big- and little-endian bytes an EXIF
// writer would store.
func rationalBytes(order byteOrder, vs []uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = order.AppendUint32(b, v)
	}
	return b
}

// jpegMarkers lists the markers of a JPEG file up to its first scan.
func jpegMarkers(b []byte) []byte {
	var ms []byte
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		m := b[i+1]
		ms = append(ms, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return ms
}

// insertPNGChunk returns the PNG file p with a chunk added right after
// its IHDR chunk.
func insertPNGChunk(p []byte, typ string, data []byte) []byte {
	const ihdrEnd = 8 + 8 + 13 + 4
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
	out := append([]byte{}, p[:ihdrEnd]...)
	out = append(out, c...)
	return append(out, p[ihdrEnd:]...)
}

// pngChunks lists the chunk types of a PNG file.
func pngChunks(p []byte) []string {
	var types []string
	for i := 8; i+8 <= len(p); {
		n := int(binary.BigEndian.Uint32(p[i:]))
		types = append(types, string(p[i+4:i+8]))
		i += 12 + n
	}
	return types
}

// withPNGSize returns the PNG file p claiming to be w × h pixels in its
// header, with the header's checksum fixed.
func withPNGSize(p []byte, w, h uint32) []byte {
	out := append([]byte{}, p...)
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

// withJPEGSize returns the baseline JPEG file p claiming to be w × h
// pixels in its start-of-frame segment.
func withJPEGSize(p []byte, w, h uint16) []byte {
	out := append([]byte{}, p...)
	i := bytes.Index(out, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// solidWebP returns a lossless WebP file of w × h pixels all of colour c,
// written by hand: each of the five prefix codes has a single symbol, so
// the pixels themselves take no bits at all.
func solidWebP(w, h int, c color.NRGBA) []byte {
	var bw bitWriter
	bw.write(0x2F, 8) // VP8L signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	bw.write(uint32(boolInt(c.A != 0xFF)), 1) // alpha is used
	bw.write(0, 3)                            // version
	bw.write(0, 1)                            // no transform
	bw.write(0, 1)                            // no colour cache
	bw.write(0, 1)                            // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // of eight bits
		bw.write(uint32(sym), 8)
	}
	bw.write(0b0001, 4) // distance: simple code, one symbol, one bit, 0
	data := bw.bytes()
	if len(data)%2 == 1 {
		data = append(data, 0)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+len(data)))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(bw.bytes())))
	return append(out, data...)
}

// bitWriter writes bits least significant first, as VP8L reads them.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) write(v uint32, n uint) {
	b.acc |= uint64(v) << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nbits > 0 {
		return append(b.buf[:len(b.buf):len(b.buf)], byte(b.acc))
	}
	return b.buf
}

// decodeAny decodes a PNG or JPEG output of Process.
func decodeAny(t testing.TB, data []byte) image.Image {
	t.Helper()
	ct, _ := Sniff(data)
	img, err := codecFor(ct).decode(data)
	if err != nil {
		t.Fatalf("decode %s output: %v", ct, err)
	}
	return img
}

// near reports whether two colours are within tol of each other in each
// 8-bit channel, as a lossy encoder leaves them.
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb) && d(aa, ba)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
