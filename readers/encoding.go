package readers

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

// Encoding names reported in Info.Encoding for delimited text.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF8BOM = "utf-8-bom"
	EncodingGB18030 = "gb18030"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	EncodingUTF32LE = "utf-32le"
	EncodingUTF32BE = "utf-32be"
	// The CJK legacy encodings besides GB18030, chosen by detectLegacy (cjk.go).
	EncodingBig5     = "big5"
	EncodingShiftJIS = "shift_jis"
	EncodingEUCKR    = "euc-kr"
)

// sniffPrefixBytes is how much of a text stream encoding detection looks at. 64 KiB is enough to
// see a few hundred rows and cheap to validate; the detection libraries that look at more are
// slower by orders of magnitude (docs/performance.md).
const sniffPrefixBytes = 64 << 10

// errBinary is the reason given for input that is plainly not text.
var errBinary = fmt.Errorf("binary data, not delimited text: %w", ErrCorrupt)

// detectEncoding names the encoding of a text stream from its first bytes, cheapest test first:
// byte-order mark (UTF-32 before UTF-16: FF FE 00 00 starts both), UTF-8 validity, then the CJK
// legacy encodings, GB18030, Big5, Shift-JIS and EUC-KR, chosen by detectLegacy. more says the
// stream continues after prefix (so the last character may be cut). bom is the length of a UTF-8
// byte-order mark to skip; UTF-16 and UTF-32 decoders consume their own mark.
func detectEncoding(prefix []byte, more bool) (enc string, bom int, err error) {
	switch {
	case len(prefix) == 0:
		return "", 0, ErrEmpty
	case bytes.HasPrefix(prefix, []byte{0xEF, 0xBB, 0xBF}):
		if err := checkPlausibleUTF8(prefix[3:]); err != nil {
			return "", 0, err
		}
		return EncodingUTF8BOM, 3, nil
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return EncodingUTF32LE, 0, nil
	case bytes.HasPrefix(prefix, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return EncodingUTF32BE, 0, nil
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE, 0, nil
	case bytes.HasPrefix(prefix, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE, 0, nil
	}
	if bytes.IndexByte(prefix, 0) >= 0 {
		return "", 0, fmt.Errorf("NUL bytes in the first %d bytes: %w", len(prefix), errBinary)
	}
	p := prefix
	if more {
		p = trimCutRune(p)
	}
	if utf8.Valid(p) {
		if err := checkPlausibleUTF8(p); err != nil {
			return "", 0, err
		}
		return EncodingUTF8, 0, nil
	}
	if enc := detectLegacy(prefix, more); enc != "" {
		return enc, 0, nil
	}
	return "", 0, fmt.Errorf("neither UTF-8 nor GB18030, Big5, Shift-JIS or EUC-KR text: %w", errBinary)
}

// readPrefix fills buf from r for encoding detection; more says the stream goes on after it.
func readPrefix(r io.Reader, buf []byte) (n int, more bool, err error) {
	n, err = io.ReadFull(r, buf)
	switch err {
	case nil:
		return n, true, nil
	case io.EOF, io.ErrUnexpectedEOF:
		return n, false, nil
	}
	return n, false, err
}

// trimCutRune drops an incomplete UTF-8 sequence at the end of p, left there by cutting a stream
// at an arbitrary byte.
func trimCutRune(p []byte) []byte {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return p[:i]
			}
			return p
		}
	}
	return p
}

// isJunkControl reports control bytes that do not occur in text files.
func isJunkControl(c byte) bool {
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F
}

// checkPlausibleUTF8 rejects valid UTF-8 that is mostly control characters (some binary formats
// happen to be valid UTF-8). The share is taken over at least plausibleSample bytes, so that one
// stray DEL in a file of a few bytes (`{"\x7f":2}` is valid JSON) does not make it binary: short
// inputs must carry several control bytes, and a short binary file that slips through still fails
// in the parser, which is an error too.
func checkPlausibleUTF8(p []byte) error {
	junk := 0
	for _, c := range p {
		if isJunkControl(c) {
			junk++
		}
	}
	if junk*20 > max(len(p), plausibleSample) {
		return fmt.Errorf("%d of the first %d bytes are control characters: %w", junk, len(p), errBinary)
	}
	return nil
}

// plausibleSample is the fewest bytes checkPlausibleUTF8 takes its share of control bytes over.
const plausibleSample = 64

// decoderFor returns the streaming decoder to UTF-8 for enc, or nil when enc is UTF-8 already.
func decoderFor(enc string) transform.Transformer {
	switch enc {
	case EncodingGB18030:
		return newGB18030Decoder()
	case EncodingUTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case EncodingUTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case EncodingUTF32LE:
		return utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM).NewDecoder()
	case EncodingUTF32BE:
		return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder()
	}
	for _, le := range legacyEncodings {
		if le.name == enc && enc != EncodingGB18030 {
			return le.enc.NewDecoder()
		}
	}
	return nil
}

// gb18030Pairs maps every two-byte GBK/GB18030 sequence (lead 0x81–0xFE, trail 0x40–0xFE but not
// 0x7F) to its UTF-8 bytes, byte 3 holding the length. It is built once from x/text's own decoder,
// so the fast path's output is identical to x/text's, only about four times faster (docs/performance.md).
var gb18030Pairs = sync.OnceValue(func() *[126 * 191][4]byte {
	var tab [126 * 191][4]byte
	dec := simplifiedchinese.GB18030.NewDecoder()
	var out [8]byte
	for lead := 0x81; lead <= 0xFE; lead++ {
		for trail := 0x40; trail <= 0xFE; trail++ {
			if trail == 0x7F {
				continue
			}
			n, _, err := dec.Transform(out[:], []byte{byte(lead), byte(trail)}, true)
			if err != nil || n > 3 {
				continue // left empty: the slow path decodes it
			}
			e := &tab[(lead-0x81)*191+trail-0x40]
			copy(e[:3], out[:n])
			e[3] = byte(n)
		}
	}
	return &tab
})

// gb18030Decoder decodes GB18030 (and so GBK and GB2312): ASCII runs are copied eight bytes at a
// time, two-byte sequences come from a table, and everything else (four-byte sequences, invalid
// or cut bytes) goes to x/text's decoder a few bytes at a time.
type gb18030Decoder struct {
	pairs *[126 * 191][4]byte
	slow  transform.Transformer
}

func newGB18030Decoder() *gb18030Decoder {
	return &gb18030Decoder{pairs: gb18030Pairs(), slow: simplifiedchinese.GB18030.NewDecoder()}
}

func (g *gb18030Decoder) Reset() { g.slow.Reset() }

func (g *gb18030Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		if nSrc+8 <= len(src) && nDst+8 <= len(dst) &&
			binary.LittleEndian.Uint64(src[nSrc:])&0x8080808080808080 == 0 {
			copy(dst[nDst:nDst+8], src[nSrc:nSrc+8])
			nDst += 8
			nSrc += 8
			continue
		}
		c := src[nSrc]
		if c < 0x80 {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		if c >= 0x81 && c <= 0xFE && nSrc+1 < len(src) {
			if t := src[nSrc+1]; t >= 0x40 && t <= 0xFE {
				if e := &g.pairs[int(c-0x81)*191+int(t-0x40)]; e[3] > 0 {
					n := int(e[3])
					if nDst+n > len(dst) {
						return nDst, nSrc, transform.ErrShortDst
					}
					copy(dst[nDst:], e[:n])
					nDst += n
					nSrc += 2
					continue
				}
			}
		}
		// A window of four bytes always holds a whole sequence unless the input ends first.
		end := min(nSrc+4, len(src))
		nd, ns, err := g.slow.Transform(dst[nDst:], src[nSrc:end], atEOF && end == len(src))
		nDst += nd
		nSrc += ns
		if err != nil && !(err == transform.ErrShortSrc && end < len(src) && ns > 0) {
			return nDst, nSrc, err
		}
	}
	return nDst, nSrc, nil
}

// decodeReader runs a transformer over a reader with large buffers (transform.NewReader's 4 KiB
// buffers cost more than the decoding itself at these rates).
type decodeReader struct {
	r        io.Reader
	t        transform.Transformer
	src, dst []byte
	s0, s1   int
	d0, d1   int
	eof      bool
	err      error
}

const decodeBufBytes = 128 << 10

func newDecodeReader(r io.Reader, t transform.Transformer) *decodeReader {
	return &decodeReader{r: r, t: t, src: make([]byte, decodeBufBytes), dst: make([]byte, 3*decodeBufBytes)}
}

func (d *decodeReader) Read(p []byte) (int, error) {
	for d.d0 == d.d1 {
		if d.err != nil {
			return 0, d.err
		}
		if d.s0 < d.s1 || d.eof {
			nDst, nSrc, err := d.t.Transform(d.dst, d.src[d.s0:d.s1], d.eof)
			d.s0 += nSrc
			d.d0, d.d1 = 0, nDst
			switch {
			case err != nil && err != transform.ErrShortSrc && err != transform.ErrShortDst:
				d.err = err
				continue
			case nDst > 0:
				continue
			case d.eof:
				d.err = io.EOF
				continue
			}
		}
		if d.s0 > 0 {
			d.s1 = copy(d.src, d.src[d.s0:d.s1])
			d.s0 = 0
		}
		n, err := d.r.Read(d.src[d.s1:])
		d.s1 += n
		if err == io.EOF {
			d.eof = true
		} else if err != nil {
			d.err = err
		}
	}
	n := copy(p, d.dst[d.d0:d.d1])
	d.d0 += n
	return n, nil
}

// gzipReader decompresses a gzip stream with its output bounded, and turns format errors into
// ErrCorrupt so that callers need not know compress/gzip's error values.
type gzipReader struct {
	zr    *gzip.Reader
	n     int64
	limit int64
}

// newGzipReader starts decompressing r; limit bounds the decompressed bytes (a gzip bomb is a few
// kilobytes that inflate to terabytes).
func newGzipReader(r io.Reader, limit int64) (*gzipReader, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		if err == io.EOF {
			return nil, ErrEmpty
		}
		return nil, gzipError(err)
	}
	return &gzipReader{zr: zr, limit: limit}, nil
}

func (g *gzipReader) Read(p []byte) (int, error) {
	if g.n > g.limit {
		return 0, g.limitErr()
	}
	n, err := g.zr.Read(p)
	g.n += int64(n)
	if g.n > g.limit {
		return 0, g.limitErr()
	}
	if err != nil && err != io.EOF {
		err = gzipError(err)
	}
	return n, err
}

func (g *gzipReader) limitErr() error {
	return limitError("gzip data unzips to more than", byteSize(g.limit), flagMaxDecompressedBytes)
}

// gzipError classifies a decompression error: damaged or truncated data is ErrCorrupt, anything
// else (an I/O error of the underlying file) is passed on unchanged.
func gzipError(err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &corrupt):
		return fmt.Errorf("gzip: %v: %w", err, ErrCorrupt)
	}
	return fmt.Errorf("gzip: %w", err)
}

// asyncReader runs a slow reader (a GB18030 or UTF-16 decoder) on its own goroutine so that
// decoding overlaps with splitting, handing over filled chunks through a channel.
type asyncReader struct {
	full   chan asyncChunk
	free   chan []byte
	done   chan struct{}
	exited chan struct{}
	cur    []byte
	spare  []byte
	err    error
}

type asyncChunk struct {
	b   []byte
	err error
}

const asyncChunkBytes = 256 << 10

func newAsyncReader(r io.Reader) *asyncReader {
	a := &asyncReader{
		full:   make(chan asyncChunk, 2),
		free:   make(chan []byte, 3),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range 3 {
		a.free <- make([]byte, asyncChunkBytes)
	}
	go a.run(r)
	return a
}

func (a *asyncReader) run(r io.Reader) {
	defer close(a.exited)
	defer close(a.full)
	for {
		var buf []byte
		select {
		case buf = <-a.free:
		case <-a.done:
			return
		}
		select {
		case <-a.done:
			return // closed while a buffer was also free: do not touch the source again
		default:
		}
		n, err := io.ReadFull(r, buf)
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		select {
		case a.full <- asyncChunk{b: buf[:n], err: err}:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *asyncReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		if a.spare != nil {
			a.free <- a.spare[:cap(a.spare)]
			a.spare = nil
		}
		c, ok := <-a.full
		if !ok {
			if a.err == nil {
				a.err = io.EOF
			}
			return 0, a.err
		}
		a.cur, a.spare, a.err = c.b, c.b, c.err
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the decoding goroutine and waits for it (at most one Read of the source in
// progress), so that the caller may use the source again, to drain and hash it for example.
func (a *asyncReader) Close() error {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	<-a.exited
	return nil
}
