package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clinic"
)

// siteName is the server name of the documented nginx configuration.
const siteName = "clinic.example.org"

// lookTool finds a program, or skips the test where it is missing and CI
// is not set.
func lookTool(t *testing.T, name, pkg string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing", name)
	}
	t.Skipf("no %s; install Debian's %s package to run this test", name, pkg)
	return ""
}

// selfSigned writes a certificate for siteName and its key to dir and
// returns their paths and a pool that trusts it.
func selfSigned(t *testing.T, dir string) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: siteName}, DNSNames: []string{siteName},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "fullchain.pem"), filepath.Join(dir, "privkey.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return cert, key, pool
}

// nginxConf is the documented configuration made to run in dir: its
// ports on loopback, the test's certificate and server, and the files
// nginx writes kept in dir.
func nginxConf(t *testing.T, dir, upstream, httpsAddr, httpAddr, cert, key string) string {
	t.Helper()
	block := docBlock(t, "nginx")
	for _, r := range [][2]string{
		{"server 127.0.0.1:8080;", "server " + upstream + ";"},
		{"listen 443 ssl http2;", "listen " + httpsAddr + " ssl http2;"},
		{"listen [::]:443 ssl http2;\n", ""},
		{"listen 80;", "listen " + httpAddr + ";"},
		{"listen [::]:80;\n", ""},
		{"/etc/ssl/clinic/fullchain.pem", cert},
		{"/etc/ssl/clinic/privkey.pem", key},
	} {
		if !strings.Contains(block, r[0]) {
			t.Fatalf("the documented nginx configuration has no %q", r[0])
		}
		block = strings.Replace(block, r[0], r[1], 1)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;\n" // workers that can write to the test's folder
	}
	return fmt.Sprintf(`%sdaemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events { worker_connections 64; }
http {
access_log %[2]s/access.log;
client_body_temp_path %[2]s/body;
proxy_temp_path %[2]s/proxy;
fastcgi_temp_path %[2]s/fastcgi;
uwsgi_temp_path %[2]s/uwsgi;
scgi_temp_path %[2]s/scgi;
%s}
`, user, dir, block)
}

// startNginx runs nginx with conf until the test ends and returns once
// addr accepts connections.
func startNginx(t *testing.T, bin, dir, conf, addr string) {
	t.Helper()
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", "-p", dir, "-c", path).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", path)
	cmd.Stderr = &testLog{t: t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if b, _ := os.ReadFile(filepath.Join(dir, "error.log")); len(b) > 0 {
			t.Logf("nginx's error log:\n%s", b)
		}
	})
	for deadline := time.Now().Add(readyLimit); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s", addr)
		}
	}
}

// clientFrom is an HTTPS client that trusts pool, reaches siteName at
// addr, and connects from the loopback address from.
func clientFrom(pool *x509.CertPool, addr, from string) *http.Client {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	return &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: siteName}, ForceAttemptHTTP2: true,
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, addr)
			}}}
}

// TestBehindNginx runs the nginx configuration of docs/OPERATIONS.md in
// front of the real binary, with a certificate the test makes: a page
// over HTTPS, the client's address in the audit log through
// X-Forwarded-For (and not the address a client claims), the plain-HTTP
// redirect, and a 32 MiB upload streamed through to the server, where a
// body that large to any other address is refused.
func TestBehindNginx(t *testing.T) {
	t.Parallel()
	bin := lookTool(t, "nginx", "nginx", "/usr/sbin/nginx")
	dir := t.TempDir()
	cert, key, pool := selfSigned(t, dir)
	dataDir := filepath.Join(t.TempDir(), "data")
	secret := newSecretKey()
	srv := startServer(t, dataDir, "CLINIC_TRUSTED_PROXIES=127.0.0.1", "CLINIC_BASE_URL=https://"+siteName, "CLINIC_SECRET_KEY="+secret)
	httpsAddr, httpAddr := freeAddr(t), freeAddr(t)
	startNginx(t, bin, dir, nginxConf(t, dir, strings.TrimPrefix(srv.base, "http://"), httpsAddr, httpAddr, cert, key), httpsAddr)
	const from = "127.0.0.2" // the client; nginx reaches the server from 127.0.0.1
	c := clientFrom(pool, httpsAddr, from)
	base := "https://" + siteName

	t.Run("a page comes over HTTPS with HTTP/2 and HSTS", func(t *testing.T) {
		res, err := c.Get(base + "/blog/pilates-for-back-pain")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.ProtoMajor != 2 || res.Header.Get("Strict-Transport-Security") == "" {
			t.Errorf("status %d, %s, HSTS %q", res.StatusCode, res.Proto, res.Header.Get("Strict-Transport-Security"))
		}
	})
	t.Run("plain HTTP is sent to HTTPS", func(t *testing.T) {
		res, err := clientFrom(pool, httpAddr, from).Get("http://" + siteName + "/doctors")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != base+"/doctors" {
			t.Errorf("status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("the audit log names the client's address, not one it claims", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, base+"/admin/sign-in", strings.NewReader(url.Values{"email": {"nobody@example.com"}, "password": {"wrong"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "203.0.113.9")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a wrong password: status %d", res.StatusCode)
		}
		db := openPlace(t, backupPlace{dir: dataDir}, secret)
		es, err := db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "sign_in"})
		if err != nil || len(es) != 1 {
			t.Fatalf("%d sign-in events, %v", len(es), err)
		}
		if es[0].Address != from {
			t.Errorf("the audit log's address is %q, want %q", es[0].Address, from)
		}
	})
	t.Run("a large upload streams through", func(t *testing.T) {
		streamUpload(t, c, base, 32<<20)
	})
	t.Run("a body as large anywhere else is refused by nginx", func(t *testing.T) {
		res, err := c.Post(base+"/contact", "application/x-www-form-urlencoded", io.LimitReader(zeros{}, 32<<20))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", res.StatusCode)
		}
	})
}

// streamUpload sends an MRI review's form and then size bytes as one tus
// upload, and checks the server took them all.
func streamUpload(t *testing.T, c *http.Client, base string, size int64) {
	t.Helper()
	form := url.Values{"name": {"Rosa Díaz"}, "birth_date": {"1961-07-04"}, "email": {"rosa@example.com"}, "phone": {"(206) 555-0142"},
		"complaint": {"Low back pain"}, "since": {"March"}, "consent": {"yes"}}
	res, err := c.PostForm(base+"/mri-review", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the review's form: status %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/mri-review/files", nil)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", "filename "+base64.StdEncoding.EncodeToString([]byte("study.zip")))
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusCreated || loc == "" {
		t.Fatalf("creating the upload: status %d, Location %q", res.StatusCode, loc)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest(http.MethodPatch, base+u.Path, io.LimitReader(zeros{}, size))
	req.ContentLength = size
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", "0")
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent || res.Header.Get("Upload-Offset") != strconv.FormatInt(size, 10) {
		t.Errorf("the upload: status %d, Upload-Offset %q: %.300s", res.StatusCode, res.Header.Get("Upload-Offset"), body)
	}
}

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestSystemdUnit checks the unit of docs/OPERATIONS.md with
// systemd-analyze verify, with this command as its program.
func TestSystemdUnit(t *testing.T) {
	t.Parallel()
	bin := lookTool(t, "systemd-analyze", "systemd", "/usr/bin/systemd-analyze")
	unit := docBlock(t, "ini")
	if !strings.Contains(unit, "ExecStart=/usr/local/bin/clinic serve") {
		t.Fatal("the documented unit does not start /usr/local/bin/clinic serve")
	}
	for _, want := range []string{"ProtectSystem=strict", "NoNewPrivileges=yes", "ReadWritePaths=/var/lib/clinic"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the documented unit lacks %s", want)
		}
	}
	unit = strings.Replace(unit, "/usr/local/bin/clinic", binary(t), 1)
	path := filepath.Join(t.TempDir(), "clinic.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "verify", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "clinic.service:") {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
