package web

import "testing"

func TestSiteLocation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/blog", "/blog"},
		{"/blog?page=2#top", "/blog?page=2#top"},
		{"/caf%C3%A9", "/caf%C3%A9"},
		{`/\evil.example`, "/evil.example"},
		{`/\/evil.example`, "/evil.example"},
		{`/a\b`, "/a%5Cb"},
		{"//evil.example", "/evil.example"},
		{"/\t/evil.example", "/%09/evil.example"},
		{"/\r\n/evil.example", "/%0D%0A/evil.example"},
		{"/ /evil.example", "/%20/evil.example"},
		{"/café", "/caf%C3%A9"},
		{"/\x7f/evil", "/%7F/evil"},
		{"", "/"},
		{"evil.example", "/evil.example"},
	}
	for _, tt := range tests {
		if got := siteLocation(tt.in); got != tt.want {
			t.Errorf("siteLocation(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedirectLocation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/new", "https://example.org/new"},
		{"http://example.org/a b", "http://example.org/a%20b"},
		{`/\evil.example`, "/evil.example"},
		{"//evil.example/x", "/evil.example/x"},
		{"javascript:alert(1)", "/javascript:alert(1)"},
		{"/blog/new-post", "/blog/new-post"},
	}
	for _, tt := range tests {
		if got := redirectLocation(tt.in); got != tt.want {
			t.Errorf("redirectLocation(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
