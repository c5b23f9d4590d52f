package dicom

import (
	"bytes"
	"image"
	"image/png"
	"sync"
)

// thumbnail draws the middle frame of in small as a PNG, or records why
// it cannot. A frame that cannot be drawn never fails the ingest.
func (g *Ingester) thumbnail(in *Instance, src Source, lay *Layout) {
	im, err := openLayout(src, lay, g.cfg.Limits)
	var img image.Image
	if err == nil {
		img, err = im.Render(im.Frames()/2, FileWindow)
	}
	if err != nil {
		in.NoPreview = messageOf(err)
		return
	}
	b, err := EncodePNG(Thumbnail(img, g.cfg.ThumbnailSize))
	if err != nil {
		in.NoPreview = messageOf(err)
		return
	}
	in.Thumbnail = b
}

// pngEncoder favours speed over size and reuses its compressor's state,
// which is most of what encoding a small image allocates.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &pngBuffers{}}

type pngBuffers struct{ pool sync.Pool }

func (p *pngBuffers) Get() *png.EncoderBuffer {
	b, _ := p.pool.Get().(*png.EncoderBuffer)
	return b
}

func (p *pngBuffers) Put(b *png.EncoderBuffer) { p.pool.Put(b) }

// EncodePNG writes an image as PNG, favouring speed over size.
func EncodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := pngEncoder.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Thumbnail shrinks a grey or colour image so that its longer side is at
// most side pixels, averaging the pixels each output pixel covers. Smaller
// images are returned as they are.
func Thumbnail(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if side <= 0 || (w <= side && h <= side) {
		return img
	}
	ow, oh := max(1, w*side/max(w, h)), max(1, h*side/max(w, h))
	switch src := img.(type) {
	case *image.Gray:
		out := image.NewGray(image.Rect(0, 0, ow, oh))
		shrink(src.Pix, src.Stride, 1, w, h, out.Pix, out.Stride, ow, oh)
		return out
	case *image.RGBA:
		out := image.NewRGBA(image.Rect(0, 0, ow, oh))
		shrink(src.Pix, src.Stride, 4, w, h, out.Pix, out.Stride, ow, oh)
		return out
	}
	return img
}

// shrink box-filters a w × h image of n bytes per pixel to ow × oh.
func shrink(src []byte, stride, n, w, h int, dst []byte, dstride, ow, oh int) {
	sum := make([]int, ow*n)
	count := make([]int, ow)
	for oy := 0; oy < oh; oy++ {
		clear(sum)
		clear(count)
		for y := oy * h / oh; y < (oy+1)*h/oh; y++ {
			row := src[y*stride:]
			for x := 0; x < w; x++ {
				ox := x * ow / w
				count[ox]++
				for c := 0; c < n; c++ {
					sum[ox*n+c] += int(row[x*n+c])
				}
			}
		}
		for ox := 0; ox < ow; ox++ {
			for c := 0; c < n; c++ {
				dst[oy*dstride+ox*n+c] = byte((sum[ox*n+c] + count[ox]/2) / max(count[ox], 1))
			}
		}
	}
}
