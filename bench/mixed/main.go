// Command mixed runs the clinic under mixed traffic and reports what it
// did: it starts one server on SQLite, or several on one PostgreSQL
// database sharing one blob folder, and sends them, round-robin, page
// views, searches, slot lookups and bookings from -c clients at once while
// one MRI study of -upload bytes goes up over tus in parts. It prints, by
// route, requests, throughput, p50 and p99 latency and errors, the
// upload's time, and each server's resident memory, as Markdown.
//
//	go run ./bench/mixed -d 20s -upload 1GB
//	go run ./bench/mixed -instances 3 -postgres 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' -d 20s -upload 1GB
//
// With -blob-url the servers keep files in an S3-compatible bucket
// instead of the data folder they share.
//
// It listens and connects on loopback only, and stops what it started
// (and drops the database it made) when it ends.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"
)

// options are the command line.
type options struct {
	bin       string
	instances int
	postgres  string
	duration  time.Duration
	clients   int
	upload    byteSize
	part      byteSize
	blobURL   string
}

func main() {
	if err := cli(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "mixed:", err)
		}
		os.Exit(1)
	}
}

func parseFlags(args []string, out io.Writer) (options, error) {
	o := options{upload: 64 << 20, part: 16 << 20}
	fs := flag.NewFlagSet("mixed", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.bin, "bin", "", "the clinic binary; default: go build ./cmd/clinic")
	fs.IntVar(&o.instances, "instances", 1, "servers to start; above 1 needs -postgres")
	fs.StringVar(&o.postgres, "postgres", "", "postgres://… of a server on which to make a database for the run; empty for SQLite")
	fs.DurationVar(&o.duration, "d", 20*time.Second, "how long the traffic runs")
	fs.IntVar(&o.clients, "c", 8, "clients sending page views, searches, slot lookups and bookings at once")
	fs.Var(&o.upload, "upload", "size of the MRI study uploaded meanwhile, such as 64MB or 1GB; 0 for none")
	fs.Var(&o.part, "part", "size of each tus PATCH of the upload")
	fs.StringVar(&o.blobURL, "blob-url", "", "s3://BUCKET?endpoint=… to keep the files in an object store (keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); empty for the shared data folder")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.instances < 1 || o.instances > 8:
		return o, fmt.Errorf("-instances must be 1 to 8")
	case o.instances > 1 && o.postgres == "":
		return o, fmt.Errorf("several instances share a database: give -postgres")
	case o.clients < 1 || o.clients > 256:
		return o, fmt.Errorf("-c must be 1 to 256")
	case o.duration < time.Second || o.duration > 30*time.Minute:
		return o, fmt.Errorf("-d must be 1s to 30m")
	case o.upload < 0 || o.upload > 2_000_000_000 || o.part < 1<<20 || o.part > 256<<20:
		return o, fmt.Errorf("-upload must be 0 to 2GB (the study limit) and -part 1MB to 256MB")
	}
	return o, nil
}

func cli(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	loadBefore := loadAverage()
	c, err := startCluster(ctx, o, stderr)
	if err != nil {
		return err
	}
	defer c.stop()
	fmt.Fprintf(stderr, "mixed: %d server(s) on %s ready; reading open times\n", len(c.bases), c.database)
	times, err := openTimes(ctx, newClient(o.clients+2), c.bases[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "mixed: %d open times; traffic for %v\n", len(times), o.duration)
	res := runTraffic(ctx, c.bases, times, o)
	rss := c.memory()
	return writeReport(stdout, o, c, res, rss, loadBefore, loadAverage())
}
