package dicomtest

// The lossless JPEG encoder (ITU T.81 process 14, Annex H) used to make
// fixtures: one Huffman table, all components interleaved, no restarts.

// losslessBits are the code lengths of difference categories 0 to 16.
var losslessBits = [17]int{2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 9}

// EncodeLossless compresses a frame of samples of precision bits with a
// predictor from 1 to 7.
func EncodeLossless(f []int, rows, cols, comps, precision, predictor int) []byte {
	return EncodeLosslessRestart(f, rows, cols, comps, precision, predictor, 0)
}

// EncodeLosslessRestart is EncodeLossless with a restart marker every
// restart pixels (0 for none). After each, prediction starts afresh: the
// first sample from the middle value, the rest of its row from the left.
func EncodeLosslessRestart(f []int, rows, cols, comps, precision, predictor, restart int) []byte {
	codes, lengths := canonicalCodes()
	out := []byte{0xFF, 0xD8}
	out = appendSOF3(out, rows, cols, comps, precision)
	out = appendDHT(out)
	if restart > 0 {
		out = append(out, 0xFF, 0xDD, 0, 4, byte(restart>>8), byte(restart))
	}
	out = appendSOS(out, comps, predictor)
	w := &bitWriter{out: out}
	mask := 1<<precision - 1
	at := func(x, y, c int) int { return f[(y*cols+x)*comps+c] & mask }
	rs := restartAt{}
	for y := 0; y < rows; y++ {
		for x := 0; x < cols; x++ {
			if n := y*cols + x; restart > 0 && n > 0 && n%restart == 0 {
				w.out = append(w.flush(), 0xFF, byte(0xD0+(n/restart-1)%8))
				w.acc, w.nbits = 0, 0
				rs = restartAt{y, x}
			}
			for c := 0; c < comps; c++ {
				px := predict(x, y, c, precision, predictor, rs, at)
				diff := int(int16(uint16(at(x, y, c) - px)))
				if uint16(at(x, y, c)-px) == 0x8000 {
					diff = 32768
				}
				ssss := category(diff)
				w.put(codes[ssss], lengths[ssss])
				if ssss > 0 && ssss < 16 {
					if diff < 0 {
						diff += 1<<ssss - 1
					}
					w.put(diff&(1<<ssss-1), ssss)
				}
			}
		}
	}
	out = w.flush()
	return append(out, 0xFF, 0xD9)
}

// restartAt is where the current restart interval began.
type restartAt struct{ row, col int }

func predict(x, y, c, precision, predictor int, rs restartAt, at func(x, y, c int) int) int {
	switch {
	case x == rs.col && y == rs.row:
		return 1 << (precision - 1)
	case y == rs.row:
		return at(x-1, y, c)
	case x == 0:
		return at(x, y-1, c)
	}
	ra, rb, rc := at(x-1, y, c), at(x, y-1, c), at(x-1, y-1, c)
	switch predictor {
	case 1:
		return ra
	case 2:
		return rb
	case 3:
		return rc
	case 4:
		return ra + rb - rc
	case 5:
		return ra + (rb-rc)>>1
	case 6:
		return rb + (ra-rc)>>1
	}
	return (ra + rb) / 2
}

func category(diff int) int {
	if diff == 32768 {
		return 16
	}
	if diff < 0 {
		diff = -diff
	}
	n := 0
	for diff > 0 {
		n++
		diff >>= 1
	}
	return n
}

// canonicalCodes assigns codes in order of length (T.81 Annex C).
func canonicalCodes() (codes, lengths [17]int) {
	code, length := 0, 1
	for sym := 0; sym < 17; sym++ {
		for length < losslessBits[sym] {
			code <<= 1
			length++
		}
		codes[sym], lengths[sym] = code, length
		code++
	}
	return codes, lengths
}

func appendSOF3(out []byte, rows, cols, comps, precision int) []byte {
	n := 8 + 3*comps
	out = append(out, 0xFF, 0xC3, byte(n>>8), byte(n), byte(precision), byte(rows>>8), byte(rows), byte(cols>>8), byte(cols), byte(comps))
	for c := 0; c < comps; c++ {
		out = append(out, byte(c+1), 0x11, 0)
	}
	return out
}

func appendDHT(out []byte) []byte {
	var counts [16]byte
	for _, l := range losslessBits {
		counts[l-1]++
	}
	n := 2 + 1 + 16 + 17
	out = append(out, 0xFF, 0xC4, byte(n>>8), byte(n), 0x00)
	out = append(out, counts[:]...)
	for sym := 0; sym < 17; sym++ {
		out = append(out, byte(sym))
	}
	return out
}

func appendSOS(out []byte, comps, predictor int) []byte {
	n := 6 + 2*comps
	out = append(out, 0xFF, 0xDA, byte(n>>8), byte(n), byte(comps))
	for c := 0; c < comps; c++ {
		out = append(out, byte(c+1), 0x00)
	}
	return append(out, byte(predictor), 0, 0)
}

// bitWriter writes bits most significant first, stuffing a zero byte
// after each 0xFF.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits int
}

func (w *bitWriter) put(v, n int) {
	w.acc = w.acc<<n | uint64(v)&(1<<n-1)
	w.nbits += n
	for w.nbits >= 8 {
		b := byte(w.acc >> (w.nbits - 8))
		w.out = append(w.out, b)
		if b == 0xFF {
			w.out = append(w.out, 0)
		}
		w.nbits -= 8
	}
}

func (w *bitWriter) flush() []byte {
	if w.nbits > 0 {
		w.put(1<<(8-w.nbits)-1, 8-w.nbits)
	}
	return w.out
}
