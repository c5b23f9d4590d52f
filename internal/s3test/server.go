package s3test

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// server is a running versitygw.
type server struct {
	cmd      *exec.Cmd
	exited   chan struct{}
	dir      string // holds root and the log
	root     string // the posix backend's folder: one subfolder a bucket
	endpoint string
	access   string
	secret   string
}

// startLimit bounds the wait for a new server to answer.
const startLimit = 20 * time.Second

// start runs versitygw on a free port of 127.0.0.1, trying again on
// another port when the one picked was taken meanwhile.
func start(path string) (*server, error) {
	dir, err := os.MkdirTemp("", "s3test-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, root: filepath.Join(dir, "root"), access: "clinic-test", secret: randomHex(20)}
	if err := os.Mkdir(s.root, 0o700); err != nil {
		return nil, err
	}
	for range 3 {
		if err = s.run(path); err == nil {
			return s, nil
		}
	}
	os.RemoveAll(dir)
	return nil, err
}

// run starts the program and waits until its health check answers.
func (s *server) run(path string) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(s.dir, "versitygw.log"))
	if err != nil {
		return err
	}
	defer log.Close()
	// --port is the listening address: 127.0.0.1 only, where the
	// program's default is every interface.
	s.cmd = exec.Command(path, "--port", addr, "--access", s.access, "--secret", s.secret,
		"--region", Region, "--health", "/health", "--quiet", "posix", s.root)
	s.cmd.Stdout, s.cmd.Stderr = log, log
	// Should the test binary die without Stop, the server dies with it.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", path, err)
	}
	s.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { cmd.Wait(); close(exited) }(s.cmd, s.exited)
	s.endpoint = "http://" + addr
	if err := s.waitHealthy(); err != nil {
		s.kill()
		out, _ := os.ReadFile(log.Name())
		return fmt.Errorf("versitygw on %s: %w; it said: %s", addr, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// waitHealthy polls the health check until it answers 200.
func (s *server) waitHealthy() error {
	c := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(startLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-s.exited:
			return errors.New("it exited")
		default:
		}
		res, err := c.Get(s.endpoint + "/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("no answer within %v", startLimit)
}

// kill ends the process and waits for it.
func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.exited
}

func (s *server) stop() {
	s.kill()
	os.RemoveAll(s.dir)
}

// freeAddr returns an address of 127.0.0.1 with a port free a moment ago.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
