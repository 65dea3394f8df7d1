package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/xborder/xborder/readers"
)

// Archives (zip, tar, tar.gz) are opened and every member is audited as a file of its own,
// reported as "exports.zip!/2026-11/orders.csv" with its own label and the sha256 of its bytes.
// Nested archives are opened down to MaxArchiveDepth levels. Members are read in archive order
// on the goroutine that reads the archive; a member's rows are still counted on several
// goroutines when it is large.

// MaxArchiveDepth is how many archives deep a member may sit: a.zip!/b.zip!/c.tar.gz!/x.csv is 3.
const MaxArchiveDepth = 3

// memberInMemory is the size up to which a member that needs random access (Parquet, a workbook)
// or a nested zip is held in memory; a larger one is spooled to an unlinked temporary file in
// $TMPDIR. A variable for tests.
var memberInMemory int64 = 32 << 20

// archiveRun reads one archive file on disk and everything nested in it.
type archiveRun struct {
	ctx     context.Context
	opt     *Options
	t       target
	out     *targetOutcome
	budget  *readers.Budget
	members int // entries read so far, nested included
	stopped bool
}

// opener returns a fresh view of an archive's (or member's) bytes from the start: a reader, its
// size (-1 if unknown) and how to release it. For a zip the reader is also an io.ReaderAt.
type opener func() (io.Reader, int64, func(), error)

// archiveInput is an archive's bytes as scanArchive reads them, from a local file or an object.
type archiveInput struct {
	src      *hashingFile // nil for an empty archive
	size     int64
	modified time.Time
	reopen   opener
	// check says, once the archive was read, whether it changed meanwhile (hashed: the bytes
	// its digest covers).
	check   func(hashed int64) error
	release func()
}

// scanArchive reads the archive of target t, a local file or an object, and everything nested
// in it: an object goes through the same decisions and errors as a file.
func scanArchive(ctx context.Context, t target, opt *Options) (out targetOutcome) {
	fail := func(err error) targetOutcome {
		return targetOutcome{files: []FileResult{{Path: t.path, AbsPath: t.abs, Root: t.root, Format: t.archive, Err: err}}}
	}
	defer func() {
		if r := recover(); r != nil {
			out = fail(fmt.Errorf("internal error while reading the archive: panic: %s", readers.DescribePanic(r)))
		}
	}()
	open := openLocalArchive
	if IsObjectURL(t.abs) {
		open = openObjectArchive
	}
	in, err := open(ctx, t, opt)
	if err != nil {
		return fail(err)
	}
	defer in.release()
	if in.src == nil {
		fr := FileResult{Path: t.path, AbsPath: t.abs, Root: t.root, Format: t.archive, Modified: in.modified}
		emptyFile(&fr)
		return targetOutcome{files: []FileResult{fr}}
	}
	if t.archive == readers.ArchiveZip {
		in.src.bufs = opt.scratch.buffers()
		in.src.hashAhead() // zip reads by ReadAt only: digest the archive alongside
	}
	run := &archiveRun{ctx: ctx, opt: opt, t: t, out: &out, budget: readers.NewBudget(opt.Limits.MaxDecompressedBytes)}
	run.archive(t.archive, t.path, t.abs, in.src.reader(), in.size, in.reopen, 1)
	sum, hashed, herr := in.src.finish()
	switch {
	case herr != nil:
		return fail(fmt.Errorf("reading for the digest: %w", describeOSError(herr)))
	case ctx.Err() != nil:
		return fail(fmt.Errorf("not scanned: %w", ctx.Err()))
	}
	if err := in.check(hashed); err != nil {
		return fail(err)
	}
	out.archive = &ArchiveFile{Path: t.path, AbsPath: t.abs, Root: t.root, Kind: t.archive, SHA256: sum,
		Size: in.size, Modified: in.modified, Members: run.members}
	return out
}

// openLocalArchive opens an archive file on disk.
func openLocalArchive(_ context.Context, t target, opt *Options) (*archiveInput, error) {
	f, err := openReadOnly(t.abs)
	if err != nil {
		return nil, describeOSError(err)
	}
	before, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, describeOSError(err)
	}
	if !before.Mode().IsRegular() {
		f.Close()
		return nil, errors.New("not a regular file")
	}
	in := &archiveInput{size: before.Size(), modified: before.ModTime().UTC(), release: func() { f.Close() }}
	if in.size == 0 {
		return in, nil
	}
	in.src = newHashingFile(f, before.Size(), opt.Progress)
	in.reopen = localOpener(t.abs)
	in.check = func(hashed int64) error { return fileChanged(t.abs, before, hashed) }
	return in, nil
}

// openObjectArchive opens an archive object: a tar (or tar.gz) is streamed, and streamed again
// for a member's second counting pass; a zip, read at random (its directory is at its end), is
// read from memory when small, else from a copy in scratch, as a workbook object is
// (object.go).
func openObjectArchive(ctx context.Context, t target, opt *Options) (*archiveInput, error) {
	if opt.OpenObject == nil {
		return nil, errNoObjects
	}
	obj, err := opt.OpenObject(ctx, t.abs)
	if err != nil {
		return nil, err
	}
	in := &archiveInput{size: obj.Size(), modified: obj.ModTime().UTC(), release: func() {}}
	if in.size == 0 {
		return in, nil
	}
	oi, err := openObjectInput(ctx, obj, readers.Format{ID: t.archive, RandomAccess: t.archive == readers.ArchiveZip}, opt)
	if err != nil {
		return nil, err
	}
	in.src = newHashing(oi.r, oi.ra, in.size, opt.Progress)
	in.reopen, in.release = oi.reopen, oi.release
	in.check = func(hashed int64) error {
		if hashed != in.size {
			return errObjectChanged(in.size, hashed)
		}
		return nil
	}
	return in, nil
}

// localOpener opens a local file again from its start, for a second counting pass.
func localOpener(abs string) opener {
	return func() (io.Reader, int64, func(), error) {
		f, err := openReadOnly(abs)
		if err != nil {
			return nil, 0, nil, describeOSError(err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, describeOSError(err)
		}
		return plainFile{f}, st.Size(), func() { f.Close() }, nil
	}
}

// result appends a result for path inside the archive tree.
func (a *archiveRun) result(fr FileResult) {
	fr.Root = a.t.root
	if fr.Path != a.t.path { // the archive's own result (cannot be opened, holds no file) is no member
		fr.Container = a.t.path
	}
	a.out.files = append(a.out.files, fr)
}

// failed appends an error result for path (an archive that cannot be opened, a member refused).
func (a *archiveRun) failed(p, abs, format string, err error) {
	a.result(FileResult{Path: p, AbsPath: abs, Format: format, Err: err})
}

func (a *archiveRun) skip(p, reason string, excluded bool) {
	a.out.skipped = append(a.out.skipped, Skipped{Path: p, Reason: reason, Excluded: excluded})
}

// archive reads the archive at path p (abs: its absolute form) of the given kind from r (size
// bytes; r is an io.ReaderAt for a zip). reopen gives the same bytes again, for a second counting
// pass over one of its members. depth is 1 for an archive on disk.
func (a *archiveRun) archive(kind, p, abs string, r io.Reader, size int64, reopen opener, depth int) {
	arc, err := readers.OpenArchive(kind, readers.Source{Path: p, R: r, Size: size, Limits: a.opt.Limits}, a.budget)
	if err != nil {
		a.failed(p, abs, kind, err)
		return
	}
	defer arc.Close()
	files := 0
	for !a.stopped {
		if err := a.ctx.Err(); err != nil {
			return
		}
		m, err := arc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			a.failed(p, abs, kind, fmt.Errorf("after %d members: %w", files, err))
			return
		}
		if m.Type == readers.MemberDir {
			continue
		}
		files++
		a.members++
		if a.members > readers.MaxArchiveMembers {
			a.stopped = true
			a.failed(a.t.path, a.t.abs, a.t.archive, fmt.Errorf("the archive holds more than %d members, nested archives included: the rest were not read: %w",
				readers.MaxArchiveMembers, readers.ErrLimit))
			return
		}
		a.member(arc, kind, m, p+"!/"+m.Path, abs+"!/"+m.Path, reopen, depth)
	}
	if files == 0 && !a.stopped {
		// An archive with no file in it holds nothing to transfer, like a 0-byte file.
		fr := FileResult{Path: p, AbsPath: abs, Format: kind, SHA256: "", Tables: []TableResult{},
			Notes: []string{"the archive holds no file: nothing to transfer"}}
		a.result(fr)
	}
}

// member audits one member of an archive (or opens it, when it is an archive itself).
func (a *archiveRun) member(arc readers.Archive, kind string, m *readers.Member, p, abs string, reopenArchive opener, depth int) {
	if why, ok := a.excluded(p); ok {
		a.skip(p, why, true)
		return
	}
	switch m.Type {
	case readers.MemberSymlink:
		a.skip(p, fmt.Sprintf("symbolic link member (to %q): links inside archives are never followed", m.Kind), false)
		return
	case readers.MemberHardlink:
		a.skip(p, fmt.Sprintf("hard link member (to %q): its content is not stored under this name", m.Kind), false)
		return
	case readers.MemberSpecial:
		a.skip(p, "not a regular file ("+m.Kind+"): never read", false)
		return
	}
	if m.Problem != nil {
		a.failed(p, abs, "", m.Problem)
		return
	}
	// reopen gives this member's bytes again: the archive from the start, down to the member.
	reopen := func() (io.Reader, int64, func(), error) {
		r, size, release, err := reopenArchive()
		if err != nil {
			return nil, 0, nil, err
		}
		again, err := readers.OpenArchive(kind, readers.Source{Path: p, R: r, Size: size, Limits: a.opt.Limits}, nil)
		if err != nil {
			release()
			return nil, 0, nil, err
		}
		for {
			n, err := again.Next()
			if err != nil {
				again.Close()
				release()
				if err == io.EOF {
					err = errors.New("archive member vanished between passes")
				}
				return nil, 0, nil, err
			}
			if n.Index == m.Index {
				mr, err := again.Open()
				if err != nil {
					again.Close()
					release()
					return nil, 0, nil, err
				}
				return mr, n.Size, func() { again.Close(); release() }, nil
			}
		}
	}
	if nested := readers.ArchiveKind(m.Path); nested != "" {
		a.nested(arc, nested, m, p, abs, reopen, depth)
		return
	}
	format, supported := a.opt.Readers.Lookup(m.Path)
	if !supported && m.Size != 0 {
		if why := refusedFormat(m.Path); why != "" {
			a.failed(p, abs, "", errors.New(why))
		} else {
			a.skip(p, ReasonUnsupported, false)
		}
		return
	}
	a.read(arc, m, p, abs, format, reopen)
}

// excluded applies Options.Exclude and IgnorePath to a member path.
func (a *archiveRun) excluded(p string) (string, bool) {
	w := walker{opt: a.opt}
	return w.excluded(p)
}

// nested opens an archive inside an archive.
func (a *archiveRun) nested(arc readers.Archive, kind string, m *readers.Member, p, abs string, reopen opener, depth int) {
	if depth >= MaxArchiveDepth {
		a.failed(p, abs, kind, fmt.Errorf("archive nested more than %d levels deep: not opened (unpack the outer levels and scan again): %w", MaxArchiveDepth, readers.ErrLimit))
		return
	}
	r, err := arc.Open()
	if err != nil {
		a.failed(p, abs, kind, err)
		return
	}
	if kind != readers.ArchiveZip {
		a.archive(kind, p, abs, r, m.Size, reopen, depth+1)
		return
	}
	// A zip needs random access: copy it out first.
	mat, err := materialize(r)
	if err != nil {
		a.failed(p, abs, kind, err)
		return
	}
	defer mat.close()
	if mat.size == 0 {
		fr := FileResult{Path: p, AbsPath: abs, Format: kind, Modified: m.Modified.UTC()}
		emptyFile(&fr)
		a.result(fr)
		return
	}
	a.archive(kind, p, abs, mat.section(), mat.size, mat.opener(), depth+1)
}

// read audits one member file.
// A format that declares random access gets the member copied out (to memory or a spool file).
func (a *archiveRun) read(arc readers.Archive, m *readers.Member, p, abs string, format readers.Format, reopen opener) {
	fr := FileResult{Path: p, AbsPath: abs, Format: format.ID, Size: m.Size, Modified: m.Modified.UTC()}
	defer func() {
		if r := recover(); r != nil {
			fr.Err = fmt.Errorf("internal error while reading the member: panic: %s", readers.DescribePanic(r))
			fr.Persons = Persons{}
			a.result(fr)
		}
	}()
	r, err := arc.Open()
	if err != nil {
		fr.Err = err
		a.result(fr)
		return
	}
	var src *hashingFile
	if format.RandomAccess || m.Size == 0 {
		mat, err := materialize(r)
		if err != nil {
			fr.Err = err
			a.result(fr)
			return
		}
		defer mat.close()
		if mat.size == 0 {
			emptyFile(&fr)
			a.result(fr)
			return
		}
		fr.Size = mat.size
		sec := mat.section()
		src = newHashing(sec, sec, mat.size, nil)
		reopen = mat.opener()
	} else {
		src = newHashing(r, nil, m.Size, nil)
	}
	refs, err := analyse(a.ctx, &fr, src, p, a.opt, func(ti int) func() (readers.Table, func(), error) {
		return reopenTable(p, ti, a.opt, reopen)
	})
	sum, hashed, herr := src.finish()
	if err == nil && herr != nil {
		err = fmt.Errorf("reading for the digest: %w", herr)
	}
	fr.SHA256 = sum
	if err == nil && hashed != fr.Size {
		err = fmt.Errorf("the member holds %d bytes but the archive declares %d: %w", hashed, fr.Size, readers.ErrCorrupt)
	}
	if err != nil {
		fr.Err = err
		fr.Persons = Persons{}
	} else {
		addRowKeys(&fr, sum, refs)
	}
	a.result(fr)
}

// materialized is a member copied out of its archive for random access: in memory when small,
// else in a temporary file that is unlinked as soon as it is created (so nothing is left behind
// even if the process dies) and closed when the member is done.
type materialized struct {
	data []byte
	f    *os.File
	size int64
}

func materialize(r io.Reader) (*materialized, error) {
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, memberInMemory+1))
	if err != nil {
		return nil, err
	}
	if n <= memberInMemory {
		return &materialized{data: buf.Bytes(), size: n}, nil
	}
	f, err := os.CreateTemp("", "xborder-member-*")
	if err != nil {
		return nil, fmt.Errorf("spooling a large member for random access: %w", err)
	}
	os.Remove(f.Name())
	m := &materialized{f: f}
	if _, err := f.Write(buf.Bytes()); err != nil {
		m.close()
		return nil, fmt.Errorf("spooling a large member for random access: %w", err)
	}
	rest, err := io.Copy(f, r)
	if err != nil {
		m.close()
		if errors.Is(err, readers.ErrLimit) || errors.Is(err, readers.ErrCorrupt) {
			return nil, err
		}
		return nil, fmt.Errorf("spooling a large member for random access: %w", err)
	}
	m.size = n + rest
	return m, nil
}

func (m *materialized) readerAt() io.ReaderAt {
	if m.f != nil {
		return m.f
	}
	return bytes.NewReader(m.data)
}

func (m *materialized) section() *io.SectionReader {
	return io.NewSectionReader(m.readerAt(), 0, m.size)
}

func (m *materialized) opener() opener {
	return func() (io.Reader, int64, func(), error) { return m.section(), m.size, func() {}, nil }
}

func (m *materialized) close() {
	if m.f != nil {
		m.f.Close()
	}
	m.data = nil
}
