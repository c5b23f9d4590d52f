package review

import (
	"path"
	"strings"
	"time"

	"clinic"
	"clinic/internal/dicom"
)

// Summaries describes a stored study in the words of dicom.Study.Summary
// ("MRI lumbar spine, 2 March 2024, 3 series, 412 images") and each of
// its series ("SAG T2, 15 images").
func Summaries(st *clinic.ReviewStudy) (string, []string) {
	ds := &dicom.Study{Description: st.Description, Date: dateOf(st.Date)}
	var series []string
	for _, se := range st.Series {
		d := &dicom.Series{Number: se.Number, Description: se.Description, Modality: se.Modality, BodyPart: se.BodyPart}
		if se.Images > 0 {
			d.Instances = []*dicom.Instance{{HasPixels: true, Frames: se.Images}}
		}
		ds.Series = append(ds.Series, d)
		series = append(series, d.Summary())
	}
	return ds.Summary(), series
}

// dateOf reads YYYY-MM-DD; anything else is no date.
func dateOf(s string) dicom.Date {
	var d dicom.Date
	if len(s) != 10 {
		return d
	}
	y, m, day := atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	if y < 1 || m < 1 || m > 12 || day < 1 || day > 31 {
		return d
	}
	return dicom.Date{Year: y, Month: dicomMonth(m), Day: day}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// Missing lists the files the CD's DICOMDIRs name that the upload lacks:
// an entry is there when an image with its SOP Instance UID was read, or
// a file of its name was sent.
func Missing(items []*clinic.ReviewItem, uids map[string]bool, names []string) []*clinic.ReviewItem {
	sent := map[string]bool{}
	for _, n := range names {
		sent[strings.ToLower(n)] = true
	}
	var out []*clinic.ReviewItem
	for _, it := range items {
		if it.Kind != "dicomdir" {
			continue
		}
		base := path.Dir(it.Name)
		for _, e := range it.Directory {
			p, uid, _ := strings.Cut(e, "\x00")
			name := path.Join(base, p)
			if uids[uid] && uid != "" || sent[strings.ToLower(name)] || sent[strings.ToLower(name)+";1"] {
				continue
			}
			out = append(out, &clinic.ReviewItem{Name: name, Kind: "dicom", Problem: dicom.ProblemMissing.String(),
				Detail: "the CD's DICOMDIR lists this file, but it was not in the upload"})
		}
	}
	return out
}

func dicomMonth(m int) time.Month { return time.Month(m) }
