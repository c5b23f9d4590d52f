// Package loopback keeps the load generators in bench/ on this machine:
// they send real requests that write real data, so they refuse any
// address that is not a loopback one.
package loopback

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// CheckTarget parses rawURL and refuses it unless it is an http or https URL
// whose host resolves only to loopback addresses (127.0.0.0/8, ::1).
func CheckTarget(ctx context.Context, r *net.Resolver, rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("url %q: scheme must be http or https", rawURL)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("url %q has no host", rawURL)
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s resolves to no address", host)
	}
	for _, a := range addrs {
		if !a.Unmap().IsLoopback() {
			return nil, fmt.Errorf("%s resolves to %s, which is not a loopback address", host, a.Unmap())
		}
	}
	return u, nil
}

// Only is a net.Dialer Control function that refuses to connect to
// anything but a loopback address, whatever the name resolved to.
func Only(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s %s: %w", network, address, err)
	}
	if !ap.Addr().Unmap().IsLoopback() {
		return fmt.Errorf("dial %s: not a loopback address", address)
	}
	return nil
}
