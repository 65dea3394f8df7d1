package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
)

// Store opens the objects of a run (scanner.Options.OpenObject): each bucket is opened once and
// shared by the workers. Scratch is the folder workbook and zip objects are copied into while
// they are read. Close it once the run is done.
type Store struct {
	scratch string
	mu      sync.Mutex
	buckets map[string]*blob.Bucket
}

// NewStore returns a store whose spooled copies go into scratch ("" for the system's
// temporary folder).
func NewStore(scratch string) *Store {
	return &Store{scratch: scratch, buckets: map[string]*blob.Bucket{}}
}

// Close closes the buckets.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, b := range s.buckets {
		errs = append(errs, b.Close())
	}
	s.buckets = map[string]*blob.Bucket{}
	return errors.Join(errs...)
}

func (s *Store) bucket(ctx context.Context, bucketURL string) (*blob.Bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.buckets[bucketURL]; ok {
		return b, nil
	}
	b, err := blob.OpenBucket(ctx, bucketURL)
	if err != nil {
		return nil, describe(err)
	}
	s.buckets[bucketURL] = b
	return b, nil
}

// Handle is one object opened for reading: its size, time and version (ETag) are those of its
// HEAD, and every later request asks for that version (If-Match), so that a changed object
// fails to read instead of mixing two versions. A store may ignore If-Match (gofakes3 does), so
// the handle also checks every response itself (check): the same ETag and the same size as the
// first, or the read fails.
type Handle struct {
	b       *blob.Bucket
	key     string
	size    int64
	mod     time.Time
	scratch string

	mu   sync.Mutex
	etag string // the version read: the HEAD's, or the first response's when the HEAD gave none
}

// Open heads the object at objectURL (Location.ObjectURL's form).
func (s *Store) Open(ctx context.Context, objectURL string) (*Handle, error) {
	u, err := url.Parse(objectURL)
	if err != nil {
		return nil, fmt.Errorf("object URL: %w", err)
	}
	key := strings.TrimPrefix(u.Path, "/")
	u.Path = ""
	b, err := s.bucket(ctx, u.String())
	if err != nil {
		return nil, err
	}
	attrs, err := b.Attributes(ctx, key)
	if err != nil {
		return nil, describe(err)
	}
	return &Handle{b: b, key: key, size: attrs.Size, mod: attrs.ModTime, etag: attrs.ETag, scratch: s.scratch}, nil
}

// Size is the object's size in bytes.
func (o *Handle) Size() int64 { return o.size }

// ModTime is the object's modification time.
func (o *Handle) ModTime() time.Time { return o.mod }

// readOptions ask for the version that was opened.
func (o *Handle) readOptions() *blob.ReaderOptions {
	o.mu.Lock()
	etag := o.etag
	o.mu.Unlock()
	if etag == "" {
		return nil
	}
	return &blob.ReaderOptions{BeforeRead: func(as func(any) bool) error {
		var in *s3.GetObjectInput
		if as(&in) {
			in.IfMatch = &etag
		}
		return nil
	}}
}

// errChanged is the error of a read that found another version of the object than the first
// read did. It names no content.
var errChanged = changed("another version answered a later request")

// changed is the error of an object that changed while it was read, detail saying how it showed.
func changed(detail string) error {
	return errors.New("object changed while it was read (" + detail + "): scan it again once it is complete")
}

// check compares a response with the version this handle reads: its ETag must be the one the
// HEAD (or, failing that, the first response) gave, and the object's size the one listed. A
// store that honours If-Match refuses such a request itself (412); this catches the stores that
// ignore it.
func (o *Handle) check(r *blob.Reader) error {
	var out s3.GetObjectOutput
	etag := ""
	if r.As(&out) && out.ETag != nil {
		etag = *out.ETag
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.etag == "" {
		o.etag = etag
	}
	if (etag != "" && etag != o.etag) || r.Size() != o.size {
		return errChanged
	}
	return nil
}

// open starts a read of length bytes from off (length < 0: to the end) and checks its response.
func (o *Handle) open(ctx context.Context, off, length int64) (*blob.Reader, error) {
	r, err := o.b.NewRangeReader(ctx, o.key, off, length, o.readOptions())
	if err != nil {
		return nil, describe(err)
	}
	if err := o.check(r); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Stream reads the whole object in order, one request.
func (o *Handle) Stream(ctx context.Context) (io.ReadCloser, error) {
	r, err := o.open(ctx, 0, -1)
	if err != nil {
		return nil, err
	}
	return describedReader{r}, nil
}

// ReaderAt reads ranges of the object with range requests (rangereader.go).
func (o *Handle) ReaderAt(ctx context.Context) io.ReaderAt {
	return &rangeReader{ctx: ctx, o: o}
}

// Spool copies the object into the scratch folder with one request. The copy is unlinked at
// once (nothing is left behind even if the process dies) and closed by the caller.
func (o *Handle) Spool(ctx context.Context) (*os.File, error) {
	r, err := o.Stream(ctx)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// Keep the key's extensions in the name, for whoever looks at the scratch folder.
	f, err := os.CreateTemp(o.scratch, "object-*-"+filepath.Base(o.key))
	if err != nil {
		return nil, fmt.Errorf("scratch: %w", err)
	}
	os.Remove(f.Name())
	n, err := io.Copy(f, r)
	if err == nil && n != o.size {
		err = changed(fmt.Sprintf("%d bytes listed, %d read", o.size, n))
	}
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// describedReader gives a stream's errors the same words as the requests'.
type describedReader struct{ r io.ReadCloser }

func (d describedReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && err != io.EOF {
		err = describe(err)
	}
	return n, err
}

func (d describedReader) Close() error { return d.r.Close() }
