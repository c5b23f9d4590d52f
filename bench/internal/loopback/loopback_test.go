package loopback

import (
	"context"
	"net"
	"testing"
)

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		wantOK bool
	}{
		{"an IPv4 loopback address is accepted", "http://127.0.0.1:8080/blog", true},
		{"any address in 127.0.0.0/8 is accepted", "http://127.3.2.1/", true},
		{"the IPv6 loopback address is accepted", "http://[::1]:8080/", true},
		{"localhost is accepted", "http://localhost:8080/", true},
		{"https is accepted", "https://127.0.0.1/", true},
		{"a private address is refused", "http://10.0.0.1/", false},
		{"a documentation address is refused", "http://192.0.2.1:80/", false},
		{"an IPv6 address other than ::1 is refused", "http://[2001:db8::1]/", false},
		{"an IPv4-mapped public address is refused", "http://[::ffff:192.0.2.1]/", false},
		{"the unspecified address is refused", "http://0.0.0.0:8080/", false},
		{"another scheme is refused", "ftp://127.0.0.1/", false},
		{"a URL without host is refused", "http:///path", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckTarget(context.Background(), net.DefaultResolver, tt.url)
			if gotOK := err == nil; gotOK != tt.wantOK {
				t.Errorf("CheckTarget(%q) = %v; want accepted %v", tt.url, err, tt.wantOK)
			}
		})
	}
}

func TestLoopbackOnly(t *testing.T) {
	tests := []struct {
		name    string
		address string
		wantOK  bool
	}{
		{"a dial to 127.0.0.1 is allowed", "127.0.0.1:80", true},
		{"a dial to ::1 is allowed", "[::1]:80", true},
		{"a dial to a mapped loopback address is allowed", "[::ffff:127.0.0.1]:80", true},
		{"a dial to a public address is refused", "198.51.100.7:80", false},
		{"a dial to a host name is refused", "example.com:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Only("tcp", tt.address, nil)
			if gotOK := err == nil; gotOK != tt.wantOK {
				t.Errorf("Only(%q) = %v; want allowed %v", tt.address, err, tt.wantOK)
			}
		})
	}
}
