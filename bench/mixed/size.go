package main

import (
	"fmt"
	"strconv"
	"strings"
)

// byteSize is a flag of a number of bytes, written as 1GB, 64MB, 512KB,
// 16MiB or a plain number.
type byteSize int64

var units = []struct {
	suffix string
	n      int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}

func (b *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return fmt.Errorf("%q is not a size such as 64MB or 1GB", s)
	}
	*b = byteSize(n * mult)
	return nil
}

func (b *byteSize) String() string {
	if b == nil {
		return "0"
	}
	switch n := int64(*b); {
	case n >= 1e9 && n%1e9 == 0:
		return fmt.Sprintf("%dGB", n/1e9)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1e6 && n%1e6 == 0:
		return fmt.Sprintf("%dMB", n/1e6)
	default:
		return strconv.FormatInt(n, 10)
	}
}
