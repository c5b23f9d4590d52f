package media

import (
	"slices"
	"strconv"
	"strings"
)

// SrcSet returns the value of an <img srcset> attribute that offers the
// image at each width in urls, narrowest first: "/m/a-480.jpg 480w,
// /m/a-960.jpg 960w". Spaces and commas, which would split a candidate,
// are percent-encoded in the URLs. It returns "" when urls is empty.
func SrcSet(urls map[int]string) string {
	widths := make([]int, 0, len(urls))
	for w := range urls {
		if w > 0 {
			widths = append(widths, w)
		}
	}
	slices.Sort(widths)
	var b strings.Builder
	for i, w := range widths {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(srcsetEscaper.Replace(urls[w]))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(w))
		b.WriteByte('w')
	}
	return b.String()
}

var srcsetEscaper = strings.NewReplacer(
	" ", "%20", "\t", "%09", "\n", "%0A", "\f", "%0C", "\r", "%0D", ",", "%2C")
