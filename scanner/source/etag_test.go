package source

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// etagServer answers HEAD and (range) GET for one object the way S3 does, but ignores If-Match
// and, from the request numbered changeAt on (HEAD is 1), answers with another ETag for the
// same bytes: an object replaced by one of the same size.
type etagServer struct {
	data     []byte
	changeAt int64
	requests atomic.Int64
}

func (s *etagServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	etag := `"v1"`
	if n >= s.changeAt {
		etag = `"v2"`
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", "Sun, 06 Dec 2026 01:00:00 GMT")
	h.Set("Content-Type", "application/octet-stream")
	from, to := int64(0), int64(len(s.data))-1
	status := http.StatusOK
	if rg := r.Header.Get("Range"); rg != "" {
		a, b, _ := strings.Cut(strings.TrimPrefix(rg, "bytes="), "-")
		from, _ = strconv.ParseInt(a, 10, 64)
		if b != "" {
			to, _ = strconv.ParseInt(b, 10, 64)
		}
		to = min(to, int64(len(s.data))-1)
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, to, len(s.data)))
		status = http.StatusPartialContent
	}
	h.Set("Content-Length", strconv.FormatInt(to-from+1, 10))
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		_, _ = w.Write(s.data[from : to+1])
	}
}

// TestVersionCheckedOnEveryResponse: against a store that ignores If-Match, a read whose response
// carries another ETag than the HEAD's fails with "object changed while it was read", for range
// reads and streams alike, and the message holds none of the object's bytes.
func TestVersionCheckedOnEveryResponse(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	data := []byte(strings.Repeat("110105199001011234,王伟\n", 40000)) // ~1 MiB: several ranges
	cases := []struct {
		name string
		read func(ctx context.Context, h *Handle) error
	}{
		{"ranges", func(ctx context.Context, h *Handle) error {
			ra := h.ReaderAt(ctx)
			if _, err := ra.ReadAt(make([]byte, 16), 0); err != nil {
				return fmt.Errorf("first range: %w", err)
			}
			_, err := ra.ReadAt(make([]byte, 16), int64(len(data))-16) // not cached: a second request
			return err
		}},
		{"stream after a range", func(ctx context.Context, h *Handle) error {
			if _, err := h.ReaderAt(ctx).ReadAt(make([]byte, 16), 0); err != nil {
				return fmt.Errorf("first range: %w", err)
			}
			rc, err := h.Stream(ctx)
			if err == nil {
				_, err = io.Copy(io.Discard, rc)
				rc.Close()
			}
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := &etagServer{data: data, changeAt: 3} // HEAD, first GET: v1; then v2
			ctx := context.Background()
			err := c.read(ctx, openETag(t, srv))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "object changed while it was read")
			assert.Contains(t, err.Error(), "scan it again")
			assert.NotContains(t, err.Error(), "110105")
			assert.GreaterOrEqual(t, srv.requests.Load(), int64(3))
		})
	}

	t.Run("unchanged", func(t *testing.T) {
		h := openETag(t, &etagServer{data: data, changeAt: 1 << 40})
		got := make([]byte, len(data))
		_, err := h.ReaderAt(context.Background()).ReadAt(got, 0)
		require.NoError(t, err)
		assert.Equal(t, data, got)
	})
}

// openETag opens the object srv serves through a store of its own; both close with the test.
func openETag(t *testing.T, srv *etagServer) *Handle {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	st := NewStore(t.TempDir())
	t.Cleanup(func() { st.Close() })
	h, err := st.Open(context.Background(), "s3://exports/night/ids.csv?endpoint="+ts.URL+"&use_path_style=true&region=us-east-1")
	require.NoError(t, err)
	return h
}
