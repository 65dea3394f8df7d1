package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// coverageFolder is an audited CSV next to everything xborder does not read: a PDF, a .dat, a
// dangling symbolic link and a FIFO.
func coverageFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "exports")
	writeFile(t, filepath.Join(dir, "orders.csv"), goodCSV())
	writeFile(t, filepath.Join(dir, "manual.pdf"), []byte("%PDF-1.4\n"))
	writeFile(t, filepath.Join(dir, "dump.dat"), []byte("\x00\x01binary"))
	require.NoError(t, os.Symlink("gone.csv", filepath.Join(dir, "dangling.csv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644))
	return dir
}

func skippedByPath(r report.Report) map[string]report.Skipped {
	out := map[string]report.Skipped{}
	for _, s := range r.Skipped {
		out[s.Path] = s
	}
	return out
}

// TestCoverageRuleEndToEnd: what is not examined keeps the batch from being free (error, exit 2)
// and is listed with its reason in every format; --exclude lists the PDF as excluded instead,
// with the flag that did.
func TestCoverageRuleEndToEnd(t *testing.T) {
	dir := coverageFolder(t)
	ta := testApp{now: day}
	code, out, errOut := ta.run(t, "scan", "-f", "json", dir)
	require.Equal(t, exitError, code, errOut)
	r := decodeReport(t, []byte(out))
	assert.Equal(t, "free", fileByPath(t, r, "orders.csv").Verdict.Label)
	assert.Equal(t, "error", r.Summary.Verdict.Label, "a batch with paths not examined is never free")
	assert.Equal(t, "error", r.Summary.Verdict.Reasons[0].Rule)
	assert.Contains(t, r.Summary.Verdict.Reasons[0].Detail, "4 paths found were not examined")
	assert.Contains(t, r.Summary.Verdict.Reasons[0].Detail, "what was read alone would be free")
	want := map[string]string{
		"manual.pdf":   "unsupported format",
		"dump.dat":     "unsupported format",
		"dangling.csv": "symbolic link not followed",
		"pipe.csv":     "not a regular file (named pipe): never opened",
	}
	skipped := skippedByPath(r)
	for p, reason := range want {
		require.Contains(t, skipped, p)
		assert.Equal(t, report.SkippedNotExamined, skipped[p].Status, p)
		assert.Contains(t, skipped[p].Reason, reason, p)
		assert.Contains(t, errOut, p, "stderr names what was not examined")
	}
	assert.Equal(t, int64(4), r.Summary.NotExamined)
	assert.Equal(t, int64(4), r.Summary.Skipped)

	// Every format lists them, with the reason.
	for _, f := range report.Formats() {
		code, text, _ := ta.run(t, "scan", "-q", "-f", f, dir)
		assert.Equal(t, exitError, code, f)
		for p, reason := range want {
			assert.Contains(t, text, p, f)
			assert.Contains(t, text, reason, f)
		}
		if f == "table" || f == "markdown" || f == "html" {
			assert.Contains(t, text, "Not examined", f)
		}
	}

	// With --follow-symlinks the dangling link is still listed, as unresolvable.
	_, out, _ = ta.run(t, "scan", "-f", "json", "--follow-symlinks", dir)
	assert.Contains(t, skippedByPath(decodeReport(t, []byte(out)))["dangling.csv"].Reason, "cannot be resolved")

	// Excluding everything that is not data makes the batch free again, exit 0.
	code, out, errOut = ta.run(t, "scan", "-f", "json", "--exclude", "*.pdf", "--exclude", "*.dat",
		"--exclude", "dangling.csv", "--exclude", "pipe.csv", dir)
	require.Equal(t, exitOK, code, errOut)
	r = decodeReport(t, []byte(out))
	assert.Equal(t, "free", r.Summary.Verdict.Label)
	assert.Equal(t, report.Skipped{Path: "manual.pdf", Reason: `excluded by --exclude "*.pdf"`, Status: report.SkippedExcluded},
		skippedByPath(r)["manual.pdf"])
	assert.Equal(t, int64(4), r.Summary.Excluded)
	assert.Zero(t, r.Summary.NotExamined)

	// Only the PDF excluded: it is listed as excluded, the rest still fail the batch.
	code, text, _ := ta.run(t, "scan", "--exclude", "*.pdf", dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, text, "Excluded (1):\n  manual.pdf: excluded by --exclude \"*.pdf\"")
	assert.Contains(t, text, "Not examined (3):")
}

// TestPolicyIgnorePathsAreExcludedWithTheirRule: the policy's ignore.paths exclude like
// --exclude, and the report names the policy entry.
func TestPolicyIgnorePathsAreExcludedWithTheirRule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	writeFile(t, filepath.Join(dir, "orders.csv"), goodCSV())
	writeFile(t, filepath.Join(dir, "docs", "manual.pdf"), []byte("%PDF-1.4\n"))
	pol := filepath.Join(t.TempDir(), "policy.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\nignore:\n  paths: [\"docs/**\"]\n"), 0o644))
	code, out, errOut := testApp{now: day}.run(t, "scan", "-f", "json", "--policy", pol, dir)
	require.Equal(t, exitOK, code, errOut)
	r := decodeReport(t, []byte(out))
	s := skippedByPath(r)["docs"] // the folder matches docs/** itself: not walked at all
	assert.Equal(t, report.SkippedExcluded, s.Status)
	assert.Equal(t, `excluded by ignore.paths "docs/**" in `+pol, s.Reason)
}

// TestNothingToAuditIsAnError: an empty folder (an unmounted share looks the same) is exit 2,
// never free; so is a run whose every file was excluded. An empty folder next to one with files
// is a review note.
func TestNothingToAuditIsAnError(t *testing.T) {
	empty := t.TempDir()
	ta := testApp{now: day}
	code, out, errOut := ta.run(t, "scan", "-f", "json", empty)
	require.Equal(t, exitError, code)
	assert.Contains(t, errOut, "nothing to audit")
	r := decodeReport(t, []byte(out))
	assert.Equal(t, "error", r.Summary.Verdict.Label)
	require.Len(t, r.Summary.Verdict.Reasons, 1)
	assert.Contains(t, r.Summary.Verdict.Reasons[0].Detail, "Nothing to audit")

	code, text, _ := ta.run(t, "scan", empty)
	assert.Equal(t, exitError, code)
	assert.Contains(t, text, "Batch verdict: ERROR")
	assert.Contains(t, text, "Nothing to audit")

	full := t.TempDir()
	writeFile(t, filepath.Join(full, "orders.csv"), goodCSV())
	code, out, _ = ta.run(t, "scan", "-f", "json", "--exclude", "*.csv", full)
	assert.Equal(t, exitError, code)
	assert.Contains(t, decodeReport(t, []byte(out)).Summary.Verdict.Reasons[0].Detail, "every file found (1 path) was excluded")

	code, out, errOut = ta.run(t, "scan", "-f", "json", full, empty)
	require.Equal(t, exitOK, code, errOut)
	r = decodeReport(t, []byte(out))
	assert.Equal(t, "free", r.Summary.Verdict.Label)
	assert.Contains(t, strings.Join(r.Summary.Verdict.Review, "\n"), "nothing was found under "+empty)
}

// TestZeroByteFileIsFree: 0 bytes hold nothing to transfer, whatever the name: free under Art. 3.
func TestZeroByteFileIsFree(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "empty.csv"), nil)
	writeFile(t, filepath.Join(dir, "_SUCCESS"), nil)
	code, out, errOut := testApp{now: day}.run(t, "scan", "-f", "json", dir)
	require.Equal(t, exitOK, code, errOut)
	r := decodeReport(t, []byte(out))
	for _, p := range []string{"empty.csv", "_SUCCESS"} {
		f := fileByPath(t, r, p)
		assert.Equal(t, "free", f.Verdict.Label, p)
		assert.Equal(t, "art3", f.Verdict.Reasons[0].Rule, p)
		assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", f.SHA256)
	}
	assert.Equal(t, "free", r.Summary.Verdict.Label)
}

// TestUnreadFormatsAreErrorsWithWhatToDo: the workbook LibreOffice wrote as .xls, and a .7z, are
// errors that say how to convert them, never silently skipped; the same data saved as .ods is read.
func TestUnreadFormatsAreErrorsWithWhatToDo(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"orders.xls", "orders.ods"} {
		copyFile(t, filepath.Join("../../testdata/archives", f), filepath.Join(dir, f), 0o644)
	}
	writeFile(t, filepath.Join(dir, "old.7z"), []byte("7z\xbc\xaf\x27\x1c"))
	code, out, _ := testApp{now: day}.run(t, "scan", "-f", "json", dir)
	require.Equal(t, exitError, code)
	r := decodeReport(t, []byte(out))
	assert.Contains(t, fileByPath(t, r, "orders.xls").Error, "save it as .xlsx")
	ods := fileByPath(t, r, "orders.ods")
	assert.Equal(t, "free", ods.Verdict.Label, ods.Error)
	assert.Equal(t, int64(120), ods.Individuals)
	assert.Contains(t, fileByPath(t, r, "old.7z").Error, "repack it as .zip or .tar.gz")
	assert.Empty(t, r.Skipped)
}

// TestArchivesThroughTheCLI: members are files of the report with their own label and digest;
// the evidence manifest lists the archive file itself, so sha256sum -c verifies it.
func TestArchivesThroughTheCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for _, f := range []string{"exports.zip", "exports.tar.gz"} {
		copyFile(t, filepath.Join("../../testdata/archives", f), filepath.Join(dir, f), 0o644)
	}
	bundle := filepath.Join(t.TempDir(), "evidence")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "--exclude", "**/*.pdf", "--fail-on", "never", "--evidence", bundle, dir)
	require.Equal(t, exitOK, code, errOut)
	data, err := os.ReadFile(filepath.Join(bundle, "report.json"))
	require.NoError(t, err)
	r := decodeReport(t, data)
	orders := fileByPath(t, r, "exports.zip!/2026-11/orders.csv")
	assert.Equal(t, "free", orders.Verdict.Label)
	assert.Equal(t, int64(120), orders.Individuals)
	assert.Equal(t, "exports.zip", orders.Container)
	assert.Equal(t, "exports.zip!/docs/readme.pdf", skippedByPath(r)["exports.zip!/docs/readme.pdf"].Path)
	assert.Equal(t, report.SkippedExcluded, skippedByPath(r)["exports.zip!/docs/readme.pdf"].Status)
	require.Len(t, r.Archives, 2)
	manifest, err := os.ReadFile(filepath.Join(bundle, report.InputsName))
	require.NoError(t, err)
	assert.Contains(t, string(manifest), filepath.Join(dir, "exports.zip")+"\n")
	assert.NotContains(t, string(manifest), "!/", "a member is no file sha256sum can check")
}
