package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// TestScanFlagEffects checks what each scan flag does, not only that it parses.
func TestScanFlagEffects(t *testing.T) {
	dir := t.TempDir()
	people := filepath.Join(dir, "people.csv")
	writeMobiles(t, people, 0, 3000)
	wide := filepath.Join(dir, "wide.csv")
	require.NoError(t, os.WriteFile(wide, []byte("a,b,c,d\n1,2,3,4\n"), 0o644))
	long := filepath.Join(dir, "long.csv")
	require.NoError(t, os.WriteFile(long, []byte("note\n"+strings.Repeat("x", 5000)+"\n"), 0o644))

	jsonScan := func(t *testing.T, args ...string) (int, report.Report, string) {
		t.Helper()
		code, out, errOut := testApp{now: day}.run(t, append([]string{"scan", "-f", "json", "--fail-on", "never"}, args...)...)
		if out == "" {
			return code, report.Report{}, errOut
		}
		return code, decodeReport(t, []byte(out)), errOut
	}

	t.Run("--sample bounds the rows used for typing, not the rows counted", func(t *testing.T) {
		_, r, _ := jsonScan(t, "--sample", "100", people)
		assert.Equal(t, int64(100), r.Files[0].SampledRows)
		assert.Equal(t, int64(3000), r.Files[0].Individuals)
		_, r, _ = jsonScan(t, "--sample", "0", people)
		assert.Equal(t, int64(3000), r.Files[0].SampledRows, "--sample 0 types from every row")
	})
	t.Run("--workers does not change the result", func(t *testing.T) {
		_, r1, _ := jsonScan(t, "--workers", "1", people)
		_, r2, _ := jsonScan(t, "--workers", "2", people)
		assert.Equal(t, r1.Files, r2.Files)
	})
	t.Run("--count-memory switches to an estimate with an upper bound", func(t *testing.T) {
		big := filepath.Join(t.TempDir(), "big.csv")
		writeMobiles(t, big, 0, 200000)
		_, r, _ := jsonScan(t, "--count-memory", "1", big)
		f := r.Files[0]
		assert.Equal(t, "estimate", f.IndividualsMethod)
		assert.InDelta(t, 200000, f.Individuals, 4000)
		assert.GreaterOrEqual(t, f.IndividualsUpper, int64(200000))
		assert.Equal(t, "contract", f.Verdict.Label, "the verdict uses the upper bound: at least 100,000")
	})
	t.Run("-q keeps stderr empty on success; errors still show", func(t *testing.T) {
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", people)
		assert.Equal(t, exitOK, code)
		assert.Empty(t, errOut)
		code, _, errOut = testApp{now: day}.run(t, "scan", "-q", "--max-columns", "2", wide)
		assert.Equal(t, exitError, code)
		assert.Contains(t, errOut, "wide.csv")
	})
	t.Run("--no-progress and a non-terminal stderr draw no bar", func(t *testing.T) {
		_, _, errOut := testApp{now: day}.run(t, "scan", "--no-progress", "--fail-on", "never", people)
		assert.NotContains(t, errOut, "files  ")
	})
	for _, tc := range []struct {
		flag, value, file, reason string
	}{
		{"--max-columns", "3", wide, "--max-columns"},
		{"--max-field-bytes", "1024", long, "--max-field-bytes"},
	} {
		t.Run(tc.flag+" makes an oversized file an error naming the flag", func(t *testing.T) {
			code, r, _ := jsonScan(t, tc.flag, tc.value, tc.file)
			assert.Equal(t, exitError, code)
			assert.Equal(t, "error", r.Files[0].Verdict.Label)
			assert.Contains(t, r.Files[0].Error, tc.reason)
		})
	}
	t.Run("--max-sheets and --max-decompressed-bytes apply to workbooks", func(t *testing.T) {
		wb, err := filepath.Abs("../../testdata/conformance/reference.xlsx")
		require.NoError(t, err)
		code, r, _ := jsonScan(t, "--max-sheets", "1", wb)
		assert.Equal(t, exitError, code)
		assert.Contains(t, r.Files[0].Error, "--max-sheets")
		code, r, _ = jsonScan(t, "--max-decompressed-bytes", "1000", wb)
		assert.Equal(t, exitError, code)
		assert.Contains(t, r.Files[0].Error, "--max-decompressed-bytes")
	})
	t.Run("--ledger-key puts the secret where it is told", func(t *testing.T) {
		keyDir := t.TempDir()
		key := filepath.Join(keyDir, "xborder.key")
		db := filepath.Join(t.TempDir(), "audit.db")
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, "--ledger-key", key, "--record", people)
		require.Equal(t, exitOK, code, errOut)
		info, err := os.Stat(key)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
		assert.NoFileExists(t, db+".key")
		// Without the key the ledger cannot be used: a new key would count everyone twice.
		code, _, errOut = testApp{now: day}.run(t, "scan", "-q", "--ledger", db, people)
		assert.Equal(t, exitError, code)
		assert.NotEmpty(t, errOut)
	})
	t.Run("--trust-mtime reuses a recorded file without reading it for its digest", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "audit.db")
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--ledger", db, "--record", "--fail-on", "never", people)
		require.Equal(t, exitOK, code, errOut)
		_, r, _ := jsonScan(t, "--ledger", db, "--trust-mtime", people)
		notes := strings.Join(r.Files[0].Notes, " ")
		assert.Contains(t, notes, "reused")
		assert.NotContains(t, notes, "sha256 verified")
		_, r, _ = jsonScan(t, "--ledger", db, people)
		assert.Contains(t, strings.Join(r.Files[0].Notes, " "), "sha256 verified")
	})
	t.Run("--cpuprofile writes a profile", func(t *testing.T) {
		prof := filepath.Join(t.TempDir(), "cpu.prof")
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--cpuprofile", prof, people)
		require.Equal(t, exitOK, code, errOut)
		info, err := os.Stat(prof)
		require.NoError(t, err)
		assert.Positive(t, info.Size())
	})
	t.Run("flags may follow the paths", func(t *testing.T) {
		code, out, errOut := testApp{now: day}.run(t, "scan", people, "-f", "json", "--fail-on", "never")
		require.Equal(t, exitOK, code, errOut)
		assert.True(t, strings.HasPrefix(out, "{"), fmt.Sprintf("%.40q", out))
	})
}
