package readers

import (
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Compression layers. Any sequential format (delimited text, JSON, JSON Lines) is read through
// them as a stream; random-access formats (Parquet, xlsx) inside one are first decompressed to a
// bounded temporary file (spool.go). Info.Compression reports the layer's name.
//
// Every layer is bounded the same way:
//   - its output by Limits.MaxDecompressedBytes (a bomb is a few kilobytes that unpack to
//     terabytes), an ErrLimit naming --max-decompressed-bytes;
//   - its memory by a fixed cap on the window a stream may declare, maxCompressionWindow: xz and
//     zstd allocate the window the header asks for (xz up to 4 GiB) before decoding a byte. gzip
//     (32 KiB) and bzip2 (900 KB blocks) have small fixed windows;
//   - damaged, truncated or foreign data is ErrCorrupt, with the decompressor's reason; an I/O
//     error of the underlying file is passed on unchanged.
const (
	CompressionGzip  = "gzip"
	CompressionBzip2 = "bzip2"
	CompressionXZ    = "xz"
	CompressionZstd  = "zstd"
)

// maxCompressionWindow bounds the dictionary (xz) or window (zstd) a compressed stream may ask
// for. 128 MiB admits everything the command-line tools write at any preset (xz -9 uses 64 MiB,
// zstd --ultra -22 128 MiB); only hand-tuned streams (xz --lzma2=dict=1GiB, zstd --long=31)
// exceed it, and they are refused rather than allowed to allocate gigabytes.
const maxCompressionWindow = 128 << 20

// compressionSuffixes maps a file-name suffix to its compression layer.
var compressionSuffixes = []struct{ suffix, name string }{
	{".gz", CompressionGzip},
	{".bz2", CompressionBzip2},
	{".xz", CompressionXZ},
	{".zst", CompressionZstd},
}

// withCompressions returns the suffixes plus each of them followed by every compression suffix:
// ".csv" → ".csv", ".csv.gz", ".csv.bz2", ".csv.xz", ".csv.zst".
func withCompressions(suffixes ...string) []string {
	out := append([]string(nil), suffixes...)
	for _, s := range suffixes {
		for _, c := range compressionSuffixes {
			out = append(out, s+c.suffix)
		}
	}
	return out
}

// splitCompression returns the compression layer named by path's suffix ("" for none) and path
// without that suffix, lower-cased.
func splitCompression(path string) (compression, inner string) {
	lower := strings.ToLower(path)
	for _, c := range compressionSuffixes {
		if strings.HasSuffix(lower, c.suffix) {
			return c.name, strings.TrimSuffix(lower, c.suffix)
		}
	}
	return "", lower
}

// decompress starts the named layer over r. The returned closer releases the decoder (zstd holds
// buffers); it does not close r. An empty input is ErrEmpty.
func decompress(compression string, r io.Reader, lim Limits) (io.Reader, func(), error) {
	lim = lim.WithDefaults()
	nop := func() {}
	switch compression {
	case "":
		return r, nop, nil
	case CompressionGzip:
		gz, err := newGzipReader(r, lim.MaxDecompressedBytes)
		if err != nil {
			return nil, nil, err
		}
		return gz, nop, nil
	}
	tap := &sourceTap{r: r}
	var first [1]byte
	n, err := io.ReadFull(tap, first[:])
	if n == 0 {
		if err == io.EOF {
			return nil, nil, ErrEmpty
		}
		return nil, nil, err
	}
	tap.unread = first[:1]
	d := &decompressReader{name: compression, tap: tap, limit: lim.MaxDecompressedBytes}
	closer := nop
	switch compression {
	case CompressionBzip2:
		d.zr = bzip2.NewReader(tap)
	case CompressionXZ:
		tap.guard = &xzGuard{maxDict: maxCompressionWindow}
		zr, err := xz.ReaderConfig{DictCap: 1 << 16}.NewReader(tap)
		if err != nil {
			return nil, nil, d.classify(err)
		}
		d.zr = zr
	case CompressionZstd:
		zr, err := zstd.NewReader(tap, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(maxCompressionWindow), zstd.WithDecoderMaxMemory(maxCompressionWindow))
		if err != nil {
			return nil, nil, d.classify(err)
		}
		d.zr, closer = zr, zr.Close
	default:
		return nil, nil, fmt.Errorf("unknown compression %q: %w", compression, ErrUnsupported)
	}
	return d, closer, nil
}

// sourceTap passes the compressed bytes through, remembering whether the underlying reader
// failed (so a decoder error can be told apart from an I/O error) and feeding the xz guard.
type sourceTap struct {
	r      io.Reader
	unread []byte // bytes read ahead (the first byte, to tell an empty file) served first
	err    error  // the first error of r other than io.EOF
	guard  *xzGuard
}

func (s *sourceTap) Read(p []byte) (int, error) {
	var n int
	var err error
	if len(s.unread) > 0 {
		n = copy(p, s.unread)
		s.unread = s.unread[n:]
	} else {
		n, err = s.r.Read(p)
		if err != nil && err != io.EOF && s.err == nil {
			s.err = err
		}
	}
	if s.guard != nil && n > 0 {
		if gerr := s.guard.feed(p[:n]); gerr != nil {
			return 0, gerr
		}
	}
	return n, err
}

// decompressReader bounds a decoder's output and classifies its errors.
type decompressReader struct {
	name  string
	zr    io.Reader
	tap   *sourceTap
	n     int64
	limit int64
	err   error
}

func (d *decompressReader) Read(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	if d.n > d.limit {
		d.err = d.limitErr()
		return 0, d.err
	}
	n, err := d.zr.Read(p)
	d.n += int64(n)
	if d.n > d.limit {
		d.err = d.limitErr()
		return 0, d.err
	}
	if err != nil && err != io.EOF {
		d.err = d.classify(err)
		err = d.err
	}
	return n, err
}

func (d *decompressReader) limitErr() error {
	return limitError(d.name+" data decompresses to more than", byteSize(d.limit), flagMaxDecompressedBytes)
}

// errWindow is what the xz guard returns for a dictionary over maxCompressionWindow.
var errWindow = errors.New("window too large")

// classify turns a decoder error into a reader error: the underlying file's own I/O error is
// passed on; a window over the cap is ErrLimit; anything else means the data is damaged.
func (d *decompressReader) classify(err error) error {
	switch {
	case d.tap.err != nil:
		return fmt.Errorf("%s: %w", d.name, d.tap.err)
	case errors.Is(err, ErrLimit), errors.Is(err, ErrCorrupt):
		return err
	case errors.Is(err, errWindow), errors.Is(err, zstd.ErrWindowSizeExceeded), errors.Is(err, zstd.ErrDecoderSizeExceeded):
		return fmt.Errorf("%s stream asks for a window larger than the fixed %s limit (decompress it with the command-line tool first): %w",
			d.name, byteSize(maxCompressionWindow), ErrLimit)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: truncated data (unexpected end of stream): %w", d.name, ErrCorrupt)
	}
	return fmt.Errorf("%s: %s: %w", d.name, describeParseError(err), ErrCorrupt)
}

// xzGuard follows the xz container format (stream header, block headers, LZMA2 chunk headers,
// index, stream footer) over the compressed bytes as the decoder reads them, so that every block's
// declared dictionary size is checked before the decoder allocates it: github.com/ulikunitz/xz
// allocates whatever a block header declares, up to 4 GiB, per block. The guard only reads
// headers and skips data; it never rejects a stream for anything but a dictionary over the cap.
// If it loses track (a format it does not know, which the decoder will refuse anyway), it stops
// checking.
type xzGuard struct {
	maxDict   int64
	buf       []byte // bytes of the structure being parsed
	skip      int64  // data bytes to pass over before parsing resumes
	state     xzState
	off       int64 // bytes consumed in the current block or index, for its padding
	check     int   // size of each block's check field
	records   int64 // index records left
	lostTrack bool  // a structure it does not know: stop checking
}

type xzState int

const (
	xzStreamHeader xzState = iota
	xzBlockOrIndex
	xzChunk
	xzBlockPad
	xzIndexCount
	xzIndexRecords
	xzIndexPad
	xzFooter
	xzStreamPad
)

func (g *xzGuard) feed(p []byte) error {
	for len(p) > 0 && !g.lostTrack {
		if g.skip > 0 {
			k := min(int64(len(p)), g.skip)
			g.skip -= k
			g.off += k
			p = p[k:]
			continue
		}
		g.buf = append(g.buf, p[0])
		p = p[1:]
		for g.skip == 0 && !g.lostTrack {
			progressed, err := g.step()
			if err != nil {
				return err
			}
			if !progressed {
				break
			}
		}
		if len(g.buf) > 2048 {
			g.lostTrack = true // no xz header is this long
		}
	}
	return nil
}

// step parses the structure at the start of g.buf if it is whole: it consumes it, moves to the
// next state and reports progress; otherwise it waits for more bytes.
func (g *xzGuard) step() (bool, error) {
	b := g.buf
	switch g.state {
	case xzStreamHeader:
		return g.streamHeader(b), nil
	case xzBlockOrIndex:
		return g.blockOrIndex(b)
	case xzChunk:
		return g.chunkHeader(b), nil
	case xzBlockPad: // padding to a multiple of four bytes, then the check
		need := int((4-g.off%4)%4) + g.check
		if len(b) < need {
			return false, nil
		}
		g.consume(need, xzBlockOrIndex)
	case xzIndexCount, xzIndexRecords:
		return g.indexField(b), nil
	case xzIndexPad: // padding, then CRC32
		need := int((4-g.off%4)%4) + 4
		if len(b) < need {
			return false, nil
		}
		g.consume(need, xzFooter)
	case xzFooter:
		if len(b) < 12 {
			return false, nil
		}
		g.consume(12, xzStreamPad)
	case xzStreamPad: // zero or more groups of four zero bytes, then the next stream
		if len(b) < 4 {
			return false, nil
		}
		if string(b[:4]) == "\x00\x00\x00\x00" {
			g.consume(4, xzStreamPad)
		} else {
			g.state = xzStreamHeader
		}
	}
	return true, nil
}

// streamHeader parses a stream header at the start of b, noting the size of its blocks' check.
func (g *xzGuard) streamHeader(b []byte) bool {
	if len(b) < 12 {
		return false
	}
	if string(b[:6]) != "\xfd7zXZ\x00" {
		g.lostTrack = true
		return false
	}
	g.check = 0
	if c := int(b[7] & 0x0f); c > 0 {
		g.check = 4 << ((c - 1) / 3) // 1-3: 4, 4-6: 8, 7-9: 16, 10-12: 32, 13-15: 64 bytes
	}
	g.consume(12, xzBlockOrIndex)
	return true
}

// blockOrIndex parses what follows a stream header or a block: the index indicator, or a block
// header.
func (g *xzGuard) blockOrIndex(b []byte) (bool, error) {
	if len(b) < 1 {
		return false, nil
	}
	if b[0] == 0 {
		g.consume(1, xzIndexCount)
		g.off = 1
		return true, nil
	}
	size := (int(b[0]) + 1) * 4
	if len(b) < size {
		return false, nil
	}
	if err := g.blockHeader(b[:size]); err != nil {
		return false, err
	}
	next := g.state
	g.consume(size, next)
	g.off = int64(size)
	return true, nil
}

// chunkHeader parses an LZMA2 chunk header (or the end of the block's chunks) and sets the bytes
// to skip.
func (g *xzGuard) chunkHeader(b []byte) bool {
	if len(b) < 1 {
		return false
	}
	c := b[0]
	switch {
	case c == 0:
		g.consume(1, xzBlockPad)
		g.off++
	case c == 1 || c == 2: // uncompressed chunk: size-1 in two bytes
		if len(b) < 3 {
			return false
		}
		n := int64(b[1])<<8 | int64(b[2]) + 1
		g.consume(3, xzChunk)
		g.off += 3
		g.skip = n
	case c >= 0x80: // LZMA chunk: unpacked size, packed size-1, maybe properties
		need := 5
		if (c>>5)&3 >= 2 {
			need = 6
		}
		if len(b) < need {
			return false
		}
		n := int64(b[3])<<8 | int64(b[4]) + 1
		g.consume(need, xzChunk)
		g.off += int64(need)
		g.skip = n
	default:
		g.lostTrack = true
		return false
	}
	return true
}

// indexField parses one varint of the index: the record count, or a record's field.
func (g *xzGuard) indexField(b []byte) bool {
	v, n, ok := uvarint(b)
	if !ok {
		if len(b) >= 10 {
			g.lostTrack = true
		}
		return false
	}
	if g.state == xzIndexCount {
		g.records = int64(v) * 2 // unpadded and uncompressed size per record
	} else {
		g.records--
	}
	next := xzIndexRecords
	if g.records <= 0 {
		next = xzIndexPad
	}
	g.consume(n, next)
	g.off += int64(n)
	return true
}

// consume drops the first n parsed bytes and moves to state s.
func (g *xzGuard) consume(n int, s xzState) {
	g.buf = g.buf[:copy(g.buf, g.buf[n:])]
	g.state = s
}

// blockHeader checks one block header's LZMA2 dictionary and sets up skipping its data.
func (g *xzGuard) blockHeader(h []byte) error {
	flags := h[1]
	p := h[2:]
	var compressed int64 = -1
	if flags&0x40 != 0 {
		v, n, ok := uvarint(p)
		if !ok {
			g.lostTrack = true
			return nil
		}
		compressed, p = int64(v), p[n:]
	}
	if flags&0x80 != 0 {
		_, n, ok := uvarint(p)
		if !ok {
			g.lostTrack = true
			return nil
		}
		p = p[n:]
	}
	filters := int(flags&3) + 1
	lastLZMA2 := false
	for i := 0; i < filters; i++ {
		id, n, ok := uvarint(p)
		if !ok {
			g.lostTrack = true
			return nil
		}
		p = p[n:]
		size, n, ok := uvarint(p)
		if !ok || uint64(len(p)-n) < size {
			g.lostTrack = true
			return nil
		}
		props := p[n : n+int(size)]
		p = p[n+int(size):]
		lastLZMA2 = id == 0x21
		if id == 0x21 && len(props) == 1 {
			code := int64(props[0] & 0x3f)
			dict := int64(0xffffffff)
			if code < 40 {
				dict = (2 | code&1) << (code/2 + 11)
			}
			if dict > g.maxDict {
				return fmt.Errorf("xz block declares a %s dictionary: %w", byteSize(dict), errWindow)
			}
		}
	}
	switch {
	case compressed >= 0:
		g.skip = compressed
		g.state = xzBlockPad
	case lastLZMA2:
		g.state = xzChunk
	default:
		g.lostTrack = true
	}
	return nil
}

// uvarint decodes an xz multibyte integer (little-endian base 128, at most nine bytes).
func uvarint(b []byte) (v uint64, n int, ok bool) {
	for i := 0; i < len(b) && i < 9; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1, true
		}
	}
	return 0, 0, false
}
