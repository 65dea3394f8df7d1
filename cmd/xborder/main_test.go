package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/xborder/xborder/scanner/detect"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/reporttest"
)

// testApp runs the CLI in-process with a fixed clock and no terminal.
type testApp struct {
	now time.Time
}

func (ta testApp) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := newApp(&out, &errb)
	if !ta.now.IsZero() {
		a.now = func() time.Time { return ta.now }
	}
	a.isTerminal = func(io.Writer) bool { return false }
	a.getenv = func(string) string { return "" }
	code = a.run(context.Background(), args)
	return code, out.String(), errb.String()
}

var day = time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)

func sampleDir(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("../../testdata/sample-exports")
	require.NoError(t, err)
	return p
}

func decodeReport(t *testing.T, data []byte) report.Report {
	t.Helper()
	reporttest.ValidateJSON(t, data)
	var r report.Report
	require.NoError(t, json.Unmarshal(data, &r))
	return r
}

func fileByPath(t *testing.T, r report.Report, path string) report.File {
	t.Helper()
	for _, f := range r.Files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no file %q in report", path)
	return report.File{}
}

func TestCommandsAndUsage(t *testing.T) {
	ta := testApp{now: day}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no arguments prints usage and fails", nil, exitError, "", "Usage:"},
		{"unknown command", []string{"frobnicate"}, exitError, "", `unknown command "frobnicate"`},
		{"help lists the three users' examples", []string{"--help"}, exitOK, "Nightly cron job", ""},
		{"version", []string{"version"}, exitOK, "xborder " + version, ""},
		{"scan without a path", []string{"scan"}, exitError, "", "no PATH given"},
		{"scan --help shows flags and examples", []string{"scan", "--help"}, exitOK, "", "--fail-on"},
		{"bad --fail-on", []string{"scan", "--fail-on", "sometimes", "x"}, exitError, "", "--fail-on must be"},
		{"bad --format", []string{"scan", "-f", "pdf", "x"}, exitError, "", "pdf"},
		{"negative --sample", []string{"scan", "--sample", "-1", "x"}, exitError, "", "--sample"},
		{"--record needs --ledger", []string{"scan", "--record", "x"}, exitError, "", "--record needs --ledger"},
		{"--trust-mtime needs --ledger", []string{"scan", "--trust-mtime", "x"}, exitError, "", "--trust-mtime needs --ledger"},
		{"unknown flag", []string{"scan", "--frob", "x"}, exitError, "", "flag provided but not defined"},
		{"policy init prints a policy", []string{"policy", "init"}, exitOK, "minor_age", ""},
		{"policy without init", []string{"policy"}, exitError, "", "usage"},
		{"ledger without subcommand", []string{"ledger"}, exitError, "", "usage"},
		{"ledger without --ledger", []string{"ledger", "show"}, exitError, "", "--ledger FILE is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := ta.run(t, tc.args...)
			assert.Equal(t, tc.code, code, "stderr: %s", errOut)
			if tc.stdout != "" {
				assert.Contains(t, out, tc.stdout)
			}
			if tc.stderr != "" {
				assert.Contains(t, errOut, tc.stderr)
			}
		})
	}
}

func TestPolicyInitParsesBack(t *testing.T) {
	_, out, _ := testApp{}.run(t, "policy", "init")
	p, err := report.ParsePolicy([]byte(out), "init.yaml")
	require.NoError(t, err)
	assert.Equal(t, report.DefaultPolicy().MinorAge, p.MinorAge)
}

func TestDetectorsListsTheWholeVocabulary(t *testing.T) {
	code, out, _ := testApp{}.run(t, "detectors")
	require.Equal(t, exitOK, code)
	for _, d := range detect.Builtin().All() {
		assert.Contains(t, out, d.ID()+" ")
	}
}

// TestSampleExportsLabels is the README's first command: every label the sample folder was built
// to show, with the article behind it. README.pdf is not examined (exit 2); with --exclude
// '*.pdf', the README's second command, it is excluded with its rule and the exit code is 1.
func TestSampleExportsLabels(t *testing.T) {
	code, out, errOut := testApp{now: day}.run(t, "scan", "--format", "json", sampleDir(t))
	require.Equal(t, exitError, code, errOut)
	r := decodeReport(t, []byte(out))
	require.Len(t, r.Skipped, 1)
	assert.Equal(t, report.Skipped{Path: "README.pdf", Reason: "unsupported format", Status: "not_examined"}, r.Skipped[0])
	assert.Equal(t, "assessment", r.Summary.Verdict.Label, "not examined cannot lower an assessment")
	assert.Equal(t, "error", r.Summary.Verdict.Reasons[len(r.Summary.Verdict.Reasons)-1].Rule)
	assert.Contains(t, errOut, "README.pdf")

	code, out, errOut = testApp{now: day}.run(t, "scan", "--format", "json", "--exclude", "*.pdf", sampleDir(t))
	require.Equal(t, exitFlagged, code, errOut)
	r = decodeReport(t, []byte(out))
	want := map[string][2]string{
		"catalogue/products.csv":       {"free", "art3"},
		"orders/2026-10-orders.csv":    {"free", "art5.4"},
		"finance/payment-accounts.tsv": {"contract", "art8"},
		"kyc/members-kyc.csv.gz":       {"assessment", "art7.2"},
	}
	for path, lr := range want {
		f := fileByPath(t, r, path)
		assert.Equal(t, lr[0], f.Verdict.Label, path)
		require.NotEmpty(t, f.Verdict.Reasons, path)
		assert.Equal(t, lr[1], f.Verdict.Reasons[0].Rule, path)
	}
	orders := fileByPath(t, r, "orders/2026-10-orders.csv")
	assert.Equal(t, "gb18030", orders.Encoding)
	// 2,000 orders drawn from 1,200 customers reach 979 distinct ones (counted independently with
	// python over the normalised mobiles), a fifth of them written +86 138-xxxx-xxxx.
	assert.Equal(t, int64(979), orders.Individuals)
	kyc := fileByPath(t, r, "kyc/members-kyc.csv.gz")
	assert.Equal(t, int64(12000), kyc.SensitiveIndividuals)
	assert.Equal(t, "assessment", r.Summary.Verdict.Label)
	require.Len(t, r.Summary.Verdict.Reasons, 1)
	require.Len(t, r.Skipped, 1)
	assert.Equal(t, report.Skipped{Path: "README.pdf", Reason: `excluded by --exclude "*.pdf"`, Status: "excluded"}, r.Skipped[0])
	assert.Equal(t, int64(4), r.Summary.Files)
	assert.Equal(t, int64(1), r.Summary.Excluded)
	assert.Zero(t, r.Summary.NotExamined)
}

func TestFailOnLevels(t *testing.T) {
	dir := sampleDir(t)
	ta := testApp{now: day}
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"scan", "--fail-on", "never", "--exclude", "*.pdf", dir}, exitOK},
		{[]string{"scan", "--fail-on", "assessment", "--exclude", "*.pdf", dir}, exitFlagged},
		{[]string{"scan", "--fail-on", "never", dir}, exitError}, // README.pdf not examined
		{[]string{"scan", "--fail-on", "assessment", filepath.Join(dir, "finance")}, exitOK},
		{[]string{"scan", filepath.Join(dir, "finance")}, exitFlagged},
		{[]string{"scan", filepath.Join(dir, "catalogue")}, exitOK},
	}
	for _, tc := range tests {
		code, _, errOut := ta.run(t, tc.args...)
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, errOut)
	}
}

func TestUnreadableFileIsErrorAndRunGoesOn(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.parquet"), []byte("PAR1 this is not parquet at all"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "fine.csv"), []byte("sku,qty\nA-1,3\n"), 0o644))
	out := filepath.Join(t.TempDir(), "r.json")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "-f", "json", "-o", out, dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "broken.parquet")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	r := decodeReport(t, data)
	assert.Equal(t, "error", fileByPath(t, r, "broken.parquet").Verdict.Label)
	assert.NotEmpty(t, fileByPath(t, r, "broken.parquet").Error)
	assert.Equal(t, "free", fileByPath(t, r, "fine.csv").Verdict.Label)
	assert.Equal(t, "error", r.Summary.Verdict.Label, "a batch with unread files is never free")
}

func TestOutputNeverInsideOrOverAnInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.csv")
	require.NoError(t, os.WriteFile(in, []byte("x\n1\n"), 0o644))
	code, _, errOut := testApp{}.run(t, "scan", "-o", in, in)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "refusing to overwrite")
	code, _, errOut = testApp{}.run(t, "scan", "-o", filepath.Join(dir, "report.txt"), dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "inside the scanned folder")
	data, _ := os.ReadFile(in)
	assert.Equal(t, "x\n1\n", string(data))
}

func TestEveryFormatAndEvidenceBundle(t *testing.T) {
	dir := sampleDir(t)
	outDir := t.TempDir()
	for _, f := range report.Formats() {
		out := filepath.Join(outDir, "report."+f)
		code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--exclude", "*.pdf", "-f", f, "-o", out, dir)
		require.Equal(t, exitOK, code, "%s: %s", f, errOut)
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.NotEmpty(t, data, f)
		if f == "json" {
			decodeReport(t, data)
		}
	}
	bundle := filepath.Join(outDir, "evidence")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--exclude", "*.pdf", "--evidence", bundle, dir)
	require.Equal(t, exitOK, code, errOut)
	for _, name := range []string{"report.json", "report.html", "report.csv", "MANIFEST.sha256"} {
		assert.FileExists(t, filepath.Join(bundle, name))
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "--quiet", "MANIFEST.sha256")
		cmd.Dir = bundle
		out, err := cmd.CombinedOutput()
		assert.NoError(t, err, string(out))
	}
	// A second run must not overwrite or merge into an existing bundle.
	code, _, errOut = testApp{now: day}.run(t, "scan", "-q", "--evidence", bundle, dir)
	assert.Equal(t, exitError, code)
	assert.NotEmpty(t, errOut)
}

// TestNoPIValueInAnyOutput scans files holding known PI values and checks that none of them
// appears in any output format, the evidence bundle or stderr.
func TestNoPIValueInAnyOutput(t *testing.T) {
	dir := t.TempDir()
	values := []string{"11010519491231002X", "13812345678", "6222021234567890128", "zhang.san@example.com", "北京市朝阳区建国路88号3栋1201室"}
	var b strings.Builder
	b.WriteString("身份证号,手机号,银行卡号,邮箱,收货地址,姓名\n")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,张三丰\n", values[0], values[1], values[2], values[3], values[4])
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pi.csv"), []byte(b.String()), 0o644))
	values = append(values, "张三丰", "zhang.san")
	outDir := t.TempDir()
	var stderrs strings.Builder
	for _, f := range report.Formats() {
		out := filepath.Join(outDir, "r."+f)
		_, _, errOut := testApp{now: day}.run(t, "scan", "-f", f, "-o", out, "--evidence", filepath.Join(outDir, "ev-"+f), dir)
		stderrs.WriteString(errOut)
	}
	_, stdout, errOut := testApp{now: day}.run(t, "scan", dir)
	stderrs.WriteString(errOut)
	var all strings.Builder
	all.WriteString(stdout)
	all.WriteString(stderrs.String())
	require.NoError(t, filepath.Walk(outDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		all.Write(data)
		return err
	}))
	for _, v := range values {
		assert.NotContains(t, all.String(), v, "a full PI value leaked")
	}
	assert.Contains(t, all.String(), "cn_resident_id", "the findings themselves are reported")
}

func TestBadPolicyIsAnErrorWithLine(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\nhandlr:\n  ciio: true\n"), 0o644))
	code, _, errOut := testApp{}.run(t, "scan", "--policy", pol, sampleDir(t))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, ":2")
	assert.Contains(t, errOut, "handlr")
}

func TestPolicyChangesLabels(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\nhandler:\n  ciio: true\n"), 0o644))
	code, out, errOut := testApp{now: day}.run(t, "scan", "-f", "json", "--policy", pol, filepath.Join(sampleDir(t), "orders"))
	require.Equal(t, exitFlagged, code, errOut)
	r := decodeReport(t, []byte(out))
	f := fileByPath(t, r, "2026-10-orders.csv")
	assert.Equal(t, "assessment", f.Verdict.Label)
	assert.Equal(t, "art7.1", f.Verdict.Reasons[0].Rule)
	assert.True(t, r.Policy.CIIO)
	assert.Equal(t, pol, r.Policy.Source)
}

// writeMobiles writes a CSV of persons [from, to) identified by mobile number.
func writeMobiles(t *testing.T, path string, from, to int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("客户,手机号\n")
	for p := from; p < to; p++ {
		fmt.Fprintf(&b, "客户%d,139%08d\n", p, 10000000+p)
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// TestLedgerAcrossRuns: two runs on different days whose files are each under 100,000 persons
// but whose union crosses it; a file recorded twice counts once; the year rolls over.
func TestLedgerAcrossRuns(t *testing.T) {
	work := t.TempDir()
	db := filepath.Join(t.TempDir(), "audit.db")
	march := filepath.Join(work, "march", "customers.csv")
	nov := filepath.Join(work, "nov", "customers.csv")
	writeMobiles(t, march, 0, 60000)    // 60,000 persons
	writeMobiles(t, nov, 50000, 110000) // 60,000 persons, 10,000 of them already sent in March

	run := func(when time.Time, args ...string) report.Report {
		t.Helper()
		code, out, errOut := testApp{now: when}.run(t, append([]string{"scan", "-q", "-f", "json", "--fail-on", "never", "--ledger", db}, args...)...)
		require.Equal(t, exitOK, code, errOut)
		return decodeReport(t, []byte(out))
	}
	r1 := run(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), "--record", filepath.Dir(march))
	assert.Equal(t, "free", r1.Files[0].Verdict.Label)
	assert.Equal(t, int64(0), r1.Ledger.PriorIndividuals)
	info, err := os.Stat(db + ".key")
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	r2 := run(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), filepath.Dir(nov))
	f := r2.Files[0]
	assert.Equal(t, int64(60000), f.Individuals)
	assert.Equal(t, "contract", f.Verdict.Label, "60,000 + 50,000 new = 110,000 this year")
	assert.Equal(t, "art8", f.Verdict.Reasons[0].Rule)
	assert.Contains(t, f.Verdict.Reasons[0].Detail, "110,000")
	assert.Equal(t, int64(60000), r2.Ledger.PriorIndividuals)

	// Recording the March folder again (same sha256) does not count its persons twice.
	run(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), "--record", filepath.Dir(march))
	code, out, errOut := testApp{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}.run(t, "ledger", "show", "--ledger", db)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "60000")

	code, out, _ = testApp{}.run(t, "ledger", "history", "--ledger", db)
	require.Equal(t, exitOK, code)
	assert.Equal(t, 3, strings.Count(out, "\n"), "header + two recorded runs:\n%s", out)

	// 1 January 2027 in Shanghai is still 31 December 2026 in UTC: the year has rolled over.
	r3 := run(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), filepath.Dir(nov))
	assert.Equal(t, 2027, r3.Ledger.Year)
	assert.Equal(t, int64(0), r3.Ledger.PriorIndividuals)
	assert.Equal(t, "free", r3.Files[0].Verdict.Label)

	code, out, _ = testApp{}.run(t, "ledger", "export", "--ledger", db, "--format", "json")
	require.Equal(t, exitOK, code)
	assert.True(t, json.Valid([]byte(out)))
	assert.NotContains(t, out, "13910000001")
}

// TestIncrementalRunReusesUnchangedFiles: a recorded, unchanged file is not read again, and is
// still listed in the report.
func TestIncrementalRunReusesUnchangedFiles(t *testing.T) {
	work := t.TempDir()
	db := filepath.Join(t.TempDir(), "audit.db")
	writeMobiles(t, filepath.Join(work, "a.csv"), 0, 500)
	when := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	code, _, errOut := testApp{now: when}.run(t, "scan", "-q", "--ledger", db, "--record", work)
	require.Equal(t, exitOK, code, errOut)
	code, out, errOut := testApp{now: when.Add(24 * time.Hour)}.run(t, "scan", "-q", "-f", "json", "--ledger", db, work)
	require.Equal(t, exitOK, code, errOut)
	r := decodeReport(t, []byte(out))
	require.Len(t, r.Files, 1)
	assert.Equal(t, "free", r.Files[0].Verdict.Label)
	assert.Contains(t, strings.Join(r.Files[0].Notes, " "), "reused")
	assert.NotEmpty(t, r.Files[0].Tables)
}

// TestCorruptLedgerIsAnErrorAndUntouched: a ledger xborder cannot trust stops the run with exit
// code 2 and is never overwritten.
func TestCorruptLedgerIsAnErrorAndUntouched(t *testing.T) {
	db := filepath.Join(t.TempDir(), "audit.db")
	junk := []byte("this is not an xborder ledger\n")
	require.NoError(t, os.WriteFile(db, junk, 0o600))
	code, _, errOut := testApp{now: day}.run(t, "scan", "--ledger", db, "--record", filepath.Join(sampleDir(t), "catalogue"))
	assert.Equal(t, exitError, code)
	assert.Contains(t, errOut, "ledger")
	data, err := os.ReadFile(db)
	require.NoError(t, err)
	assert.Equal(t, junk, data)
}
