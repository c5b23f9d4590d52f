// Command load sends GET requests to one URL on a fixed number of keep-alive
// connections for a fixed time and reports throughput and latency
// percentiles. It only talks to loopback addresses.
//
//	go run ./bench/load -url http://127.0.0.1:8080/blog -c 64 -d 10s -warmup 2s -H 'Accept-Encoding: gzip'
package main

import (
	"clinic/bench/internal/loopback"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"
)

// Bounds on a run, so that a typo cannot start an hour-long or
// ten-thousand-connection run.
const (
	maxConns    = 1024
	maxDuration = 10 * time.Minute
	maxWarmup   = time.Minute
)

// headerFlag collects repeated -H 'Name: value' flags.
type headerFlag http.Header

func (h headerFlag) String() string { return "" }

func (h headerFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("header %q is not of the form 'Name: value'", s)
	}
	http.Header(h).Add(name, strings.TrimSpace(value))
	return nil
}

func main() {
	if err := cli(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func cli(args []string, stdout io.Writer) error {
	cfg, asJSON, rawURL, err := parseFlags(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg.target, err = loopback.CheckTarget(ctx, net.DefaultResolver, rawURL)
	if err != nil {
		return err
	}
	res, err := run(ctx, cfg)
	if err != nil {
		return err
	}
	rep := newReport(cfg, res)
	if asJSON {
		err = rep.writeJSON(stdout)
	} else {
		err = rep.writeText(stdout)
	}
	if err != nil {
		return err
	}
	if res.Requests == res.Non2xx {
		return errors.New("no request got a 2xx response")
	}
	return nil
}

func parseFlags(args []string) (cfg config, asJSON bool, rawURL string, err error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	cfg.header = http.Header{}
	fs.StringVar(&rawURL, "url", "", "`URL` to GET (loopback hosts only)")
	fs.IntVar(&cfg.conns, "c", 64, "number of keep-alive `connections`, each sending one request at a time")
	fs.DurationVar(&cfg.duration, "d", 10*time.Second, "measured `duration`")
	fs.DurationVar(&cfg.warmup, "warmup", 0, "unmeasured `duration` before the measured one")
	fs.DurationVar(&cfg.timeout, "timeout", 5*time.Second, "per-request `timeout`")
	fs.Int64Var(&cfg.maxRequests, "n", 0, "stop after this many measured `requests` (0: run for -d)")
	fs.Var(headerFlag(cfg.header), "H", "request `header` 'Name: value' (repeatable)")
	fs.BoolVar(&asJSON, "json", false, "print the result as one JSON object")
	if err := fs.Parse(args); err != nil {
		return cfg, false, "", err
	}
	if fs.NArg() > 0 {
		return cfg, false, "", fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return cfg, asJSON, rawURL, validate(cfg, rawURL)
}

func validate(cfg config, rawURL string) error {
	switch {
	case rawURL == "":
		return errors.New("-url is required")
	case cfg.conns < 1 || cfg.conns > maxConns:
		return fmt.Errorf("-c must be between 1 and %d", maxConns)
	case cfg.duration <= 0 || cfg.duration > maxDuration:
		return fmt.Errorf("-d must be positive and at most %s", maxDuration)
	case cfg.warmup < 0 || cfg.warmup > maxWarmup:
		return fmt.Errorf("-warmup must be between 0 and %s", maxWarmup)
	case cfg.timeout <= 0:
		return errors.New("-timeout must be positive")
	case cfg.maxRequests < 0:
		return errors.New("-n must not be negative")
	}
	return nil
}
