package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
)

// s3Server finds the S3-compatible server the object-store tests run against, as its own
// process: gofakes3's server command, which .ci/run installs from the Go module proxy into its
// cache, or versitygw (the Versity S3 gateway, which also checks the request signatures), or
// whichever XBORDER_S3_SERVER names. Outside CI a missing server skips the test; under CI it
// fails.
func s3Server(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("XBORDER_S3_SERVER")}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, ".cache")
		}
	}
	for _, name := range []string{"gofakes3", "versitygw"} {
		if p, err := exec.LookPath(name); err == nil {
			candidates = append(candidates, p)
		}
		candidates = append(candidates, filepath.Join(cache, "xborder-ci", "bin", name))
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if info, err := os.Stat(c); err == nil && info.Mode()&0o111 != 0 {
			return c
		}
	}
	msg := "no S3-compatible server: install gofakes3 (go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0, as .ci/run does) or set XBORDER_S3_SERVER"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// The bucket and credentials of the S3 tests. The secret is asserted never to be printed.
const s3Bucket, s3Access, s3Secret = "exports", "xborderci", "s3cr3t-never-printed-0123456789"

// startS3Env starts the server with s3Bucket and the test credentials, puts them in the
// environment the S3 client reads, and returns the endpoint.
func startS3Env(t *testing.T) string {
	t.Helper()
	endpoint := startS3(t, s3Bucket, s3Access, s3Secret)
	t.Setenv("AWS_ACCESS_KEY_ID", s3Access)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s3Secret)
	t.Setenv("AWS_REGION", "us-east-1")
	return endpoint
}

// s3Query is the query of an s3:// URL that reaches the test server at endpoint.
func s3Query(endpoint string) string {
	return "?endpoint=" + endpoint + "&use_path_style=true&region=us-east-1"
}

// startS3 runs the server as its own process on a free loopback port, with a bucket (gofakes3:
// its filesystem backend; versitygw: its POSIX backend, checking the credentials), and returns
// the endpoint. The server is stopped when the test ends.
func startS3(t *testing.T, bucket, access, secret string) string {
	t.Helper()
	bin := s3Server(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	root := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(root, bucket), 0o755))
	ctx, cancel := context.WithCancel(context.Background())
	args := []string{"--port", addr, "--access", access, "--secret", secret, "--region", "us-east-1", "posix", root}
	if strings.HasPrefix(filepath.Base(bin), "gofakes3") {
		args = []string{"-backend", "fs", "-fs.path", root, "-fs.create", "-initialbucket", bucket, "-host", addr, "-quiet"}
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("S3 server did not listen on %s within 30s:\n%s", addr, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "http://" + addr
}

// TestObjectStoreInputs uploads the 67-file fixture (3 of them archives) to a real S3-compatible server started here
// and audits s3://bucket/prefix/ in one process and as 1, 3 and 8 shard processes: the merged
// reports equal the single-process one, which equals the local scan file for file (labels,
// persons, digests) with object URLs as paths; the credentials appear in no output.
func TestObjectStoreInputs(t *testing.T) {
	bucket, secret := s3Bucket, s3Secret
	endpoint := startS3Env(t)
	opts := s3Query(endpoint)

	exports, _, truth := shardFixture(t)
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, "s3://"+bucket+opts)
	require.NoError(t, err)
	defer b.Close()
	var keys []string
	require.NoError(t, filepath.WalkDir(exports, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(exports, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		keys = append(keys, rel)
		return b.WriteAll(ctx, "night/"+filepath.ToSlash(rel), data, nil)
	}))
	require.Len(t, keys, len(truth.Files)-truth.members()+truth.ArchiveCount)

	out := t.TempDir()
	local := filepath.Join(out, "local.json")
	cli(t, exitFlagged, "scan", "-q", "-f", "json", "-o", local, exports)
	url := "s3://" + bucket + "/night/" + opts
	single := filepath.Join(out, "single.json")
	cli(t, exitFlagged, "scan", "-q", "-f", "json", "-o", single, "--scratch", t.TempDir(), url)
	want := comparable(t, single)
	loc := comparable(t, local)
	require.Len(t, loc.Files, len(truth.Files))
	require.Len(t, want.Files, len(loc.Files), "the archives' members are read from the objects as from the files")
	require.Len(t, want.Archives, len(loc.Archives))
	for i, a := range want.Archives {
		l := loc.Archives[i]
		assert.Equal(t, "s3://"+bucket+"/night/"+l.Path, a.Path)
		assert.Equal(t, [2]any{l.SHA256, l.Members}, [2]any{a.SHA256, a.Members}, a.Path)
	}
	assert.Equal(t, loc.Skipped, want.Skipped)
	for i, f := range want.Files {
		l := loc.Files[i]
		assert.Equal(t, "s3://"+bucket+"/night/"+l.Path, f.Path)
		assert.Equal(t, l.SHA256, f.SHA256, f.Path)
		assert.Equal(t, l.Verdict.Label, f.Verdict.Label, f.Path)
		assert.Equal(t, l.Verdict.Reasons, f.Verdict.Reasons, f.Path)
		assert.Equal(t, l.Individuals, f.Individuals, f.Path)
		assert.Equal(t, l.SensitiveIndividuals, f.SensitiveIndividuals, f.Path)
	}
	// The summary's counts and verdict; its lists of columns name files by their paths.
	assert.Equal(t, loc.Summary.Verdict.Label, want.Summary.Verdict.Label)
	assert.Equal(t, loc.Summary.Verdict.Reasons, want.Summary.Verdict.Reasons)
	assert.Equal(t, [6]int64{int64(loc.Summary.Files), int64(loc.Summary.Free), int64(loc.Summary.Contract), int64(loc.Summary.Assessment), loc.Summary.Individuals, loc.Summary.SensitiveIndividuals},
		[6]int64{int64(want.Summary.Files), int64(want.Summary.Free), int64(want.Summary.Contract), int64(want.Summary.Assessment), want.Summary.Individuals, want.Summary.SensitiveIndividuals})

	key := filepath.Join(out, "run.key")
	for _, n := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			run, merged, r := shardedRun(t, key, n, url)
			assert.Equal(t, want, comparable(t, merged))
			for _, name := range []string{merged, filepath.Join(run, "plan.json")} {
				data, err := os.ReadFile(name)
				require.NoError(t, err)
				assert.NotContains(t, string(data), secret)
			}
			assert.NotContains(t, r.stderr+r.stdout, secret)
		})
	}
}
