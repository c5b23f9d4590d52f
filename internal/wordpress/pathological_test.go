package wordpress

import (
	"strings"
	"testing"
)

// TestBodyPathologicalInputs converts inputs built to be slow or deep.
// Each must finish (the test's time limit catches one that does not)
// without a panic.
func TestBodyPathologicalInputs(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, content string }{
		{"thousands of pre blocks", strings.Repeat("<pre>x</pre>\n\n", 5000)},
		{"captions nested thousands deep", strings.Repeat("[caption]", 5000) + strings.Repeat("[/caption]", 5000)},
		{"thousands of captions in a row", strings.Repeat("[caption]a[/caption]", 5000)},
		{"brackets that never close", strings.Repeat("[a ", 20000)},
		{"escaped brackets that never close", strings.Repeat("[[a", 20000)},
		{"thousands of galleries", strings.Repeat("[gallery]", 5000)},
		{"emphasis opened thousands of times", strings.Repeat("<em>", 3000) + "x"},
		{"links opened thousands of times", strings.Repeat("<a href=x>", 3000) + "x"},
		{"bold and italic interleaved", strings.Repeat("<b><i>", 3000) + "x"},
		{"lists nested thousands deep", strings.Repeat("<ul><li>", 3000) + "x"},
		{"tables nested hundreds deep", strings.Repeat("<table><tr><td>", 300) + "x"},
		{"quotes nested thousands deep", strings.Repeat("<blockquote>", 3000) + "x"},
		{"figures nested thousands deep", strings.Repeat("<figure><figcaption>", 3000) + "x"},
		{"paragraphs in divs thousands deep", strings.Repeat("<div><p>", 3000) + "x"},
		{"a run of angle brackets", strings.Repeat("<", 20000)},
		{"thousands of dynamic blocks", strings.Repeat("<!-- wp:x /-->", 5000)},
		{"thousands of line breaks", strings.Repeat("<br>", 20000)},
		{"thousands of short lines", strings.Repeat("a\n", 20000)},
		{"a run of underscores", strings.Repeat("_", 20000)},
		{"a run of ampersands", strings.Repeat("&", 20000)},
		{"a very long address", "http://" + strings.Repeat("a", 20000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { convertBody(t, tt.content) })
	}
}
