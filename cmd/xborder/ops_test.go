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

// TestOutputHygiene checks each output rule before anything is scanned.
func TestOutputHygiene(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	writeMobiles(t, filepath.Join(in, "a.csv"), 0, 10)
	out := t.TempDir()

	t.Run("format inferred from -o", func(t *testing.T) {
		html := filepath.Join(out, "report.html")
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "-o", html, in)
		require.Equal(t, exitOK, code, errOut)
		data, err := os.ReadFile(html)
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(data), "<!DOCTYPE html>"), "-o report.html wrote no HTML")
	})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"-f contradicts -o", []string{"-f", "json", "-o", filepath.Join(out, "r.html")}, "names a html file but --format is json"},
		{"-o in a missing folder", []string{"-o", filepath.Join(out, "missing", "r.json")}, "does not exist"},
		{"--evidence exists", []string{"--evidence", out}, "already exists"},
		{"--evidence in a missing folder", []string{"--evidence", filepath.Join(out, "no", "ev")}, "does not exist"},
		{"-o is a folder", []string{"-o", out}, "is a folder"},
		{"--fail-on-new without a ledger", []string{"--fail-on-new"}, "needs --ledger"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, errOut := testApp{now: day}.run(t, append(append([]string{"scan", "-q"}, tc.args...), in)...)
			assert.Equal(t, exitError, code)
			assert.Contains(t, errOut, tc.want)
			assert.Empty(t, stdout, "refused before scanning: no report")
		})
	}
}

// TestLedgerShowWithoutTheKey: the totals stay readable when the key is lost, as documented;
// forget still needs it.
func TestLedgerShowWithoutTheKey(t *testing.T) {
	dir := t.TempDir()
	writeMobiles(t, filepath.Join(dir, "in", "a.csv"), 0, 25)
	db := filepath.Join(dir, "audit.db")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, "--record", filepath.Join(dir, "in"))
	require.Equal(t, exitOK, code, errOut)
	require.NoError(t, os.Remove(db+".key"))
	code, out, errOut := testApp{now: day}.run(t, "ledger", "show", "--ledger", db)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "25")
	code, _, errOut = testApp{now: day}.run(t, "ledger", "history", "--ledger", db)
	assert.Equal(t, exitOK, code, errOut)
	code, _, _ = testApp{now: day}.run(t, "ledger", "forget", "--ledger", db, "1")
	assert.Equal(t, exitError, code, "forget without the key")
	_, err := os.Stat(db + ".key")
	assert.True(t, os.IsNotExist(err), "reading the totals created a key")
}

// TestCredentialsMaskedWholeEverywhere: no leading character of a password reaches any format or
// the evidence bundle, and --no-examples leaves no example at all.
func TestCredentialsMaskedWholeEverywhere(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.MkdirAll(in, 0o755))
	var b strings.Builder
	b.WriteString("用户名,手机号,password\n")
	for i := range 30 {
		fmt.Fprintf(&b, "u%d,139100%05d,Tr0ub4dor&%02d\n", i, i, i)
	}
	require.NoError(t, os.WriteFile(filepath.Join(in, "users.csv"), []byte(b.String()), 0o644))
	for _, format := range report.Formats() {
		code, out, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "-f", format, in)
		require.Equal(t, exitOK, code, errOut)
		assert.NotContains(t, out, "Tr0", "%s shows the head of a password", format)
		if format == "json" {
			assert.Contains(t, out, "[secret, 8-15 chars]", "the password column is shown by its length class")
		}
	}
	ev := filepath.Join(dir, "ev")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--evidence", ev, in)
	require.Equal(t, exitOK, code, errOut)
	entries, err := os.ReadDir(ev)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(ev, e.Name()))
		require.NoError(t, err)
		assert.NotContains(t, string(data), "Tr0", "%s of the bundle shows the head of a password", e.Name())
	}
	code, out, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--no-examples", "-f", "json", in)
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "139****", "--no-examples left an example")
	assert.NotContains(t, out, "[secret,", "--no-examples left an example")
	assert.Contains(t, out, `"examples_omitted": true`)
}

// TestPolicyDiscovery: $XBORDER_POLICY, else ./.xborder.yaml, else the defaults; --help says so.
func TestPolicyDiscovery(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\nhandler:\n  ciio: true\n"), 0o644))
	a := newApp(nil, nil)
	a.getenv = func(k string) string {
		if k == policyEnv {
			return pol
		}
		return ""
	}
	assert.Equal(t, pol, a.discoverPolicy())
	a.getenv = func(string) string { return "" }
	t.Chdir(dir)
	assert.Equal(t, "", a.discoverPolicy(), "no .xborder.yaml: the defaults")
	require.NoError(t, os.WriteFile(policyFile, []byte("version: 1\nhandler:\n  ciio: true\n"), 0o644))
	assert.Equal(t, policyFile, a.discoverPolicy())
	writeMobiles(t, filepath.Join(dir, "in", "a.csv"), 0, 5)
	code, out, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "-f", "json", "in")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, `"ciio": true`, "./.xborder.yaml was not used")
	_, _, help := testApp{}.run(t, "scan", "--help")
	assert.Contains(t, help, policyEnv)
	assert.Contains(t, help, policyFile)
}

// TestRecordPartial: with an unreadable file, --record records nothing; --record-partial records
// the file that was read, names the one left out, and still exits 2.
func TestRecordPartial(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	writeMobiles(t, filepath.Join(in, "fine.csv"), 0, 12)
	require.NoError(t, os.WriteFile(filepath.Join(in, "broken.parquet"), []byte("PAR1 this is not parquet at all"), 0o644))
	db := filepath.Join(dir, "audit.db")
	code, _, _ := testApp{now: day}.run(t, "scan", "-q", "--ledger", db, "--record", in)
	assert.Equal(t, exitError, code)
	_, out, _ := testApp{now: day}.run(t, "ledger", "history", "--ledger", db)
	assert.Equal(t, 1, strings.Count(out, "\n"), "--record without --record-partial recorded a run:\n%s", out)

	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--ledger", db, "--record", "--record-partial", in)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "left out of the ledger")
	assert.Contains(t, errOut, "broken.parquet")
	_, out, errOut = testApp{now: day}.run(t, "ledger", "show", "--ledger", db)
	assert.Contains(t, out, "12", errOut)
	code, _, errOut = testApp{now: day}.run(t, "scan", "-q", "--record-partial", "--ledger", db, in)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "--record-partial needs --record")
}
