package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// cluster is the servers of a run.
type cluster struct {
	bases    []string
	cmds     []*exec.Cmd
	database string // "SQLite" or "PostgreSQL"
	files    string // where the files are: "the data folder" or "an object store"
	work     string // the temporary folder: data, logs, the binary
	dropDB   func()
}

// startCluster starts o.instances servers on 127.0.0.1, each logging to a
// file in the work folder, and waits until each answers /readyz.
func startCluster(ctx context.Context, o options, log io.Writer) (*cluster, error) {
	work, err := os.MkdirTemp("", "clinic-mixed-")
	if err != nil {
		return nil, err
	}
	c := &cluster{work: work, database: "SQLite", files: "the data folder", dropDB: func() {}}
	bin := o.bin
	if bin == "" {
		bin = filepath.Join(work, "clinic")
		fmt.Fprintln(log, "mixed: building ./cmd/clinic")
		if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/clinic").CombinedOutput(); err != nil {
			c.stop()
			return nil, fmt.Errorf("go build ./cmd/clinic: %v\n%s", err, out)
		}
	}
	env, err := c.environment(ctx, o)
	if err != nil {
		c.stop()
		return nil, err
	}
	for i := range o.instances {
		if err := c.start(bin, i, env); err != nil {
			c.stop()
			return nil, err
		}
		if i == 0 { // the first makes the database; the others find it made
			if err := waitReady(ctx, c.bases[0]); err != nil {
				c.stop()
				return nil, err
			}
		}
	}
	for _, b := range c.bases {
		if err := waitReady(ctx, b); err != nil {
			c.stop()
			return nil, err
		}
	}
	return c, nil
}

// environment is what every server is started with: a shared data folder
// (the blob folder all instances write), a secret key, a blob key, and a
// fresh database on -postgres if given.
func (c *cluster) environment(ctx context.Context, o options) ([]string, error) {
	secret, blobKey := make([]byte, 32), make([]byte, 32)
	rand.Read(secret)
	rand.Read(blobKey)
	env := append(os.Environ(), "CLINIC_DATA_DIR="+filepath.Join(c.work, "data"), "CLINIC_LOG_LEVEL=warn",
		"CLINIC_SECRET_KEY="+base64.StdEncoding.EncodeToString(secret),
		"CLINIC_BLOB_KEY=1:"+base64.StdEncoding.EncodeToString(blobKey), "CLINIC_TRUSTED_PROXIES=127.0.0.1")
	if o.blobURL != "" {
		env = append(env, "CLINIC_BLOB_URL="+o.blobURL)
		c.files = "an object store"
	}
	if o.postgres == "" {
		return env, nil
	}
	dsn, err := c.createDatabase(ctx, o.postgres)
	if err != nil {
		return nil, err
	}
	c.database = "PostgreSQL"
	return append(env, "CLINIC_DATABASE_URL="+dsn), nil
}

// createDatabase makes clinic_mixed_PID on the server at admin and
// returns its URL; stop drops it.
func (c *cluster) createDatabase(ctx context.Context, admin string) (string, error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", err
	}
	name := "clinic_mixed_" + strconv.Itoa(os.Getpid())
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", fmt.Errorf("create database on %s: %w", admin, err)
	}
	c.dropDB = func() {
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		db.Close()
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// start starts server i on a free loopback port.
func (c *cluster) start(bin string, i int, env []string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	logf, err := os.Create(filepath.Join(c.work, fmt.Sprintf("server-%d.log", i)))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(env, "CLINIC_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return err
	}
	c.cmds = append(c.cmds, cmd)
	c.bases = append(c.bases, "http://"+addr)
	return nil
}

// waitReady polls base/readyz for up to two minutes.
func waitReady(ctx context.Context, base string) error {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("%s did not become ready in two minutes", base)
}

// memory reads each server's resident memory now and at its peak, in
// bytes, from /proc.
func (c *cluster) memory() [][2]int64 {
	out := make([][2]int64, len(c.cmds))
	for i, cmd := range c.cmds {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err != nil {
			continue
		}
		s := bufio.NewScanner(f)
		for s.Scan() {
			k, v, _ := strings.Cut(s.Text(), ":")
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			switch k {
			case "VmRSS":
				out[i][0] = kb << 10
			case "VmHWM":
				out[i][1] = kb << 10
			}
		}
		f.Close()
	}
	return out
}

// stop stops the servers, drops the database and removes the work folder.
func (c *cluster) stop() {
	for _, cmd := range c.cmds {
		cmd.Process.Signal(syscall.SIGTERM)
	}
	for _, cmd := range c.cmds {
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	c.dropDB()
	os.RemoveAll(c.work)
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
