package readers

import (
	"errors"
	"fmt"
	"io"
)

// Parquet's footer and page headers are Thrift compact-protocol structs. Thrift allocates a list
// as soon as it reads its declared length (up to 100 M elements), and arrow's page reader sizes
// its read buffer from a header's compressed_page_size, both before checking the bytes exist.
// This file walks those structs first and refuses lengths the input cannot back.

var errThrift = errors.New("malformed thrift")

// thriftWalker reads compact-protocol values from buf without building them.
type thriftWalker struct {
	buf   []byte
	pos   int
	depth int
}

const thriftMaxDepth = 64

func (w *thriftWalker) byte1() (byte, error) {
	if w.pos >= len(w.buf) {
		return 0, io.ErrUnexpectedEOF
	}
	b := w.buf[w.pos]
	w.pos++
	return b, nil
}

func (w *thriftWalker) uvarint() (uint64, error) {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		b, err := w.byte1()
		if err != nil {
			return 0, err
		}
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v, nil
		}
	}
	return 0, fmt.Errorf("%w: varint too long", errThrift)
}

func (w *thriftWalker) zigzag() (int64, error) {
	u, err := w.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

// length reads a collection or binary length and checks that many elements (each at least
// minSize bytes) could still follow.
func (w *thriftWalker) length(n uint64, minSize int) (int, error) {
	if n > uint64(len(w.buf)-w.pos)/uint64(max(minSize, 1)) {
		return 0, fmt.Errorf("%w: length %d exceeds the %d bytes left", errThrift, n, len(w.buf)-w.pos)
	}
	return int(n), nil
}

// elemMinSize is the fewest bytes an element of type t occupies inside a list, set or map.
func elemMinSize(t byte) int {
	switch t {
	case 7:
		return 8
	default:
		return 1
	}
}

// skip walks one value of compact type t.
func (w *thriftWalker) skip(t byte) error {
	switch t {
	case 1, 2: // boolean in a field header: no payload
		return nil
	case 3:
		_, err := w.byte1()
		return err
	case 4, 5, 6:
		_, err := w.uvarint()
		return err
	case 7:
		if len(w.buf)-w.pos < 8 {
			return io.ErrUnexpectedEOF
		}
		w.pos += 8
		return nil
	case 8:
		u, err := w.uvarint()
		if err != nil {
			return err
		}
		n, err := w.length(u, 1)
		w.pos += n
		return err
	case 9, 10:
		return w.skipList()
	case 11:
		return w.skipMap()
	case 12:
		return w.structFields(nil)
	}
	return fmt.Errorf("%w: unknown type %d", errThrift, t)
}

// skipList walks a list or set: its header, then its elements.
func (w *thriftWalker) skipList() error {
	h, err := w.byte1()
	if err != nil {
		return err
	}
	size, et := uint64(h>>4), h&0x0f
	if size == 15 {
		if size, err = w.uvarint(); err != nil {
			return err
		}
	}
	n, err := w.length(size, elemMinSize(et))
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := w.skipElem(et); err != nil {
			return err
		}
	}
	return nil
}

// skipMap walks a map: its size, its key and value types, then its pairs.
func (w *thriftWalker) skipMap() error {
	u, err := w.uvarint()
	if err != nil || u == 0 {
		return err
	}
	kv, err := w.byte1()
	if err != nil {
		return err
	}
	n, err := w.length(u, 2)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := w.skipElem(kv >> 4); err != nil {
			return err
		}
		if err := w.skipElem(kv & 0x0f); err != nil {
			return err
		}
	}
	return nil
}

// skipElem walks one element of a list, set or map, of type et: booleans there take one byte.
func (w *thriftWalker) skipElem(et byte) error {
	if et == 1 || et == 2 {
		_, err := w.byte1()
		return err
	}
	return w.skip(et)
}

// structFields walks a struct to its STOP, calling onI32 for each top-level i32 field.
func (w *thriftWalker) structFields(onI32 func(id int16, v int32)) error {
	return w.structFieldsIn(onI32, nil)
}

// structFieldsIn is structFields that also descends into the struct fields for which inner
// returns a callback, calling it for their i32 fields.
func (w *thriftWalker) structFieldsIn(onI32 func(id int16, v int32), inner func(id int16) func(id int16, v int32)) error {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > thriftMaxDepth {
		return fmt.Errorf("%w: nested deeper than %d", errThrift, thriftMaxDepth)
	}
	var id int16
	for {
		h, err := w.byte1()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		t := h & 0x0f
		if delta := h >> 4; delta != 0 {
			id += int16(delta)
		} else {
			v, err := w.zigzag()
			if err != nil {
				return err
			}
			id = int16(v)
		}
		if t == 5 && onI32 != nil {
			v, err := w.zigzag()
			if err != nil {
				return err
			}
			onI32(id, int32(v))
			continue
		}
		if t == 12 && inner != nil {
			if f := inner(id); f != nil {
				if err := w.structFieldsIn(f, nil); err != nil {
					return err
				}
				continue
			}
		}
		if err := w.skip(t); err != nil {
			return err
		}
	}
}

// checkThriftStruct validates that buf holds one compact struct whose every declared length fits.
func checkThriftStruct(buf []byte) error {
	w := thriftWalker{buf: buf}
	return w.structFields(nil)
}

// pageHeader is the part of a Parquet PageHeader the guard needs.
type pageHeader struct {
	headerLen, compressed, uncompressed int64
	typ                                 int32 // 0 data page, 2 dictionary page, 3 data page v2
	values, rows                        int64 // data pages: level count; v2 also rows (-1 unset)
}

// parsePageHeader reads the page header at the start of buf.
func parsePageHeader(buf []byte) (pageHeader, error) {
	h := pageHeader{compressed: -1, uncompressed: -1, typ: -1, values: -1, rows: -1}
	w := thriftWalker{buf: buf}
	err := w.structFieldsIn(func(id int16, v int32) {
		switch id {
		case 1:
			h.typ = v
		case 2:
			h.uncompressed = int64(v)
		case 3:
			h.compressed = int64(v)
		}
	}, func(id int16) func(int16, int32) {
		switch id {
		case 5: // DataPageHeader
			return func(id int16, v int32) {
				if id == 1 {
					h.values = int64(v)
				}
			}
		case 8: // DataPageHeaderV2
			return func(id int16, v int32) {
				switch id {
				case 1:
					h.values = int64(v)
				case 3:
					h.rows = int64(v)
				}
			}
		}
		return nil
	})
	h.headerLen = int64(w.pos)
	if err == nil && (h.compressed < 0 || h.uncompressed < 0) {
		err = fmt.Errorf("%w: page header without sizes", errThrift)
	}
	if err == nil && (h.typ == 0 || h.typ == 3) && h.values < 0 {
		err = fmt.Errorf("%w: data page header without a value count", errThrift)
	}
	if err == nil && h.typ == 3 && h.rows < 0 {
		err = fmt.Errorf("%w: data page v2 header without a row count", errThrift)
	}
	return h, err
}

// chunkCounts is what the page headers of one column chunk declare, added up.
type chunkCounts struct {
	values int64 // levels of every data page
	rows   int64 // rows of every data page, when all are v2; -1 otherwise
}

// checkPages walks the page headers of the column chunk at [start, start+size) and checks that
// every page fits in the file (fileSize; some old writers under-report chunk sizes, so the chunk
// bounds only the walk) and decompresses to at most maxPage bytes. It reads only headers, and
// adds up the values (and rows) they declare.
func checkPages(ra io.ReaderAt, start, size, fileSize, maxPage int64) (chunkCounts, error) {
	counts := chunkCounts{}
	end := min(start+size, fileSize)
	buf := make([]byte, 1024)
	for pos := start; pos < end; {
		var h pageHeader
		var err error
		for n := len(buf); ; n *= 4 {
			if n > len(buf) {
				buf = make([]byte, n)
			}
			k, rerr := ra.ReadAt(buf[:min(int64(n), end-pos)], pos)
			if rerr != nil && !errors.Is(rerr, io.EOF) {
				return counts, rerr
			}
			h, err = parsePageHeader(buf[:k])
			// A header cut off by our window: read a bigger one, up to arrow's 16 MiB bound.
			if errors.Is(err, io.ErrUnexpectedEOF) && int64(k) == int64(n) && n < 16<<20 {
				continue
			}
			break
		}
		if err != nil {
			return counts, fmt.Errorf("%w: page header at byte %d: %w", ErrCorrupt, pos, err)
		}
		if h.compressed > fileSize-pos-h.headerLen {
			return counts, fmt.Errorf("%w: page at byte %d claims %d bytes, the file has %d left", ErrCorrupt, pos, h.compressed, fileSize-pos-h.headerLen)
		}
		if h.uncompressed > maxPage {
			return counts, limitError(fmt.Sprintf("page at byte %d decompresses to %d bytes, more than", pos, h.uncompressed), byteSize(maxPage), flagMaxDecompressedBytes)
		}
		switch h.typ {
		case 0:
			counts.values += h.values
			counts.rows = -1
		case 3:
			counts.values += h.values
			if counts.rows >= 0 {
				counts.rows += h.rows
			}
		}
		pos += h.headerLen + h.compressed
	}
	return counts, nil
}
