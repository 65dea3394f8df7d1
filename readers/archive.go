package readers

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/xborder/xborder/report/safeopen"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Archives are containers of files (zip, tar, tar.gz), not tables: an Archive lists its members
// and hands out each member's bytes, decompressed and bounded, and the caller audits every member
// as a file of its own. Nothing is ever unpacked by name onto a disk, but the names are still
// checked: a member that would land outside the folder it is unpacked into, a duplicate name,
// an encrypted member or a link is reported as such rather than read.

// Archive kinds returned by ArchiveKind.
const (
	ArchiveZip   = "zip"
	ArchiveTar   = "tar"
	ArchiveTarGz = "tar.gz"
)

// Fixed archive limits (the knob for sizes is Limits.MaxDecompressedBytes).
const (
	// MaxArchiveMembers is the most members one archive may list.
	MaxArchiveMembers = 100_000
	// MaxArchiveRatio is how many times its compressed size a member (or a tar.gz stream) may
	// expand to once it is past ArchiveRatioGrace: real exports compress 3 to 30 times, a zip
	// bomb about 1,000 times.
	MaxArchiveRatio = 200
	// ArchiveRatioGrace is the output below which the ratio is not checked (tiny members of
	// repeated bytes compress far better than 200:1 and are harmless).
	ArchiveRatioGrace = 64 << 20
)

// ErrUnsafeMember means an archive member's name or kind makes it unsafe to unpack: a path that
// climbs out of the folder it is unpacked into, an absolute path, a duplicate name.
var ErrUnsafeMember = errors.New("unsafe archive member")

// ArchiveKind returns the archive kind of a file name (ArchiveZip, ArchiveTar, ArchiveTarGz), or
// "" when the name is not an archive's. Names are compared case-insensitively, like Lookup.
func ArchiveKind(name string) string {
	lower := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for _, k := range []struct{ suffix, kind string }{
		{".tar.gz", ArchiveTarGz}, {".tgz", ArchiveTarGz}, {".tar", ArchiveTar}, {".zip", ArchiveZip},
	} {
		if strings.HasSuffix(lower, k.suffix) && len(lower) > len(k.suffix) {
			return k.kind
		}
	}
	return ""
}

// MemberType is what an archive member is.
type MemberType int

// Member types.
const (
	MemberFile MemberType = iota
	MemberDir
	MemberSymlink
	MemberHardlink
	MemberSpecial // device, FIFO, or a type this reader does not know
)

// Member is one entry of an archive.
type Member struct {
	// Index counts the archive's entries from 0 in archive order, directories included.
	Index int
	// Name is the name as stored; Path is the same name cleaned for reporting (no leading "./",
	// backslashes as slashes, no trailing slash).
	Name, Path string
	Type       MemberType
	// Kind describes a MemberSpecial ("named pipe", "character device") or the target of a link.
	Kind string
	// Size is the uncompressed size the archive declares; CompressedSize the stored size.
	Size, CompressedSize int64
	Modified             time.Time
	// Problem is set when the member must not be read (it wraps ErrUnsafeMember, ErrEncrypted or
	// ErrUnsupported): Open refuses it.
	Problem error
}

// Budget is the number of decompressed bytes that one archive file, nested archives included,
// may still produce. It is shared by every member reader of the archive tree and safe for
// concurrent use.
type Budget struct {
	left  atomic.Int64
	limit int64
}

// NewBudget returns a budget of limit bytes.
func NewBudget(limit int64) *Budget {
	b := &Budget{limit: limit}
	b.left.Store(limit)
	return b
}

// take uses n bytes; it returns false once the budget is overdrawn.
func (b *Budget) take(n int64) bool { return b == nil || b.left.Add(-n) >= 0 }

// Archive lists the members of an opened archive.
type Archive interface {
	// Next returns the next member, or io.EOF after the last.
	Next() (*Member, error)
	// Open returns the bytes of the member Next returned last, decompressed and bounded by the
	// limits. For tar, the reader is valid until the next call to Next.
	Open() (io.Reader, error)
	// Close releases the archive (not the source).
	Close() error
}

// OpenArchive opens src as an archive of the given kind. Zip needs random access (src.R an
// io.ReaderAt and src.Size known); tar and tar.gz read src.R front to back. Every decompressed
// byte counts against budget (nil: only the per-member limits apply).
func OpenArchive(kind string, src Source, budget *Budget) (Archive, error) {
	src.Limits = src.Limits.WithDefaults()
	switch kind {
	case ArchiveZip:
		return openZip(src, budget)
	case ArchiveTar:
		return newTarArchive(src, src.R, budget), nil
	case ArchiveTarGz:
		return openTarGz(src, budget)
	}
	return nil, &Error{Path: src.Path, Err: ErrUnsupported}
}

// names tracks member names to refuse duplicates.
type names map[string]bool

// check returns the member's problem with its name, if any, and records the name.
func (n names) check(m *Member) error {
	raw := m.Name
	if raw == "" || strings.ContainsRune(raw, 0) {
		return fmt.Errorf("member has an empty or NUL-bearing name: %w", ErrUnsafeMember)
	}
	slashed := strings.ReplaceAll(raw, `\`, "/")
	if strings.HasPrefix(slashed, "/") || (len(slashed) >= 2 && slashed[1] == ':' && isLetter(slashed[0])) {
		return fmt.Errorf("absolute member path: unpacking would write outside the target folder: %w", ErrUnsafeMember)
	}
	for _, seg := range strings.Split(slashed, "/") {
		if seg == ".." {
			return fmt.Errorf("member path climbs out of the archive with \"..\": unpacking would write outside the target folder: %w", ErrUnsafeMember)
		}
	}
	key := path.Clean(slashed)
	if m.Type == MemberDir {
		return nil
	}
	if n[key] {
		return fmt.Errorf("duplicate member name: unpacking would overwrite the earlier member: %w", ErrUnsafeMember)
	}
	n[key] = true
	return nil
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// cleanMemberPath is the name as the report shows it: slashes, no "./" or trailing slash. Names
// that climb out ("..") or are absolute are kept as stored, so the report shows the trick.
func cleanMemberPath(name string) string {
	p := strings.ReplaceAll(name, `\`, "/")
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	p = strings.TrimRight(p, "/")
	if p == "" {
		return name
	}
	return p
}

// boundedReader counts a member's decompressed bytes against the per-member limit, the ratio to
// its compressed size and the archive's budget.
type boundedReader struct {
	r          io.Reader
	n          int64
	limit      int64
	compressed func() int64 // compressed bytes consumed so far (or the member's stored size)
	budget     *Budget
	what       string // "zip member", "tar.gz stream"
	err        error
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	switch {
	case b.n > b.limit:
		b.err = limitError(b.what+" unzips to more than", byteSize(b.limit), flagMaxDecompressedBytes)
	case !b.budget.take(int64(n)):
		b.err = limitError("the archive unpacks to more than", byteSize(b.budget.limit), flagMaxDecompressedBytes)
	case b.n > ArchiveRatioGrace && b.compressed != nil && b.n > MaxArchiveRatio*max(b.compressed(), 1):
		b.err = fmt.Errorf("%s unzips to more than %d times its compressed size (%s from %s): a zip bomb? %w",
			b.what, MaxArchiveRatio, byteSize(b.n), byteSize(b.compressed()), ErrLimit)
	}
	if b.err != nil {
		return 0, b.err
	}
	return n, err
}

// ---- zip ----

type zipArchive struct {
	src    Source
	zr     *zip.Reader
	files  []*zip.File
	i      int
	names  names
	budget *Budget
	cur    *zip.File
	curM   *Member
}

// zipEntries reads the entry count from the end-of-central-directory record (zip64 included)
// before archive/zip allocates a header per entry, so a directory claiming millions of entries
// is refused for the price of one small read.
func zipEntries(ra io.ReaderAt, size int64) (uint64, bool) {
	const eocdLen, maxComment = 22, 65535
	tail := min(size, eocdLen+maxComment)
	buf := make([]byte, tail)
	if _, err := ra.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return 0, false
	}
	for i := len(buf) - eocdLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) != 0x06054b50 {
			continue
		}
		n := uint64(binary.LittleEndian.Uint16(buf[i+10:]))
		if n != 0xffff || i < 20 || binary.LittleEndian.Uint32(buf[i-20:]) != 0x07064b50 {
			return n, true
		}
		// zip64 locator: the zip64 end record holds the real count.
		off := int64(binary.LittleEndian.Uint64(buf[i-20+8:]))
		rec := make([]byte, 56)
		if off < 0 || off > size-56 {
			return 0, false
		}
		if _, err := ra.ReadAt(rec, off); err != nil || binary.LittleEndian.Uint32(rec) != 0x06064b50 {
			return 0, false
		}
		return binary.LittleEndian.Uint64(rec[32:]), true
	}
	return 0, false
}

func openZip(src Source, budget *Budget) (Archive, error) {
	ra, ok := src.ReaderAt()
	if !ok || src.Size < 0 {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("a zip archive needs random access: %w", ErrUnsupported)}
	}
	if n, ok := zipEntries(ra, src.Size); ok && n > MaxArchiveMembers {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("the archive lists %d members, more than the %d-member limit: %w", n, MaxArchiveMembers, ErrLimit)}
	}
	zr, err := zip.NewReader(ra, src.Size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("not a readable zip archive (%s): %w", describeZipError(err), ErrCorrupt)}
	}
	if len(zr.File) > MaxArchiveMembers {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("the archive lists %d members, more than the %d-member limit: %w", len(zr.File), MaxArchiveMembers, ErrLimit)}
	}
	if err := zipOverlap(zr.File, src.Size); err != nil {
		return nil, &Error{Path: src.Path, Err: err}
	}
	return &zipArchive{src: src, zr: zr, files: zr.File, names: names{}, budget: budget}, nil
}

// zipOverlap refuses an archive whose members' data overlap or lie past its end: the way
// "non-recursive" zip bombs make thousands of members out of one compressed block.
func zipOverlap(files []*zip.File, size int64) error {
	type span struct{ from, to int64 }
	spans := make([]span, 0, len(files))
	for _, f := range files {
		off, err := f.DataOffset()
		if err != nil {
			continue // reported when the member is opened
		}
		end := off + int64(f.CompressedSize64)
		if f.CompressedSize64 > uint64(size) || end > size {
			return fmt.Errorf("member %q claims data past the end of the archive (truncated?): %w", cleanMemberPath(f.Name), ErrCorrupt)
		}
		spans = append(spans, span{off, end})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for i := 1; i < len(spans); i++ {
		if spans[i].from < spans[i-1].to {
			return fmt.Errorf("members share compressed data (overlapping entries, a zip bomb): refused: %w", ErrLimit)
		}
	}
	return nil
}

func describeZipError(err error) string {
	s := err.Error()
	return strings.TrimPrefix(s, "zip: ")
}

func (z *zipArchive) Next() (*Member, error) {
	if z.i >= len(z.files) {
		return nil, io.EOF
	}
	f := z.files[z.i]
	m := &Member{Index: z.i, Name: f.Name, Path: cleanMemberPath(f.Name), Size: int64(f.UncompressedSize64),
		CompressedSize: int64(f.CompressedSize64), Modified: f.Modified}
	z.i++
	mode := f.Mode()
	switch {
	case strings.HasSuffix(f.Name, "/") || mode.IsDir():
		m.Type = MemberDir
	case mode&fs.ModeSymlink != 0:
		m.Type = MemberSymlink
	case mode&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice|fs.ModeCharDevice|fs.ModeIrregular) != 0:
		m.Type, m.Kind = MemberSpecial, safeopen.Kind(mode)
	}
	if err := z.names.check(m); err != nil {
		m.Problem = err
	} else if f.Flags&0x1 != 0 {
		m.Problem = fmt.Errorf("the member is encrypted (password-protected): it cannot be read: %w", ErrEncrypted)
	}
	z.cur, z.curM = f, m
	return m, nil
}

func (z *zipArchive) Open() (io.Reader, error) {
	if z.cur == nil {
		return nil, errors.New("readers: Open before Next")
	}
	if z.curM.Problem != nil {
		return nil, z.curM.Problem
	}
	rc, err := z.cur.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, fmt.Errorf("the member uses compression method %d, which this reader does not support (only stored and deflate): %w", z.cur.Method, ErrUnsupported)
		}
		return nil, fmt.Errorf("%s: %w", describeZipError(err), ErrCorrupt)
	}
	compressed := int64(z.cur.CompressedSize64)
	return &zipMemberReader{boundedReader{r: rc, limit: z.src.Limits.MaxDecompressedBytes,
		compressed: func() int64 { return compressed }, budget: z.budget, what: "the zip member"}}, nil
}

// zipMemberReader turns archive/zip's checksum and format errors into ErrCorrupt.
type zipMemberReader struct{ boundedReader }

func (z *zipMemberReader) Read(p []byte) (int, error) {
	n, err := z.boundedReader.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, ErrLimit) && !errors.Is(err, ErrCorrupt) {
		err = fmt.Errorf("%s (truncated or damaged archive): %w", describeZipError(err), ErrCorrupt)
	}
	return n, err
}

func (z *zipArchive) Close() error { return nil }

// ---- tar and tar.gz ----

type tarArchive struct {
	src    Source
	tr     *tar.Reader
	i      int
	names  names
	budget *Budget
	cur    *Member
	closer io.Closer
	// wrapErr maps errors of the underlying stream (gzip) to the archive's terms.
	count *countingReader
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newTarArchive(src Source, r io.Reader, budget *Budget) *tarArchive {
	return &tarArchive{src: src, tr: tar.NewReader(r), names: names{}, budget: budget}
}

func openTarGz(src Source, budget *Budget) (Archive, error) {
	in := &countingReader{r: src.R}
	zr, err := gzip.NewReader(bufio.NewReaderSize(in, 64<<10))
	if err != nil {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("not a gzip stream (%v): %w", err, ErrCorrupt)}
	}
	bounded := &boundedReader{r: zr, limit: src.Limits.MaxDecompressedBytes, compressed: func() int64 { return in.n },
		budget: budget, what: "the tar.gz stream"}
	t := newTarArchive(src, bounded, nil) // the gzip layer counts against the budget already
	t.closer = zr
	t.count = in
	return t, nil
}

func (t *tarArchive) Next() (*Member, error) {
	h, err := t.tr.Next()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, t.streamError(err)
	}
	if t.i >= MaxArchiveMembers {
		return nil, &Error{Path: t.src.Path, Err: fmt.Errorf("the archive holds more than the %d-member limit: %w", MaxArchiveMembers, ErrLimit)}
	}
	m := &Member{Index: t.i, Name: h.Name, Path: cleanMemberPath(h.Name), Size: h.Size, CompressedSize: h.Size, Modified: h.ModTime}
	t.i++
	switch h.Typeflag {
	case tar.TypeReg, tar.TypeGNUSparse: // the reader turns the old TypeRegA into TypeReg
	case tar.TypeDir:
		m.Type = MemberDir
	case tar.TypeSymlink:
		m.Type, m.Kind = MemberSymlink, h.Linkname
	case tar.TypeLink:
		m.Type, m.Kind = MemberHardlink, h.Linkname
	case tar.TypeFifo:
		m.Type, m.Kind = MemberSpecial, "named pipe"
	case tar.TypeChar:
		m.Type, m.Kind = MemberSpecial, "character device"
	case tar.TypeBlock:
		m.Type, m.Kind = MemberSpecial, "device"
	default:
		m.Type, m.Kind = MemberSpecial, fmt.Sprintf("tar entry of type %q", h.Typeflag)
	}
	if err := t.names.check(m); err != nil {
		m.Problem = err
	}
	t.cur = m
	return m, nil
}

// streamError describes an error of the tar stream (or the gzip stream under it).
func (t *tarArchive) streamError(err error) error {
	if errors.Is(err, ErrLimit) || errors.Is(err, ErrCorrupt) {
		return &Error{Path: t.src.Path, Err: err}
	}
	if err == io.ErrUnexpectedEOF {
		return &Error{Path: t.src.Path, Err: fmt.Errorf("the archive ends in the middle of a member (truncated?): %w", ErrCorrupt)}
	}
	return &Error{Path: t.src.Path, Err: fmt.Errorf("not a readable tar archive (%s): %w", strings.TrimPrefix(err.Error(), "archive/tar: "), ErrCorrupt)}
}

func (t *tarArchive) Open() (io.Reader, error) {
	if t.cur == nil {
		return nil, errors.New("readers: Open before Next")
	}
	if t.cur.Problem != nil {
		return nil, t.cur.Problem
	}
	return &tarMemberReader{t: t, r: &boundedReader{r: t.tr, limit: t.src.Limits.MaxDecompressedBytes, budget: t.budget, what: "the tar member"}}, nil
}

type tarMemberReader struct {
	t *tarArchive
	r io.Reader
}

func (m *tarMemberReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	if err != nil && err != io.EOF {
		err = m.t.streamError(err)
	}
	return n, err
}

func (t *tarArchive) Close() error {
	if t.closer != nil {
		return t.closer.Close()
	}
	return nil
}
