package dicom

import (
	"strconv"
	"strings"
)

// Summary describes a study in plain words: "MRI lumbar spine, 2 March
// 2024, 3 series, 412 images". Parts the files do not give are left out.
func (st *Study) Summary() string {
	var parts []string
	if what := strings.TrimSpace(modalityWords(st.modality()) + " " + st.bodyPart()); what != "" {
		parts = append(parts, what)
	}
	if !st.Date.IsZero() {
		parts = append(parts, st.Date.String())
	}
	parts = append(parts, count(st.imageSeries(), "series", "series"), count(st.Images(), "image", "images"))
	return strings.Join(parts, ", ")
}

// imageSeries counts the series that hold images, leaving out those of
// reports and presentation states.
func (st *Study) imageSeries() int {
	n := 0
	for _, se := range st.Series {
		if se.Images() > 0 {
			n++
		}
	}
	return n
}

// Summary describes a series: "SAG T2, 15 images".
func (se *Series) Summary() string {
	d := se.Description
	if d == "" {
		d = "Series " + strconv.Itoa(se.Number)
	}
	return d + ", " + count(se.Images(), "image", "images")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// modality is the most frequent modality among the study's series.
func (st *Study) modality() string {
	n := map[string]int{}
	best := ""
	for _, se := range st.Series {
		n[se.Modality] += se.Images()
		if best == "" || n[se.Modality] > n[best] && se.Images() > 0 {
			best = se.Modality
		}
	}
	return best
}

// bodyPart is the body part in words, from Body Part Examined or else
// from the study's description.
func (st *Study) bodyPart() string {
	for _, se := range st.Series {
		if w, ok := bodyParts[strings.ToUpper(strings.TrimSpace(se.BodyPart))]; ok {
			return w
		}
	}
	desc := strings.ToUpper(st.Description)
	for _, k := range descriptionParts {
		if strings.Contains(desc, k.word) {
			return k.part
		}
	}
	return ""
}

// descriptionParts are words a study description may name the body part
// by, most specific first.
var descriptionParts = []struct{ word, part string }{
	{"LUMBAR", "lumbar spine"}, {"L-SPINE", "lumbar spine"}, {"CERVICAL", "cervical spine"},
	{"C-SPINE", "cervical spine"}, {"THORACIC", "thoracic spine"}, {"T-SPINE", "thoracic spine"},
	{"SACRUM", "sacrum"}, {"SPINE", "spine"}, {"KNEE", "knee"}, {"HIP", "hip"}, {"SHOULDER", "shoulder"},
	{"PELVIS", "pelvis"}, {"BRAIN", "brain"}, {"HEAD", "head"},
}

var bodyParts = map[string]string{
	"LSPINE": "lumbar spine", "CSPINE": "cervical spine", "TSPINE": "thoracic spine",
	"SPINE": "spine", "WHOLESPINE": "whole spine", "SSPINE": "sacrum", "SACRUM": "sacrum", "COCCYX": "coccyx",
	"CTSPINE": "cervical and thoracic spine", "TLSPINE": "thoracic and lumbar spine", "LSSPINE": "lumbar spine and sacrum",
	"KNEE": "knee", "HIP": "hip", "SHOULDER": "shoulder", "PELVIS": "pelvis", "HEAD": "head", "BRAIN": "brain",
	"NECK": "neck", "CHEST": "chest", "ABDOMEN": "abdomen", "ANKLE": "ankle", "FOOT": "foot", "WRIST": "wrist",
	"HAND": "hand", "ELBOW": "elbow", "SIJOINT": "sacroiliac joints",
}

// modalityWords names a modality code for patients.
func modalityWords(m string) string {
	switch m {
	case "MR":
		return "MRI"
	case "CT":
		return "CT"
	case "PT":
		return "PET"
	case "CR", "DX", "RF":
		return "X-ray"
	case "US":
		return "Ultrasound"
	case "NM":
		return "Nuclear medicine scan"
	case "XA":
		return "Angiography"
	case "MG":
		return "Mammogram"
	case "":
		return ""
	}
	return "Images (" + m + ")"
}
