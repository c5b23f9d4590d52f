package dicom

// Limits bound what one file may cost. The zero value of a field means
// its default.
type Limits struct {
	// MaxFileSize is the largest file read, in bytes (default 1 GiB).
	MaxFileSize int64
	// MaxElements bounds the data elements, items and fragments the
	// scanner walks in one file (default 500,000).
	MaxElements int
	// MaxDepth bounds how deeply sequences nest (default 16).
	MaxDepth int
	// MaxFramePixels bounds rows × columns × samples of a frame that is
	// decoded for a preview (default 64 million).
	MaxFramePixels int64
	// MaxExpansion bounds how many times larger a decoded compressed frame
	// may be than its compressed bytes (default 256; real images stay well
	// below: an all-black frame compresses about 64 to 1 with RLE).
	MaxExpansion int64
}

// DefaultLimits are the limits used where a field is zero.
var DefaultLimits = Limits{
	MaxFileSize:    1 << 30,
	MaxElements:    500_000,
	MaxDepth:       16,
	MaxFramePixels: 64 << 20,
	MaxExpansion:   256,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxFileSize > 0 {
		d.MaxFileSize = l.MaxFileSize
	}
	if l.MaxElements > 0 {
		d.MaxElements = l.MaxElements
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxFramePixels > 0 {
		d.MaxFramePixels = l.MaxFramePixels
	}
	if l.MaxExpansion > 0 {
		d.MaxExpansion = l.MaxExpansion
	}
	return d
}
