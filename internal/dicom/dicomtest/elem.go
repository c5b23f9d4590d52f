// Package dicomtest makes DICOM files for tests: single instances in every
// encoding the dicom package reads, a study in a CD layout with a
// DICOMDIR, and the broken and hostile files it must refuse. Files made
// with an encoding the DICOM library writes (little endian) are written by
// the library; the rest by the small writer here.
package dicomtest

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/suyashkumar/dicom/pkg/tag"
)

// Elem is one data element to write. Value is a string (several values
// joined by a backslash), []int (US, SS, UL), []byte (OB, OW, UN), a
// [][]Elem (SQ items) or Fragments (encapsulated pixel data).
type Elem struct {
	Tag   tag.Tag
	VR    string
	Value any
	// Undefined writes a sequence or its items with undefined length.
	Undefined bool
}

// Fragments is the value of encapsulated pixel data: the basic offset
// table and one or more fragments.
type Fragments struct {
	OffsetTable []uint32
	Items       [][]byte
}

// Str is a string element with the dictionary's VR.
func Str(t tag.Tag, values ...string) Elem {
	return Elem{Tag: t, VR: vrOf(t), Value: strings.Join(values, `\`)}
}

// US is an unsigned 16-bit element.
func US(t tag.Tag, values ...int) Elem { return Elem{Tag: t, VR: "US", Value: values} }

// Seq is a sequence of items.
func Seq(t tag.Tag, items ...[]Elem) Elem { return Elem{Tag: t, VR: "SQ", Value: items} }

func vrOf(t tag.Tag) string {
	info, err := tag.Find(t)
	if err != nil {
		return "UN"
	}
	return info.VRs[0]
}

// Encoding is how the own writer lays out a data set.
type Encoding struct {
	Order    ByteOrder
	Implicit bool
}

// ByteOrder is binary.LittleEndian or binary.BigEndian.
type ByteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// Encode writes elements in an encoding, with no preamble or meta group.
func Encode(enc Encoding, elems []Elem) []byte {
	var out []byte
	for _, e := range elems {
		out = enc.element(out, e)
	}
	return out
}

func (enc Encoding) element(out []byte, e Elem) []byte {
	switch v := e.Value.(type) {
	case [][]Elem:
		return enc.sequence(out, e, v)
	case Fragments:
		out = enc.head(out, e.Tag, e.VR, 0xFFFFFFFF)
		return enc.fragments(out, v)
	}
	val := enc.value(e)
	return append(enc.head(out, e.Tag, e.VR, uint32(len(val))), val...)
}

func (enc Encoding) sequence(out []byte, e Elem, items [][]Elem) []byte {
	var body []byte
	for _, item := range items {
		var ib []byte
		for _, sub := range item {
			ib = enc.element(ib, sub)
		}
		if e.Undefined {
			body = enc.item(body, 0xFFFFFFFF)
			body = append(body, ib...)
			body = enc.tagOnly(body, tag.ItemDelimitationItem)
		} else {
			body = append(enc.item(body, uint32(len(ib))), ib...)
		}
	}
	if e.Undefined {
		out = enc.head(out, e.Tag, "SQ", 0xFFFFFFFF)
		return enc.tagOnly(append(out, body...), tag.SequenceDelimitationItem)
	}
	return append(enc.head(out, e.Tag, "SQ", uint32(len(body))), body...)
}

func (enc Encoding) fragments(out []byte, f Fragments) []byte {
	table := make([]byte, 4*len(f.OffsetTable))
	for i, o := range f.OffsetTable {
		enc.Order.PutUint32(table[4*i:], o)
	}
	out = append(enc.item(out, uint32(len(table))), table...)
	for _, it := range f.Items {
		out = append(enc.item(out, uint32(len(it))), it...)
	}
	return enc.tagOnly(out, tag.SequenceDelimitationItem)
}

// value encodes a value, padded to an even length.
func (enc Encoding) value(e Elem) []byte {
	var b []byte
	switch v := e.Value.(type) {
	case string:
		b = []byte(v)
		if len(b)%2 == 1 {
			b = append(b, pad(e.VR))
		}
	case []int:
		for _, n := range v {
			b = enc.number(b, e.VR, n)
		}
	case []byte:
		b = v
	case nil:
	default:
		panic(fmt.Sprintf("dicomtest: value of type %T", v))
	}
	return b
}

func (enc Encoding) number(b []byte, vr string, n int) []byte {
	if vr == "UL" || vr == "SL" {
		return enc.Order.AppendUint32(b, uint32(n))
	}
	return enc.Order.AppendUint16(b, uint16(n))
}

func pad(vr string) byte {
	if vr == "UI" || vr == "OB" || vr == "UN" {
		return 0
	}
	return ' '
}

// head writes a tag, VR and length the way the encoding wants them.
func (enc Encoding) head(out []byte, t tag.Tag, vr string, n uint32) []byte {
	out = enc.Order.AppendUint16(out, t.Group)
	out = enc.Order.AppendUint16(out, t.Element)
	if enc.Implicit {
		return enc.Order.AppendUint32(out, n)
	}
	out = append(out, vr...)
	switch vr {
	case "OB", "OD", "OF", "OL", "OW", "SQ", "UN", "UC", "UR", "UT":
		return enc.Order.AppendUint32(append(out, 0, 0), n)
	}
	if n == 0xFFFFFFFF {
		n = 0xFFFF
	}
	return enc.Order.AppendUint16(out, uint16(n))
}

func (enc Encoding) item(out []byte, n uint32) []byte {
	out = enc.Order.AppendUint16(out, tag.Item.Group)
	out = enc.Order.AppendUint16(out, tag.Item.Element)
	return enc.Order.AppendUint32(out, n)
}

func (enc Encoding) tagOnly(out []byte, t tag.Tag) []byte {
	out = enc.Order.AppendUint16(out, t.Group)
	out = enc.Order.AppendUint16(out, t.Element)
	return append(out, 0, 0, 0, 0)
}

// Part10 writes a whole file with the own writer: the preamble, "DICM",
// the meta group (explicit VR little endian, with its group length) and
// the data set in the encoding the transfer syntax names.
func Part10(syntax string, meta, data []Elem) []byte {
	return append(Preamble(), Body(syntax, meta, data)...)
}

// Preamble is 128 zero bytes and "DICM".
func Preamble() []byte { return append(make([]byte, 128), "DICM"...) }

// Body is a file without the preamble: the meta group and the data set.
func Body(syntax string, meta, data []Elem) []byte {
	le := Encoding{Order: binary.LittleEndian}
	m := Encode(le, append([]Elem{Str(tag.TransferSyntaxUID, syntax)}, meta...))
	out := Encode(le, []Elem{{Tag: tag.FileMetaInformationGroupLength, VR: "UL", Value: []int{len(m)}}})
	return append(append(out, m...), Encode(EncodingOf(syntax), data)...)
}

// EncodingOf is the encoding a transfer syntax names.
func EncodingOf(syntax string) Encoding {
	switch syntax {
	case "1.2.840.10008.1.2":
		return Encoding{Order: binary.LittleEndian, Implicit: true}
	case "1.2.840.10008.1.2.2":
		return Encoding{Order: binary.BigEndian}
	}
	return Encoding{Order: binary.LittleEndian}
}
