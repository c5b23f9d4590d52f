package web

import (
	"net/url"
	"strings"
)

// siteLocation makes raw, a path of this site as it might arrive in a
// request or a redirect row (escaped or not), safe to send as a Location
// that every browser resolves on this site: exactly one leading slash, and
// backslashes, control characters, spaces and non-ASCII bytes
// percent-encoded. Browsers read "\" as "/" and drop tabs and newlines, so
// without this "/\evil.example" or "/<TAB>/evil.example" would lead to
// another origin.
func siteLocation(raw string) string {
	raw = strings.TrimLeft(raw, "/\\")
	var b strings.Builder
	b.Grow(len(raw) + 1)
	b.WriteByte('/')
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c <= ' ' || c == '\\' || c >= 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// redirectLocation is where a redirect row sends a browser: an http or
// https address elsewhere as the editor wrote it, or a path of this site
// made safe by siteLocation.
func redirectLocation(to string) string {
	if u, err := url.Parse(to); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.String()
	}
	return siteLocation(to)
}
