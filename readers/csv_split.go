package readers

import (
	"bytes"
	"io"
)

// splitBufBytes is the splitter's initial buffer. Large reads keep the per-read overhead
// negligible; the buffer grows only for a record that does not fit, up to the field limit.
const splitBufBytes = 512 << 10

// splitter cuts UTF-8 delimited text into records without allocating per field. Lines without a
// quote (nearly all of them in real exports) are split in place with bytes.IndexByte and their
// cells appended straight into the batch's packed columns; only lines with a '"' go through the
// quote-aware parser, which unescapes into a scratch record.
type splitter struct {
	rd   io.Reader
	buf  []byte
	r, w int   // unread data is buf[r:w]
	base int64 // position in the text of buf[0]
	eof  bool  // rd has returned io.EOF
	rerr error

	maxRecord int // longest record accepted, in bytes
	maxBuf    int

	// nextQuote caches the index in buf of the first '"' at or after r, or w if none is in
	// buf[r:w]: one scan per refill instead of one per line for quote-free files.
	nextQuote int

	bufs Buffers // lent buf, when set

	// Scratch record of the quote-aware parser: field i is fbuf[fend[i-1]:fend[i]].
	fbuf []byte
	fend []int
}

// newSplitter returns a splitter whose buffer starts at splitBufBytes, or less when sizeHint (the
// input's size, 0 if unknown) says the whole input is smaller: a folder of thousands of small
// files should not allocate half a megabyte for each. It never starts below sniffPrefixBytes.
// The buffer comes from bufs when set, and goes back to it with release.
func newSplitter(rd io.Reader, maxRecord int, sizeHint int64, bufs Buffers) *splitter {
	maxBuf := maxRecord + (64 << 10)
	size := min(splitBufBytes, maxBuf)
	if sizeHint > 0 && sizeHint < int64(size) {
		size = max(int(sizeHint)+1, sniffPrefixBytes)
	}
	return &splitter{rd: rd, buf: getBuffer(bufs, size), bufs: bufs, maxRecord: maxRecord, maxBuf: maxBuf, nextQuote: -1}
}

// release gives the buffer back to the splitter's Buffers. The splitter must not be used after.
func (s *splitter) release() {
	if s.bufs != nil && s.buf != nil {
		s.bufs.Put(s.buf)
	}
	s.buf, s.r, s.w = nil, 0, 0
}

// fill makes room and reads until the buffer is full or the input ends. It returns false when
// nothing more can be read (end of input or a read error, kept in rerr).
func (s *splitter) fill() bool {
	if s.eof || s.rerr != nil {
		return false
	}
	if s.r > 0 {
		s.base += int64(s.r)
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
		s.nextQuote = -1
	}
	if s.w == len(s.buf) {
		if len(s.buf) >= s.maxBuf {
			return false
		}
		nb := getBuffer(s.bufs, min(2*len(s.buf), s.maxBuf))
		copy(nb, s.buf[:s.w])
		if s.bufs != nil {
			s.bufs.Put(s.buf)
		}
		s.buf = nb
	}
	start := s.w
	for s.w < len(s.buf) {
		n, err := s.rd.Read(s.buf[s.w:])
		s.w += n
		if err == io.EOF {
			s.eof = true
			break
		}
		if err != nil {
			s.rerr = err
			break
		}
	}
	s.nextQuote = -1
	return s.w > start || s.eof
}

// quoteFrom returns the index of the first '"' in buf[pos:w], or w.
func (s *splitter) quoteFrom(pos int) int {
	if s.nextQuote < pos || s.nextQuote < 0 {
		if i := bytes.IndexByte(s.buf[pos:s.w], '"'); i >= 0 {
			s.nextQuote = pos + i
		} else {
			s.nextQuote = s.w
		}
	}
	return s.nextQuote
}

// recordStatus is the outcome of parsing one record.
type recordStatus int

const (
	recordOK        recordStatus = iota
	recordMore                   // the record does not end inside the buffer: read more
	recordEnd                    // no record left: only blank lines up to the end of input
	recordOpenQuote              // delivered, but a quoted field was still open at end of input
)

// skipBlank skips empty lines ("\n", "\r\n", and a lone "\r" at the end of input) from pos, as
// encoding/csv does.
func (s *splitter) skipBlank(pos int) (int, recordStatus) {
	for pos < s.w {
		switch s.buf[pos] {
		case '\n':
			pos++
			continue
		case '\r':
			if pos+1 < s.w {
				if s.buf[pos+1] == '\n' {
					pos += 2
					continue
				}
				return pos, recordOK
			}
			if s.eof {
				return s.w, recordEnd
			}
			return pos, recordMore
		}
		return pos, recordOK
	}
	if s.eof {
		return pos, recordEnd
	}
	return pos, recordMore
}

// parseRecord parses the record starting at pos (not on a blank line) with RFC 4180 quoting,
// leniently: a quote inside an unquoted field is kept, a quote after a closing quote that is not
// followed by a delimiter or line end is kept, and a quoted field still open at end of input ends
// there. Fields land in fbuf/fend; next is where the following record starts.
//
// lineEnd caches the index in data of the first '\n' at or after lineFrom (-1: none in data).
// Unquoted fields look up where their line ends; searching again from every field would make a
// record of n fields cost n² (a header of a million columns took minutes). The rare ends (of the
// buffered data, of an unclosed quote) are left to other functions to keep this loop short.
func (s *splitter) parseRecord(pos int, delim byte) (next int, st recordStatus) {
	s.fbuf = s.fbuf[:0]
	s.fend = s.fend[:0]
	data := s.buf[:s.w]
	i := pos
	lineEnd, lineFrom := -1, -1
	for {
		if i < len(data) && data[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					return s.endOpenQuote(data, i, pos)
				}
				s.fbuf = append(s.fbuf, data[i:i+j]...)
				i += j + 1
				if i >= len(data) {
					return s.endAtBufferEnd(i, pos)
				}
				c := data[i]
				if c == delim {
					s.fend = append(s.fend, len(s.fbuf))
					i++
					break
				}
				switch c {
				case '"':
					s.fbuf = append(s.fbuf, '"')
					i++
					continue
				case '\n':
					s.fend = append(s.fend, len(s.fbuf))
					return i + 1, recordOK
				case '\r':
					if i+1 >= len(data) || data[i+1] == '\n' {
						return s.endQuotedCR(i, pos)
					}
				}
				// A quote followed by anything else is text (lenient, like LazyQuotes).
				s.fbuf = append(s.fbuf, '"')
			}
			if i == len(data) && s.eof { // "a", at end of input: the last field is empty.
				return s.endAtBufferEnd(i, pos)
			}
			continue
		}
		// Unquoted field: up to the delimiter or the end of the line.
		rest := data[i:]
		if lineFrom < 0 || i < lineFrom || (lineEnd >= 0 && i > lineEnd) {
			lineFrom, lineEnd = i, -1
			if k := bytes.IndexByte(rest, '\n'); k >= 0 {
				lineEnd = i + k
			}
		}
		line := rest
		if lineEnd >= 0 {
			line = data[i:lineEnd]
		} else if !s.eof {
			return pos, recordMore
		}
		if k := bytes.IndexByte(line, delim); k >= 0 {
			s.fbuf = append(s.fbuf, line[:k]...)
			s.fend = append(s.fend, len(s.fbuf))
			i += k + 1
			if i == len(data) {
				return s.endAtBufferEnd(i, pos)
			}
			continue
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		s.fbuf = append(s.fbuf, line...)
		s.fend = append(s.fend, len(s.fbuf))
		if lineEnd >= 0 {
			return lineEnd + 1, recordOK
		}
		return len(data), recordOK
	}
}

// endAtBufferEnd ends a record whose last field ends at i, the end of the buffered data: at end
// of input the record ends there; otherwise it needs more input (parseRecord starts it again at
// pos).
func (s *splitter) endAtBufferEnd(i, pos int) (int, recordStatus) {
	if !s.eof {
		return pos, recordMore
	}
	s.fend = append(s.fend, len(s.fbuf))
	return i, recordOK
}

// endQuotedCR ends a record at the '\r' at i after a closing quote, the end of the buffered data
// or followed by '\n'.
func (s *splitter) endQuotedCR(i, pos int) (int, recordStatus) {
	if i+1 >= s.w {
		return s.endAtBufferEnd(i+1, pos)
	}
	s.fend = append(s.fend, len(s.fbuf))
	return i + 2, recordOK
}

// endOpenQuote ends a record whose quoted field, from data[i], has no closing quote in the
// buffered data: at end of input the field takes the rest (less a final '\r') and the record ends
// with recordOpenQuote; otherwise it needs more input.
func (s *splitter) endOpenQuote(data []byte, i, pos int) (int, recordStatus) {
	if !s.eof {
		return pos, recordMore
	}
	tail := data[i:]
	if n := len(tail); n > 0 && tail[n-1] == '\r' {
		tail = tail[:n-1]
	}
	s.fbuf = append(s.fbuf, tail...)
	s.fend = append(s.fend, len(s.fbuf))
	return len(data), recordOpenQuote
}

// field returns field k of the scratch record.
func (s *splitter) field(k int) []byte {
	start := 0
	if k > 0 {
		start = s.fend[k-1]
	}
	return s.fbuf[start:s.fend[k]]
}

// limitError reports a record longer than the field limit.
func (s *splitter) limitError() error {
	return limitError("a line or field is longer than", byteSize(int64(s.maxRecord)), flagMaxFieldBytes)
}
