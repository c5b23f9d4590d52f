// Command booking books appointments on a running clinic as fast as it
// can: it reads every clinician's open times at every office from the
// booking pages, keeps the times that can all be booked, and posts the
// details form for each with N clients at once. It prints bookings per
// second, p50 and p99 latency and the answers by status. It only talks to
// loopback addresses, since every booking it makes is real.
//
//	go run ./bench/booking -url http://127.0.0.1:8080 -c 16
package main

import (
	"clinic/bench/internal/loopback"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"
)

// options are the command line.
type options struct {
	base    string
	clients int
	limit   int
	typ     string
	apart   time.Duration
	tries   int
	scanC   int
}

func main() {
	if err := cli(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "booking:", err)
		}
		os.Exit(1)
	}
}

func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("booking", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.base, "url", "", "base URL of the clinic, such as http://127.0.0.1:8080 (loopback only)")
	fs.IntVar(&o.clients, "c", 16, "clients booking at once")
	fs.IntVar(&o.limit, "n", 0, "book at most this many times; 0 for every one found")
	fs.StringVar(&o.typ, "type", "follow-up", "appointment type to book")
	fs.DurationVar(&o.apart, "apart", 30*time.Minute, "least time between two bookings of one clinician: the type's length and buffer")
	fs.IntVar(&o.tries, "tries", 1, "forms posted for each time, with distinct keys; above 1 all but one should get 409")
	fs.IntVar(&o.scanC, "scan-c", 8, "pages fetched at once while reading the open times")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	u, err := loopback.CheckTarget(context.Background(), net.DefaultResolver, o.base)
	switch {
	case err != nil:
		return o, fmt.Errorf("-url: give the clinic's base URL on this machine, such as http://127.0.0.1:8080: %w", err)
	case o.clients < 1 || o.clients > 1024 || o.tries < 1 || o.tries > 100 || o.scanC < 1 || o.limit < 0:
		return o, fmt.Errorf("-c must be 1 to 1024, -tries 1 to 100, -scan-c at least 1 and -n not negative")
	}
	o.base = u.Scheme + "://" + u.Host
	return o, nil
}

// client does not follow redirects: a booking's 303 is its answer.
func client(conns int) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: loopback.Only}
	return &http.Client{Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
}

func cli(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c := client(max(o.clients, o.scanC))
	began := time.Now()
	slots, err := scan(ctx, c, o.base, o.typ, o.apart, o.scanC)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d open %s times that can all be booked, read in %.1fs\n",
		o.base, len(slots), o.typ, time.Since(began).Seconds())
	forms := formsFor(slots, o.limit, o.tries)
	began = time.Now()
	t := book(ctx, c, o.base, forms, o.clients, stderr)
	report(stdout, t, time.Since(began), o.clients)
	if t.limited > 0 {
		fmt.Fprintf(stderr, "%d bookings got 429: start the clinic with CLINIC_TRUSTED_PROXIES=127.0.0.1 so that each patient's X-Forwarded-For address counts\n", t.limited)
	}
	if t.other+t.failed > 0 {
		return fmt.Errorf("%d answers were neither 303 nor 409, and %d requests failed", t.other, t.failed)
	}
	return nil
}

// formsFor shuffles the slots, so that clients at once book different
// clinicians as patients would, keeps limit of them (0: all) and makes
// tries forms for each, one after another, so that a time's tries are
// posted at about the same moment.
func formsFor(slots []slot, limit, tries int) []booking {
	rand.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	if limit > 0 && limit < len(slots) {
		slots = slots[:limit]
	}
	forms := make([]booking, 0, len(slots)*tries)
	for _, s := range slots {
		for range tries {
			n := len(forms)
			forms = append(forms, booking{bookingForm(s, n), patientAddr(n)})
		}
	}
	return forms
}
