package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestByteSizeReadsUnits(t *testing.T) {
	for in, want := range map[string]int64{"1GB": 1e9, "64MB": 64e6, "16MiB": 16 << 20, "512KB": 512e3, "2048": 2048, "0": 0} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, bad := range []string{"", "GB", "-1MB", "1TB", "1.5GB", "99999999999GiB"} {
		var b byteSize
		if err := b.Set(bad); err == nil {
			t.Errorf("Set(%q) = %d, want an error", bad, b)
		}
	}
}

func TestFlagsRefuseRunsOutOfBounds(t *testing.T) {
	for _, args := range [][]string{
		{"-instances", "3"}, // several need PostgreSQL
		{"-instances", "0"}, {"-c", "0"}, {"-d", "100ms"}, {"-upload", "3GB"}, {"-part", "100KB"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v was taken", args)
		}
	}
	if _, err := parseFlags([]string{"-upload", "1GB", "-d", "30s"}, io.Discard); err != nil {
		t.Errorf("a real run's flags: %v", err)
	}
}

func TestPercentile(t *testing.T) {
	var ls []time.Duration
	for i := 1; i <= 100; i++ {
		ls = append(ls, time.Duration(i))
	}
	if p50, p99 := percentile(ls, 50), percentile(ls, 99); p50 != 50 || p99 != 99 {
		t.Errorf("p50 %d, p99 %d; want 50, 99", p50, p99)
	}
	if percentile(nil, 50) != 0 || percentile(ls[:1], 99) != 1 {
		t.Error("empty or single")
	}
}

func TestNoiseIsTheSameStreamEachTime(t *testing.T) {
	a, _ := io.ReadAll(io.LimitReader(&noise{x: 1}, 1000))
	b, _ := io.ReadAll(io.LimitReader(&noise{x: 1}, 1000))
	if string(a) != string(b) || strings.Count(string(a), "\x00") > 20 {
		t.Error("noise differs between runs or is mostly zeros")
	}
}
