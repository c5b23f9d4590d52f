package media

import "testing"

func TestSrcSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		urls map[int]string
		want string
	}{
		{"no URLs give an empty value", nil, ""},
		{"one URL gets its width", map[int]string{480: "/media/a-480.jpg"}, "/media/a-480.jpg 480w"},
		{
			"URLs are listed narrowest first",
			map[int]string{1600: "/m/c.jpg", 480: "/m/a.jpg", 960: "/m/b.jpg"},
			"/m/a.jpg 480w, /m/b.jpg 960w, /m/c.jpg 1600w",
		},
		{"spaces and commas in a URL are encoded", map[int]string{480: "/m/back pain,1.jpg"}, "/m/back%20pain%2C1.jpg 480w"},
		{"widths that are not positive are left out", map[int]string{0: "/m/x.jpg", 480: "/m/a.jpg"}, "/m/a.jpg 480w"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SrcSet(tt.urls); got != tt.want {
				t.Errorf("SrcSet = %q, want %q", got, tt.want)
			}
		})
	}
}
