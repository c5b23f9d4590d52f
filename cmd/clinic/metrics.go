package main

import (
	"flag"
	"fmt"
	"net"
)

// MetricsConfig says where /metrics is served: on an address of its own
// (Addr), on the site's address behind a bearer token (Token), both, or,
// when neither is set, nowhere.
type MetricsConfig struct {
	Addr  string
	Token string
}

// On reports whether metrics are served at all.
func (c MetricsConfig) On() bool { return c.Addr != "" || c.Token != "" }

// minTokenLen is the shortest bearer token taken: 32 characters, as
// `openssl rand -hex 16` prints.
const minTokenLen = 32

// metricsFlags defines the metrics flags and returns what checks them.
// The token has no flag, so that it never shows in the process list.
func metricsFlags(fs *flag.FlagSet, env func(name, def string) string) func() (MetricsConfig, error) {
	var c MetricsConfig
	fs.StringVar(&c.Addr, "metrics-addr", env("CLINIC_METRICS_ADDR", ""), "address of its own to serve /metrics on, such as 127.0.0.1:9090; empty for none (CLINIC_METRICS_ADDR)")
	c.Token = env("CLINIC_METRICS_TOKEN", "")
	return func() (MetricsConfig, error) {
		if c.Addr != "" {
			if _, _, err := net.SplitHostPort(c.Addr); err != nil {
				return c, fmt.Errorf("metrics address %q: give host:port, such as 127.0.0.1:9090", c.Addr)
			}
		}
		if c.Token != "" && len(c.Token) < minTokenLen {
			return c, fmt.Errorf("CLINIC_METRICS_TOKEN is %d characters long; give at least %d random ones (openssl rand -hex 16)", len(c.Token), minTokenLen)
		}
		return c, nil
	}
}
