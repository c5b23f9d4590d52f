package web

import (
	"net/http"
	"strings"
)

// acceptsGzip reports whether r's client takes a gzipped answer in
// preference to a plain one (RFC 9110, section 12.5.3). Every
// Accept-Encoding line counts. gzip (or its old name x-gzip) is taken when
// it is named with a q-value above zero, or, when it is not named, when "*"
// is; and only when identity, named or through "*", is not preferred to
// it. An element with a malformed q-value is ignored. It allocates nothing.
func acceptsGzip(r *http.Request) bool {
	g, i := codingWeights(r.Header["Accept-Encoding"])
	return g > 0 && g >= i
}

// codingWeights reads Accept-Encoding values and returns the weights, in
// thousandths, of gzip and of identity: 0 for a coding that is neither
// named nor covered by "*" (for identity: no stated preference).
func codingWeights(values []string) (gzip, identity int) {
	gzip, identity, star := -1, -1, -1
	for _, v := range values {
		for v != "" {
			var elem string
			elem, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(elem, ";")
			q, ok := weight(params)
			if !ok {
				continue
			}
			switch name = trimOWS(name); {
			case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
				gzip = max(gzip, q)
			case strings.EqualFold(name, "identity"):
				identity = max(identity, q)
			case name == "*":
				star = max(star, q)
			}
		}
	}
	return orElse(gzip, star, 0), orElse(identity, star, 0)
}

// orElse returns the first of its arguments that is not negative.
func orElse(a, b, c int) int {
	if a >= 0 {
		return a
	}
	if b >= 0 {
		return b
	}
	return c
}

// weight finds the q parameter among an element's parameters and returns
// it in thousandths: 1000 when there is none, false when it is malformed.
func weight(params string) (int, bool) {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(p, "=")
		if strings.EqualFold(trimOWS(name), "q") {
			return parseQValue(trimOWS(value))
		}
	}
	return 1000, true
}

// parseQValue parses a qvalue (RFC 9110, section 12.4.2): "0" or "1",
// optionally followed by a dot and up to three digits, never above 1.
// It returns the value in thousandths.
func parseQValue(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' || len(s) > 5 {
		return 0, false
	}
	scale := 100
	for _, c := range []byte(s[2:]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}

// trimOWS trims the optional white space of HTTP (spaces and tabs).
func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// etagMatch reports whether an If-None-Match header names etag, in the
// weak comparison RFC 9110 asks for. It allocates nothing.
func etagMatch(header, etag string) bool {
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		t = strings.TrimPrefix(trimOWS(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// etagMatchAny is etagMatch over every If-None-Match line of a request.
func etagMatchAny(values []string, etag string) bool {
	for _, v := range values {
		if etagMatch(v, etag) {
			return true
		}
	}
	return false
}
