package dicomtest

import (
	"fmt"
	"strings"

	"github.com/suyashkumar/dicom"
	"github.com/suyashkumar/dicom/pkg/frame"
	"github.com/suyashkumar/dicom/pkg/tag"
)

// libraryElement turns an Elem into the DICOM library's element.
func libraryElement(e Elem) (*dicom.Element, error) {
	if e.Tag == tag.PixelData {
		return pixelElement(e)
	}
	var data any
	switch v := e.Value.(type) {
	case string:
		data = strings.Split(v, `\`)
	case []int, []byte:
		data = v
	case [][]Elem:
		items := make([][]*dicom.Element, len(v))
		for i, it := range v {
			for _, sub := range it {
				el, err := libraryElement(sub)
				if err != nil {
					return nil, err
				}
				items[i] = append(items[i], el)
			}
		}
		data = items
	default:
		return nil, fmt.Errorf("no library value for %T", v)
	}
	val, err := dicom.NewValue(data)
	if err != nil {
		return nil, err
	}
	return &dicom.Element{Tag: e.Tag, RawValueRepresentation: e.VR, ValueRepresentation: tag.GetVRKind(e.Tag, e.VR), Value: val}, nil
}

// pixelElement is native pixel data written as it is, or fragments.
func pixelElement(e Elem) (*dicom.Element, error) {
	el := &dicom.Element{Tag: tag.PixelData, ValueRepresentation: tag.VRPixelData}
	var info dicom.PixelDataInfo
	switch v := e.Value.(type) {
	case []byte:
		el.RawValueRepresentation, el.ValueLength = e.VR, uint32(len(v))
		info = dicom.PixelDataInfo{IntentionallyUnprocessed: true, UnprocessedValueData: v}
	case Fragments:
		el.RawValueRepresentation, el.ValueLength = "OB", tag.VLUndefinedLength
		info = dicom.PixelDataInfo{IsEncapsulated: true, Offsets: v.OffsetTable}
		for _, it := range v.Items {
			info.Frames = append(info.Frames, &frame.Frame{Encapsulated: true, EncapsulatedData: frame.EncapsulatedFrame{Data: it}})
		}
	default:
		return nil, fmt.Errorf("pixel data of type %T", v)
	}
	val, err := dicom.NewValue(info)
	if err != nil {
		return nil, err
	}
	el.Value = val
	return el, nil
}
