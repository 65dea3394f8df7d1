package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xborder/xborder/readers"
)

// Inputs that live in object storage are read without a local copy where the format allows
// (docs/scale-out.md, "Reading"):
//
//   - an object up to Options.ObjectInMemory is fetched whole into memory with one request and
//     read there (thousands of small exports cost one GET each);
//   - delimited text, JSON and every compressed file are streamed from one GET, hashed as they
//     pass, as a local file is read (a second counting pass streams it again);
//   - a format that declares readers.Format.RangeReads (Parquet) is read with range requests
//     (footer, then the projected column chunks) through the object's io.ReaderAt, while one
//     sequential GET computes the digest beside it;
//   - any other random-access format (a workbook: xlsx, ods), inflated whole anyway, is copied
//     into the scratch folder with one GET and read there; one per worker at a time, so scratch
//     holds at most Workers workbooks;
//   - an archive takes the same path as a local one (scanArchive, archive.go): a tar or tar.gz
//     is streamed, a zip (read at random) fetched whole when small, else copied into scratch.
//
// The scanner holds no cloud SDK: Options.OpenObject (scanner/source) does the requests.

// Object is an input in object storage, opened by Options.OpenObject. Every read sees the
// version that was opened; a read of a changed object fails.
type Object interface {
	Size() int64
	ModTime() time.Time
	// Stream reads the whole object in order (one request).
	Stream(ctx context.Context) (io.ReadCloser, error)
	// ReaderAt reads ranges of the object (range requests, with read-ahead); safe for
	// concurrent use.
	ReaderAt(ctx context.Context) io.ReaderAt
	// Spool copies the object into the scratch folder and returns the copy, already unlinked,
	// positioned at its start; the caller closes it.
	Spool(ctx context.Context) (*os.File, error)
}

// DefaultObjectInMemory is the default of Options.ObjectInMemory.
const DefaultObjectInMemory = 8 << 20

// IsObjectURL reports whether a listed file's Abs names an object (scheme://bucket/key)
// rather than a local path (which a walk makes absolute: it starts with a slash).
func IsObjectURL(abs string) bool {
	i := strings.Index(abs, "://")
	return i > 0 && !strings.ContainsAny(abs[:i], `/\`)
}

// objectInput is how one object is read: r from its start (hashed), ra when the format reads
// at random, reopen for a second counting pass, release once done.
type objectInput struct {
	r       io.Reader
	ra      io.ReaderAt
	reopen  func() (io.Reader, int64, func(), error)
	release func()
}

// scanObject reads and analyses one object, as scanFile a local file.
func scanObject(ctx context.Context, t target, opt *Options) (fr FileResult) {
	fr = FileResult{Path: t.path, AbsPath: t.abs, Root: t.root}
	if t.err != nil {
		fr.Err = t.err
		return fr
	}
	defer func() {
		if r := recover(); r != nil {
			fr.Err = fmt.Errorf("internal error while reading the object: panic: %s", readers.DescribePanic(r))
		}
	}()
	f, supported := opt.Readers.Lookup(t.path)
	fr.Format = f.ID
	obj, err := opt.OpenObject(ctx, t.abs)
	if err != nil {
		fr.Err = err
		return fr
	}
	fr.Size, fr.Modified = obj.Size(), obj.ModTime().UTC()
	if fr.Size == 0 {
		emptyFile(&fr)
		return fr
	}
	if !supported {
		fr.Err = errGrown // listed because it was empty, as a walk takes a 0-byte file
		return fr
	}
	in, err := openObjectInput(ctx, obj, f, opt)
	if err != nil {
		fr.Err = err
		return fr
	}
	defer in.release()
	src := newHashing(in.r, in.ra, fr.Size, opt.Progress)
	refs, err := analyse(ctx, &fr, src, t.path, opt, func(ti int) func() (readers.Table, func(), error) {
		return reopenTable(t.path, ti, opt, in.reopen)
	})
	sum, hashed, herr := src.finish()
	if err == nil && herr != nil {
		err = fmt.Errorf("reading for the digest: %w", herr)
	}
	fr.SHA256 = sum
	if err == nil && hashed != fr.Size {
		err = errObjectChanged(fr.Size, hashed)
	}
	if err != nil {
		fr.Err = err
		fr.Persons = Persons{}
		return fr
	}
	addRowKeys(&fr, sum, refs)
	return fr
}

// openObjectInput chooses how an object is read (see the top of this file).
func openObjectInput(ctx context.Context, obj Object, format readers.Format, opt *Options) (*objectInput, error) {
	size := obj.Size()
	limit := opt.ObjectInMemory
	if limit == 0 {
		limit = DefaultObjectInMemory
	}
	switch {
	case size <= limit:
		return objectInMemory(ctx, obj)
	case !format.RandomAccess:
		rc, err := obj.Stream(ctx)
		if err != nil {
			return nil, err
		}
		reopen := func() (io.Reader, int64, func(), error) {
			again, err := obj.Stream(ctx)
			if err != nil {
				return nil, 0, nil, err
			}
			return again, size, func() { again.Close() }, nil
		}
		return &objectInput{r: rc, reopen: reopen, release: func() { rc.Close() }}, nil
	case format.RangeReads: // ranges (Parquet); a workbook (many small reads of a zip) is copied instead
		stream := &lazyStream{ctx: ctx, obj: obj}
		reopen := func() (io.Reader, int64, func(), error) {
			return io.NewSectionReader(obj.ReaderAt(ctx), 0, size), size, func() {}, nil
		}
		return &objectInput{r: stream, ra: obj.ReaderAt(ctx), reopen: reopen, release: stream.close}, nil
	default:
		f, err := obj.Spool(ctx)
		if err != nil {
			return nil, err
		}
		reopen := func() (io.Reader, int64, func(), error) { return io.NewSectionReader(f, 0, size), size, func() {}, nil }
		return &objectInput{r: f, ra: f, reopen: reopen, release: func() { f.Close() }}, nil
	}
}

// objectInMemory fetches a small object whole.
func objectInMemory(ctx context.Context, obj Object) (*objectInput, error) {
	rc, err := obj.Stream(ctx)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(rc, obj.Size()+1))
	rc.Close()
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != obj.Size() {
		return nil, errObjectChanged(obj.Size(), int64(len(data)))
	}
	br := bytes.NewReader(data)
	reopen := func() (io.Reader, int64, func(), error) {
		return bytes.NewReader(data), int64(len(data)), func() {}, nil
	}
	return &objectInput{r: br, ra: br, reopen: reopen, release: func() {}}, nil
}

// lazyStream opens the object's sequential stream on its first read: the digest's reader,
// which for Parquet runs beside the range reads.
type lazyStream struct {
	ctx context.Context
	obj Object
	rc  io.ReadCloser
}

func (l *lazyStream) Read(p []byte) (int, error) {
	if l.rc == nil {
		rc, err := l.obj.Stream(l.ctx)
		if err != nil {
			return 0, err
		}
		l.rc = rc
	}
	return l.rc.Read(p)
}

func (l *lazyStream) close() {
	if l.rc != nil {
		l.rc.Close()
	}
}

// errObjectChanged is the error of an object whose bytes read are not the size listed.
func errObjectChanged(listed, read int64) error {
	return fmt.Errorf("object changed while it was read (%d bytes listed, %d read): scan it again once it is complete", listed, read)
}

// errGrown is the error of a file or object of an unsupported format that was listed because it
// was empty, and is no longer.
var errGrown = errors.New("unsupported format (the file was empty when the folder was walked and has grown since)")

// errNoObjects is the error of an object input in a run without Options.OpenObject.
var errNoObjects = errors.New("an object-store input, but this run cannot open objects")
