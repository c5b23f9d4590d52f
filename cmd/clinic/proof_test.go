package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinic/internal/mail/mailtest"
	"clinic/internal/pgtest"
)

// TestProofThreeInstancesKill9 is the proof that several instances make
// one clinic. Three servers run on one PostgreSQL database and one store
// of uploaded files. Browsing (pages, search, slot lookups) goes to all
// three in turn while patients book, three at a time for each of 24
// times, each of the three trying another server; an MRI study is
// uploaded over tus in parts of 1 MiB to the first server, which is
// killed with SIGKILL in the middle of a part once a third of the times
// are booked. A booking whose server died unanswered is sent again, with
// its idempotency key, to the next live server, as a browser or a load
// balancer would. Then:
//
//   - every booking confirmed is in the database, each time is booked
//     once, and no two appointments overlap;
//   - no message went out twice (each outbox message has one Message-ID,
//     the same on every instance and attempt): the servers send the
//     confirmations and the reminders that were due when they started,
//     and three mail workers with a clock that jumps from one due
//     message to the next send the rest;
//   - the upload resumes through the two other servers (each locks the
//     upload in PostgreSQL, and the killed one's lock went with its
//     connection), from the last part the killed one confirmed, and the
//     file read has the SHA-256 of the original; clinic blob verify finds
//     every stored file intact;
//   - browsing got no error from a live server.
func TestProofThreeInstancesKill9(t *testing.T) {
	t.Parallel()
	const victim = 0
	dsn, key := pgtest.NewDatabase(t), newSecretKey()
	relay := mailtest.Start(t)
	due := prepareDueWork(t, dsn, key, relay)
	c := startCluster(t, 3, dsn, key)
	t.Logf("three servers share %s", c.blobs.kind)
	links := seattleTimes(t, c.servers[1].base, 24)

	browsing := startBrowsing(t, c, 3)
	up := startUpload(t, c.servers[victim].base)
	bookings := &bookingRun{}
	bookings.run(t, c, links, 6, len(links)/3, func() {
		c.kill(victim)
		up.cut()
	})
	up.resume(t, c, victim)
	browsing.stop(t)
	t.Logf("browsing: %v; %d requests cut by the kill", browsing.byRoute(), browsing.cut.Load())
	t.Logf("bookings: %d confirmed, %d taken, %d sent again after the kill", len(bookings.acks), bookings.taken, bookings.resent)

	t.Run("every confirmed booking is stored, each time once", func(t *testing.T) {
		checkStored(t, dsn, "", key, bookings.acks)
		perTime := map[string]int{}
		for _, a := range bookings.acks {
			perTime[startKey(a.doctor, a.start)]++
		}
		for _, l := range links {
			u, _ := url.Parse(l)
			doctor, start := u.Query().Get("doctor"), slotStart(t, l)
			if n := perTime[startKey(doctor, start)]; n != 1 {
				t.Errorf("%s at %v was confirmed %d times, want once", doctor, start, n)
			}
		}
	})
	t.Run("the upload resumed elsewhere has the original's SHA-256", func(t *testing.T) {
		up.checkStored(t, dsn, key)
		verifyBlobs(t, c)
	})
	for i, s := range c.servers {
		if i != victim {
			s.stop()
		}
	}
	t.Run("no message goes out twice", func(t *testing.T) {
		sendAllDue(t, dsn, key)
		checkMailOnce(t, dsn, key, relay, due, bookings.acks)
	})
}

// bookingRun is what patients booking on a cluster were told.
type bookingRun struct {
	mu     sync.Mutex
	acks   []ack
	taken  int
	resent int
}

// run books each of links three times, each try for another patient and
// first sent to another server, with workers patients at once, and
// calls kill once the killAt-th booking is confirmed. A try whose server
// died before it answered goes to the next live server with the same
// form and idempotency key.
func (b *bookingRun) run(t *testing.T, c *cluster, links []string, workers, killAt int, kill func()) {
	t.Helper()
	type try struct {
		link   string
		server int
		i      int // the patient
	}
	var tries []try
	for i, l := range links {
		for k := range len(c.servers) {
			tries = append(tries, try{link: l, server: (i + k) % len(c.servers), i: len(tries)})
		}
	}
	rand.Shuffle(len(tries), func(i, j int) { tries[i], tries[j] = tries[j], tries[i] })
	queue := make(chan try)
	var once sync.Once
	var wg sync.WaitGroup
	client := noRedirects()
	for range workers {
		wg.Go(func() {
			for tr := range queue {
				if b.book(t, c, client, tr.link, tr.server, tr.i) == killAt {
					once.Do(kill)
				}
			}
		})
	}
	for _, tr := range tries {
		queue <- tr
	}
	close(queue)
	wg.Wait()
	once.Do(kill)
}

// book sends one patient's form to server first, or on to the next live
// server while the one tried is dead, and returns how many bookings are
// confirmed so far.
func (b *bookingRun) book(t *testing.T, c *cluster, client *http.Client, link string, first, i int) int {
	form := patientForm(t, link, patientName(i))
	for n := first; ; n++ {
		at, s := c.pick(n)
		p, err := postBooking(client, s.base, form, patientAddr(i))
		if err != nil {
			if !c.dead(at) {
				t.Errorf("a booking sent to live server %d got no answer: %v", at, err)
				return 0
			}
			b.mu.Lock()
			b.resent++
			b.mu.Unlock()
			continue
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		switch {
		case p.status == http.StatusSeeOther && strings.HasSuffix(p.location, "?done=booked"):
			manage, _, _ := strings.Cut(strings.TrimPrefix(p.location, s.base), "?")
			b.acks = append(b.acks, ack{doctor: form.Get("doctor"), patient: patientName(i), start: slotStart(t, link), manage: manage, email: form.Get("email")})
		case p.status == http.StatusConflict:
			b.taken++
		default:
			t.Errorf("booking on server %d: %d %q %s", at, p.status, p.location, p.text("h1"))
		}
		return len(b.acks)
	}
}

// upload is an MRI study on its way up over tus.
type upload struct {
	tc      *tusClient
	target  string
	file    []byte
	sum     string
	written int64 // the offset the server confirmed last
	pw      *io.PipeWriter
}

// uploadPart is the size of each PATCH, and so of each stored part.
const uploadPart = 1 << 20

// startUpload starts a 6 MiB upload on the server at base, sends three
// parts, and leaves the fourth half sent, its request waiting for the
// rest.
func startUpload(t *testing.T, base string) *upload {
	t.Helper()
	const size = 6 * uploadPart
	u := &upload{tc: newReview(t, base)}
	u.file, u.sum = study(size, 13)
	u.target = u.tc.create(t, studyName(1), size)
	for range 3 {
		got, err := u.tc.patch(u.target, u.written, uploadPart, bytes.NewReader(u.file[u.written:u.written+uploadPart]))
		if err != nil || got != u.written+uploadPart {
			t.Fatalf("part at %d: offset %d, %v", u.written, got, err)
		}
		u.written = got
	}
	pr, pw := io.Pipe()
	u.pw = pw
	go u.tc.patch(u.target, u.written, uploadPart, pr) // cut off by the kill
	if _, err := pw.Write(u.file[u.written : u.written+uploadPart/2]); err != nil {
		t.Fatal(err)
	}
	return u
}

// cut ends the body of the part under way, after its server died.
func (u *upload) cut() { u.pw.CloseWithError(io.ErrUnexpectedEOF) }

// resume asks a live server where the upload stands, which must be where
// the killed one last confirmed, and sends the rest a part at a time to
// the live servers in turn.
func (u *upload) resume(t *testing.T, c *cluster, victim int) {
	t.Helper()
	_, s := c.pick(victim + 1)
	u.tc.base = s.base
	at, status, err := u.tc.head(u.target)
	if err != nil || status != http.StatusOK || at != u.written {
		t.Fatalf("HEAD on another server: offset %d, status %d, %v; the killed server confirmed %d", at, status, err, u.written)
	}
	for n := victim + 1; u.written < int64(len(u.file)); n++ {
		_, s := c.pick(n)
		u.tc.base = s.base
		got, err := u.tc.patch(u.target, u.written, uploadPart, bytes.NewReader(u.file[u.written:u.written+uploadPart]))
		if err != nil || got != u.written+uploadPart {
			t.Fatalf("part at %d on %s: offset %d, %v", u.written, s.base, got, err)
		}
		u.written = got
	}
}

// checkStored waits for a server to read the upload, which computes the
// SHA-256 of the file its parts make, and compares it with the original's.
func (u *upload) checkStored(t *testing.T, dsn, key string) {
	t.Helper()
	db := openWithClock(t, dsn, key, time.Now)
	id := path.Base(u.target)
	waitFor(t, "a server to read the upload", func() bool {
		got, err := db.Upload(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return got.SHA256 != ""
	})
	got, _ := db.Upload(context.Background(), id)
	if got.SHA256 != u.sum || got.Offset != int64(len(u.file)) || len(got.Parts) != 6 {
		t.Errorf("stored: SHA-256 %s, %d bytes in %d parts; want %s, %d bytes in 6 parts", got.SHA256, got.Offset, len(got.Parts), u.sum, len(u.file))
	}
}

// verifyBlobs runs clinic blob verify on the cluster's store: every file
// a record names is there and decrypts to its recorded SHA-256, and no
// stored file is unrecorded.
func verifyBlobs(t *testing.T, c *cluster) {
	t.Helper()
	cmd := exec.Command(binary(t), "--data-dir", c.blobs.dataDir(0), "blob", "verify")
	cmd.Env = append(append(os.Environ(), bookingEnv(c.dsn, c.key)...), c.blobs.env...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "checked") {
		t.Errorf("blob verify: %v\n%s", err, out)
	}
}

// browsing is visitors reading the site on every live server in turn.
type browsing struct {
	done   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	counts map[string]int
	cut    atomic.Int64 // requests to a server that died under them
}

// browsePaths are what the visitors read: pages, search and slot lookups.
var browsePaths = []string{
	"/", "/blog/pilates-for-back-pain", "/search?q=back+pain", "/doctors",
	"/appointments?type=follow-up&location=seattle&doctor=dr-samuel-okafor",
	"/treatments", "/search?q=disc",
	"/appointments?type=follow-up&location=seattle&doctor=jordan-ellis-arnp",
}

func startBrowsing(t *testing.T, c *cluster, visitors int) *browsing {
	b := &browsing{done: make(chan struct{}), counts: map[string]int{}}
	client := &http.Client{Timeout: time.Minute}
	for v := range visitors {
		b.wg.Go(func() {
			for n := v; ; n++ {
				select {
				case <-b.done:
					return
				default:
				}
				b.get(t, c, client, n)
			}
		})
	}
	return b
}

// get reads the n-th path from the n-th live server.
func (b *browsing) get(t *testing.T, c *cluster, client *http.Client, n int) {
	at, s := c.pick(n)
	p := browsePaths[n%len(browsePaths)]
	res, err := client.Get(s.base + p)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	switch {
	case err != nil && c.dead(at):
		b.cut.Add(1)
	case err != nil:
		t.Errorf("GET %s on live server %d: %v", p, at, err)
	case res.StatusCode != http.StatusOK:
		t.Errorf("GET %s on server %d: %d", p, at, res.StatusCode)
	default:
		route, _, _ := strings.Cut(p, "?")
		b.mu.Lock()
		b.counts[route]++
		b.mu.Unlock()
	}
}

func (b *browsing) stop(t *testing.T) {
	close(b.done)
	b.wg.Wait()
}

func (b *browsing) byRoute() map[string]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.counts
}
