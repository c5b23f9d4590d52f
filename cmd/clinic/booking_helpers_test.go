package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"clinic"
	"clinic/internal/seal"
	"clinic/internal/store"
)

// seattleDoctors are the clinicians of the demo clinic who see patients
// in Seattle on some days.
var seattleDoctors = []string{"dr-maya-lindqvist", "dr-samuel-okafor", "jordan-ellis-arnp"}

// followUpApart is how far apart two follow-up visits of one clinician
// must start so that booking one leaves the other open: 20 minutes and
// 10 kept free after.
const followUpApart = 30 * time.Minute

// newSecretKey returns a fresh base64 key for CLINIC_SECRET_KEY.

// patients numbers the patients whose forms the tests send.
var patients atomic.Int64

func newSecretKey() string {
	key := make([]byte, 32)
	rand.Read(key)
	return base64.StdEncoding.EncodeToString(key)
}

// server is a running clinic process.
type server struct {
	base   string
	cmd    *exec.Cmd
	exited chan struct{}
}

// startServer starts this command on a free port with the data folder
// dir and returns once it answers /readyz. The process is stopped at the
// end of the test if it still runs.
func startServer(t *testing.T, dir string, env ...string) *server {
	t.Helper()
	return startServerLogging(t, dir, &testLog{t: t}, env...)
}

// startServerLogging is startServer with the server's log lines (at warn
// and above unless env sets CLINIC_LOG_LEVEL) written to logs.
func startServerLogging(t *testing.T, dir string, logs io.Writer, env ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{base: "http://" + addr, exited: make(chan struct{})}
	s.cmd = exec.Command(binary(t), "--addr", addr, "--data-dir", dir)
	s.cmd.Env = append(append(os.Environ(), "CLINIC_LOG_LEVEL=warn"), env...)
	s.cmd.Stderr = logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.stop)
	for deadline := time.Now().Add(readyLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(s.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
	}
	t.Fatalf("the server did not become ready within %v", readyLimit)
	return nil
}

// kill ends the process with SIGKILL, as a crash or the OOM killer
// would, and waits until it is gone.
func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.exited
}

// stop asks the process to stop, kills it after 15 s, and waits.
func (s *server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		s.kill()
	}
}

// noRedirects is a client that hands back redirects instead of following
// them, with room for many connections at once.
func noRedirects() *http.Client {
	return &http.Client{Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 256}}
}

// page is a fetched HTML page.
type page struct {
	status   int
	location string
	doc      *html.Node
}

func (p *page) all(selector string) []*html.Node {
	return cascadia.MustCompile(selector).MatchAll(p.doc)
}

// text is the text of the first node that matches selector, with its
// spaces collapsed, or "".
func (p *page) text(selector string) string {
	n := cascadia.MustCompile(selector).MatchFirst(p.doc)
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// fetch sends req and reads the answer as HTML.
func fetch(c *http.Client, req *http.Request) (*page, error) {
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(string(body)))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL, err)
	}
	return &page{status: res.StatusCode, location: res.Header.Get("Location"), doc: doc}, nil
}

// getPage fetches base+path and fails the test unless it answers 200.
func getPage(t *testing.T, base, path string) *page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := fetch(noRedirects(), req)
	if err != nil {
		t.Fatal(err)
	}
	if p.status != http.StatusOK {
		t.Fatalf("GET %s = %d", path, p.status)
	}
	return p
}

// postBooking sends a filled-in details form as the browser does, from
// the patient's address as a trusted proxy in front of the server would
// name it: the server allows a few bookings per address.
func postBooking(c *http.Client, base string, form url.Values, from string) (*page, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/appointments/details", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", from)
	return fetch(c, req)
}

// openTimes follows the week pages of one clinician's follow-up visits in
// Seattle and returns the links of n open times, each at least
// followUpApart after the one before.
func openTimes(t *testing.T, base, doctor string, n int) []string {
	t.Helper()
	var links []string
	var last time.Time
	next := "/appointments?type=follow-up&location=seattle&doctor=" + doctor
	for len(links) < n && next != "" {
		p := getPage(t, base, next)
		for _, a := range p.all("a.slot") {
			if start := slotStart(t, attrOf(a, "href")); start.Sub(last) >= followUpApart {
				links, last = append(links, attrOf(a, "href")), start
			}
		}
		next = ""
		if a := p.all(`a[rel="next"]`); len(a) > 0 {
			next = attrOf(a[0], "href")
		}
	}
	if len(links) < n {
		t.Fatalf("%s has only %d open times in Seattle", doctor, len(links))
	}
	return links[:n]
}

// seattleTimes returns n independent open times, taken in turn from the
// clinicians who work in Seattle.
func seattleTimes(t *testing.T, base string, n int) []string {
	t.Helper()
	per := make([][]string, len(seattleDoctors))
	for i, d := range seattleDoctors {
		per[i] = openTimes(t, base, d, (n+len(seattleDoctors)-1)/len(seattleDoctors))
	}
	var links []string
	for i := 0; len(links) < n; i++ {
		links = append(links, per[i%len(per)][i/len(per)])
	}
	return links
}

// slotStart reads the start time of a slot link.
func slotStart(t *testing.T, link string) time.Time {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	start, err := time.Parse(time.RFC3339, u.Query().Get("start"))
	if err != nil {
		t.Fatalf("slot link %s: %v", link, err)
	}
	return start
}

// patientForm is the details form for a slot link, filled in for the
// patient called name, with a fresh idempotency key.
func patientForm(t *testing.T, link, name string) url.Values {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{}
	for _, k := range []string{"type", "location", "doctor", "start"} {
		v.Set(k, u.Query().Get(k))
	}
	v.Set("key", rand.Text())
	v.Set("name", name)
	v.Set("dob", "1961-07-04")
	v.Set("phone", "(206) 555-0142")
	v.Set("email", fmt.Sprintf("patient+%d@example.com", patients.Add(1))) // each form another patient's
	v.Set("reason", "Low back pain, follow-up")
	return v
}

// patientName is a distinct name for the i-th patient of a test.
func patientName(i int) string {
	return fmt.Sprintf("Rosa Díaz %d", i)
}

// patientAddr is the address the i-th patient of a test books from.
func patientAddr(i int) string {
	return fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
}

// bookingEnv is the environment of a server that books: its database,
// its secret key, and loopback as the trusted proxy that names each
// patient's address.
func bookingEnv(dsn, key string) []string {
	return []string{"CLINIC_DATABASE_URL=" + dsn, "CLINIC_SECRET_KEY=" + key, "CLINIC_TRUSTED_PROXIES=127.0.0.1"}
}

// storedAppointments opens the clinic's database as the server does,
// with the same secret key, and returns every appointment of the next
// four months.
func storedAppointments(t *testing.T, dsn, dir, key string) []*clinic.Appointment {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(raw)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{DataDir: dir, Sealer: sealer})
	if err != nil {
		t.Fatalf("open the store: %v", err)
	}
	defer db.Close()
	now := time.Now()
	as, err := db.Appointments(ctx, clinic.AppointmentFilter{From: now.AddDate(0, 0, -1), To: now.AddDate(0, 4, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// checkNoOverlaps fails the test if two active appointments of one
// clinician hold the same time, buffers included.
func checkNoOverlaps(t *testing.T, as []*clinic.Appointment) {
	t.Helper()
	for i, a := range as {
		for _, b := range as[i+1:] {
			if a.Provider == b.Provider && clinic.Active(a.Status) && clinic.Active(b.Status) && a.Overlaps(b) {
				t.Errorf("appointments %d and %d of %s overlap: %v and %v", a.ID, b.ID, a.Provider, a.Start, b.Start)
			}
		}
	}
}

// startKey is how a test finds the appointment of a clinician at a time.
func startKey(provider string, start time.Time) string {
	return provider + " " + start.UTC().Format(time.RFC3339)
}
