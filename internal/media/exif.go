package media

import (
	"bytes"
	"encoding/binary"
)

// orientation returns the EXIF Orientation of a JPEG file, 1 to 8, or 1
// (upright) when the file has none or it cannot be read. Only this one tag
// is read; the rest of the metadata is dropped by re-encoding.
func orientation(jpg []byte) int {
	tiff := exifTIFF(jpg)
	if tiff == nil {
		return 1
	}
	return tiffOrientation(tiff)
}

// exifTIFF walks the marker segments of a JPEG file up to its first scan
// and returns the TIFF structure inside its first Exif APP1 segment, or nil.
func exifTIFF(b []byte) []byte {
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil
	}
	for i := 2; i < len(b); {
		if b[i] != 0xFF {
			return nil
		}
		i++
		for i < len(b) && b[i] == 0xFF { // fill bytes before a marker
			i++
		}
		if i >= len(b) {
			return nil
		}
		marker := b[i]
		i++
		switch {
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image
			return nil
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8): // no length
			continue
		}
		if i+2 > len(b) {
			return nil
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return nil
		}
		seg := b[i+2 : i+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		i += n
	}
	return nil
}

// tiffOrientation reads tag 0x0112 (Orientation) from the first image file
// directory of a TIFF structure. Every offset is checked against the
// length of tiff before it is used.
func tiffOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(tiff[2:]) != 42 {
		return 1
	}
	off := uint64(order.Uint32(tiff[4:]))
	if off < 8 || off+2 > uint64(len(tiff)) {
		return 1
	}
	count := int(order.Uint16(tiff[off:]))
	entries := tiff[off+2:]
	for k := 0; k < count && 12*(k+1) <= len(entries); k++ {
		e := entries[12*k : 12*(k+1)]
		if order.Uint16(e) != 0x0112 {
			continue
		}
		// One SHORT (type 3), held in the first two bytes of the value.
		if order.Uint16(e[2:]) != 3 || order.Uint32(e[4:]) != 1 {
			return 1
		}
		if v := int(order.Uint16(e[8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
