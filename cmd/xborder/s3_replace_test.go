package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"

	"github.com/xborder/xborder/report"
	audit "github.com/xborder/xborder/report/run"
)

// hookProxy is a reverse proxy in front of the S3 server that calls hook before it forwards a
// request (the server stays the real one; the proxy keeps the Host header the client signed).
func hookProxy(t *testing.T, endpoint string, hook func(r *http.Request)) string {
	t.Helper()
	target, err := url.Parse(endpoint)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hook(r)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestObjectReplacedBetweenRangeReads: gofakes3 ignores If-Match, so an object replaced by one
// of the same size between two range reads is served by the server as if nothing happened. The
// client compares every response's ETag with the first one's: the file fails with "object
// changed while it was read", no persons are counted, and the message names no value.
func TestObjectReplacedBetweenRangeReads(t *testing.T) {
	bucket := s3Bucket
	endpoint := startS3Env(t)
	ctx := context.Background()
	direct, err := blob.OpenBucket(ctx, "s3://"+bucket+s3Query(endpoint))
	require.NoError(t, err)
	defer direct.Close()
	// Large enough for several range requests (arrow reads the last 64 KiB first).
	data := coverageParquet(t, coverageIDs(), compress.Codecs.Uncompressed)
	require.Greater(t, len(data), 256<<10)
	const key = "night/ids.parquet"
	require.NoError(t, direct.WriteAll(ctx, key, data, nil))
	replacement := slices.Clone(data)
	slices.Reverse(replacement) // the same size, other bytes

	var mu sync.Mutex
	ranges, replaced := 0, false
	proxied := hookProxy(t, endpoint, func(r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Range") == "" || !strings.HasSuffix(r.URL.Path, "/"+key) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if ranges++; ranges == 2 { // between the first range read and the second
			assert.NoError(t, direct.WriteAll(ctx, key, replacement, nil)) // on the proxy's goroutine: no FailNow here
			replaced = true
		}
	})

	sopts, err := audit.ScanOptions(report.DefaultPolicy(), time.Now(), audit.Reading{SetBudget: 64 << 20, Workers: 1})
	require.NoError(t, err)
	sopts.ObjectInMemory = -1 // read by ranges, not fetched whole
	refs, _, _, err := audit.ListInputs(ctx, []string{"s3://" + bucket + "/night/" + s3Query(proxied)}, sopts)
	require.NoError(t, err)
	require.Len(t, refs, 1)
	res := audit.ScanRefs(ctx, refs, sopts, t.TempDir())
	require.Len(t, res.Files, 1)
	fr := res.Files[0]
	require.True(t, replaced, "the hook replaced the object between two range reads")
	require.Error(t, fr.Err)
	assert.Contains(t, fr.Err.Error(), "object changed while it was read")
	assert.Contains(t, fr.Err.Error(), "scan it again")
	n, _, _, _ := fr.Persons.Count()
	assert.Zero(t, n, "nothing of a file that changed is counted")
}
