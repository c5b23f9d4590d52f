package main

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"clinic/internal/s3test"
)

// cluster is several clinic processes on one PostgreSQL database and one
// store of uploaded files, as behind a load balancer.
type cluster struct {
	dsn, key string
	blobs    sharedBlobs
	servers  []*server
	logs     []*lockedBuffer // what each server wrote to its standard error

	mu     sync.Mutex
	killed map[int]bool
}

// sharedBlobs is the store of uploaded files that the instances share,
// and how each instance is started to use it.
type sharedBlobs struct {
	kind string // "a local folder" or "a bucket of an object store"
	// dataDir gives instance i its data folder: the same one for all when
	// the files are a folder in it.
	dataDir func(i int) string
	env     []string
}

// newSharedBlobs returns the store of uploaded files for a test's
// instances: a bucket of an S3-compatible object store on loopback
// (internal/s3test), each instance with a data folder of its own. On a
// machine without versitygw, and not in CI (where its absence fails the
// test), it is one local folder that every instance writes, as a shared
// disk would be.
func newSharedBlobs(t *testing.T) sharedBlobs {
	t.Helper()
	if ok, why := s3test.Available(); !ok && os.Getenv("CI") == "" {
		t.Logf("the instances share a local folder: %s", why)
		dir := filepath.Join(t.TempDir(), "shared")
		return sharedBlobs{kind: "a local folder", dataDir: func(int) string { return dir },
			env: []string{"CLINIC_BLOB_KEY=" + newBlobKey()}}
	}
	b := s3test.NewBucket(t)
	dir := t.TempDir()
	return sharedBlobs{kind: "a bucket of an object store",
		dataDir: func(i int) string { return filepath.Join(dir, strconv.Itoa(i)) },
		env:     append(b.Env(), "CLINIC_BLOB_KEY="+newBlobKey())}
}

// newBlobKey is a CLINIC_BLOB_KEY of one fresh key.
func newBlobKey() string {
	k := make([]byte, 32)
	rand.Read(k)
	return "1:" + base64.StdEncoding.EncodeToString(k)
}

// startCluster starts n servers at once on the database dsn with the
// secret key key, each with env added, and stops them when the test ends.
func startCluster(t *testing.T, n int, dsn, key string, env ...string) *cluster {
	t.Helper()
	c := &cluster{dsn: dsn, key: key, blobs: newSharedBlobs(t), servers: make([]*server, n), logs: make([]*lockedBuffer, n), killed: map[int]bool{}}
	all := append(append(bookingEnv(dsn, key), c.blobs.env...), env...)
	var wg sync.WaitGroup
	for i := range n {
		c.logs[i] = &lockedBuffer{}
		wg.Go(func() {
			c.servers[i] = startServerLogging(t, c.blobs.dataDir(i), io.MultiWriter(&testLog{t: t}, c.logs[i]), all...)
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return c
}

// kill ends server i with SIGKILL.
func (c *cluster) kill(i int) {
	c.mu.Lock()
	c.killed[i] = true
	c.mu.Unlock()
	c.servers[i].kill()
}

// dead reports whether server i was killed.
func (c *cluster) dead(i int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.killed[i]
}

// pick returns the n-th live server in turn, as a round-robin load
// balancer that has noticed which servers are gone would, and its index.
func (c *cluster) pick(n int) (int, *server) {
	for k := range len(c.servers) {
		i := (n + k) % len(c.servers)
		if !c.dead(i) {
			return i, c.servers[i]
		}
	}
	panic("every server of the cluster is dead")
}
