package main

import (
	"context"
	audit "github.com/xborder/xborder/report/run"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/source"
)

// requestLog counts the GET requests a proxy in front of the S3 server passed, per object key:
// whole-object GETs and range GETs.
type requestLog struct {
	mu            sync.Mutex
	whole, ranged map[string]int
}

func (l *requestLog) add(r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Query().Has("list-type") {
		return
	}
	key := strings.TrimPrefix(r.URL.Path, "/exports/")
	l.mu.Lock()
	defer l.mu.Unlock()
	if r.Header.Get("Range") != "" {
		l.ranged[key]++
	} else {
		l.whole[key]++
	}
}

// countingProxy puts a reverse proxy that logs requests in front of endpoint (the server stays
// the real one; the proxy keeps the Host header the client signed).
func countingProxy(t *testing.T, endpoint string) (string, *requestLog) {
	t.Helper()
	target, err := url.Parse(endpoint)
	require.NoError(t, err)
	log := &requestLog{whole: map[string]int{}, ranged: map[string]int{}}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// TestObjectsStreamedNotSpooled reads objects of every format without the in-memory shortcut:
// delimited text, JSON and compressed files streamed, Parquet with range requests beside one
// digest stream, workbooks copied into scratch. Every result equals the local file's (format,
// encoding, tables, rows, digest, the persons' hashes); a changed object is an error.
func TestObjectsStreamedNotSpooled(t *testing.T) {
	bucket := s3Bucket
	endpoint := startS3Env(t)
	proxied, log := countingProxy(t, endpoint)
	opts := s3Query(proxied)

	local := t.TempDir()
	var names []string
	for _, pattern := range []string{"../../testdata/conformance/orders*", "../../testdata/conformance/reference.*",
		"../../testdata/archives/orders.ods", "../../testdata/parquet/types.parquet", "../../testdata/parquet/codecs/*-zstd.parquet",
		"../../testdata/compress/rows*.csv.*"} {
		matches, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, m := range matches {
			copyFile(t, m, filepath.Join(local, filepath.Base(m)), 0o644)
			names = append(names, filepath.Base(m))
		}
	}
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, "s3://"+bucket+opts)
	require.NoError(t, err)
	defer b.Close()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(local, n))
		require.NoError(t, err)
		require.NoError(t, b.WriteAll(ctx, "night/"+n, data, nil))
	}

	sopts, err := audit.ScanOptions(report.DefaultPolicy(), time.Now(), audit.Reading{SampleRows: scanner.DefaultSampleRows, SetBudget: 256 << 20, Workers: 2})
	require.NoError(t, err)
	localRefs, _, _, err := audit.ListInputs(ctx, []string{local}, sopts)
	require.NoError(t, err)
	want := scanner.ScanList(ctx, localRefs, sopts)
	objRefs, _, _, err := audit.ListInputs(ctx, []string{"s3://" + bucket + "/night/" + opts}, sopts)
	require.NoError(t, err)
	require.Len(t, objRefs, len(localRefs))
	scratch := t.TempDir()
	sopts.ObjectInMemory = -1
	got := audit.ScanRefs(ctx, objRefs, sopts, scratch)

	formats := map[string]bool{}
	for i, w := range want.Files {
		g := got.Files[i]
		require.NoError(t, w.Err, w.Path)
		require.NoError(t, g.Err, g.Path)
		assert.Equal(t, "s3://"+bucket+"/night/"+w.Path, g.Path)
		formats[w.Format+"/"+w.Compression] = true
		assert.Equal(t, [3]string{w.Format, w.Encoding, w.Compression}, [3]string{g.Format, g.Encoding, g.Compression}, w.Path)
		assert.Equal(t, w.SHA256, g.SHA256, w.Path)
		assert.Equal(t, w.Rows, g.Rows, w.Path)
		assert.Equal(t, w.Tables, g.Tables, w.Path)
		wa, ws := w.Persons.Hashes()
		ga, gs := g.Persons.Hashes()
		assert.ElementsMatch(t, wa, ga, w.Path)
		assert.ElementsMatch(t, ws, gs, w.Path)
	}
	for _, f := range []string{"csv/", "tsv/", "json/", "jsonl/", "csv/gzip", "csv/bzip2", "csv/xz", "csv/zstd", "parquet/", "xlsx/", "ods/"} {
		assert.True(t, formats[f], "the fixture covers %s", f)
	}
	// Requests: Parquet by ranges plus one digest stream, the rest by one stream each (two when
	// a second counting pass reads it again), workbooks copied once; nothing left in scratch.
	for _, n := range names {
		key := "night/" + n
		switch {
		case strings.HasSuffix(n, ".parquet"):
			assert.Positive(t, log.ranged[key], "%s read by ranges", n)
			assert.Equal(t, 1, log.whole[key], "%s: one stream, for its digest", n)
		default:
			assert.Zero(t, log.ranged[key], "%s read by streams", n)
			assert.Positive(t, log.whole[key], n)
		}
	}
	left, err := os.ReadDir(scratch)
	require.NoError(t, err)
	assert.Empty(t, left, "scratch copies are unlinked")

	t.Run("changed while read", func(t *testing.T) {
		store := source.NewStore(scratch)
		defer store.Close()
		u := objRefs[0].Abs
		h, err := store.Open(ctx, u)
		require.NoError(t, err)
		key := "night/" + filepath.Base(objRefs[0].Path)
		require.NoError(t, b.WriteAll(ctx, key, []byte("id\n1\n"), nil))
		// A server that honours If-Match refuses the stream (412); one that ignores it serves
		// the new, shorter object, whose ranges end early.
		rc, err := h.Stream(ctx)
		if err == nil {
			rc.Close()
			_, err = h.ReaderAt(ctx).ReadAt(make([]byte, 4), 0)
		}
		require.Error(t, err)
		assert.Contains(t, err.Error(), "object changed while it was read")
	})
}
