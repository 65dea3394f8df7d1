package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xborder/xborder/report/reporttest"
)

// scannedFixture creates input files, including names with a newline and a backslash, and
// returns them as the scanner would.
func scannedFixture(t *testing.T) []ScannedFile {
	t.Helper()
	dir := t.TempDir()
	var out []ScannedFile
	for _, name := range []string{"orders.csv", "员工 名单.xlsx", "new\nline.csv", `back\slash.csv`} {
		p := filepath.Join(dir, name)
		content := []byte("id,phone\n1,138****5678\n" + name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(content)
		out = append(out, ScannedFile{AbsPath: p, SHA256: hex.EncodeToString(sum[:])})
	}
	return out
}

func TestEvidenceBundleIsWholeAndVerifies(t *testing.T) {
	scanned := scannedFixture(t)
	dir := filepath.Join(t.TempDir(), "evidence")
	policy := []byte("handler:\n  ciio: false\n")
	ledger := &LedgerExtract{Path: "audit.db", Year: 2026, PriorIndividuals: 12000, PriorSensitiveIndividuals: 30}
	if err := WriteEvidenceWith(dir, goldenReport(), scanned, Evidence{Policy: policy, Ledger: ledger}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "MANIFEST.sha256 inputs.sha256 inputs.tsv ledger.json policy.yaml report.csv report.html report.json" {
		t.Errorf("bundle holds %s", got)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	reporttest.ValidateJSON(t, data)
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".evidence.tmp-*")); len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, PolicyName)); !bytes.Equal(got, policy) {
		t.Errorf("policy.yaml = %q, want the policy file as read", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, LedgerName)); !strings.Contains(string(got), `"prior_individuals": 12000`) {
		t.Errorf("ledger.json = %s", got)
	}
	table, _ := os.ReadFile(filepath.Join(dir, InputsTableName))
	if !strings.Contains(string(table), sha256Hex("id,phone\n1,138****5678\n员工 名单.xlsx")+"\t员工 名单.xlsx\t/") {
		t.Errorf("inputs.tsv lacks the relative path next to the absolute one:\n%s", table)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(manifest), "\n"); lines != len(names)-1 {
		t.Errorf("manifest has %d lines, want %d (every other file of the bundle)", lines, len(names)-1)
	}
	sha256sumCheck(t, dir, ManifestName, true)
	sha256sumCheck(t, dir, InputsName, true)

	// Copied elsewhere, with the inputs gone, the bundle still verifies itself.
	copied := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-r", dir, copied).CombinedOutput(); err != nil {
		t.Fatalf("cp -r: %v\n%s", err, out)
	}
	for _, s := range scanned {
		if err := os.Remove(s.AbsPath); err != nil {
			t.Fatal(err)
		}
	}
	sha256sumCheck(t, copied, ManifestName, true)
	// Changing an input must make the inputs check fail: the list really covers the inputs.
	if err := os.WriteFile(scanned[2].AbsPath, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	sha256sumCheck(t, copied, InputsName, false)
	// And a tampered bundle file fails the manifest.
	if err := os.WriteFile(filepath.Join(copied, PolicyName), []byte("handler: {ciio: true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sha256sumCheck(t, copied, ManifestName, false)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// sha256sumCheck runs the real `sha256sum -c --strict list` in dir and wants it to pass or fail.
func sha256sumCheck(t *testing.T, dir, list string, pass bool) {
	t.Helper()
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum not installed")
	}
	cmd := exec.Command("sha256sum", "-c", "--strict", "--quiet", list)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if pass && err != nil {
		t.Errorf("sha256sum -c %s in %s failed: %v\n%s", list, dir, err, out)
	}
	if !pass && err == nil {
		t.Errorf("sha256sum -c %s in %s passed, want a failure", list, dir)
	}
}

func TestEvidenceDefaultPolicyAndRelativePaths(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "evidence")
	if err := WriteEvidence(dir, goldenReport(), nil); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, PolicyName))
	if string(got) != PolicyInit() || sha256Hex(string(got)) != DefaultPolicy().SHA256 {
		t.Errorf("a bundle without a policy file does not hold the default policy")
	}
	if _, err := os.Stat(filepath.Join(dir, LedgerName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a bundle without a ledger holds %s", LedgerName)
	}
	root := t.TempDir()
	for _, tc := range []struct{ abs, want string }{
		{filepath.Join(root, "a", "b.csv"), filepath.Join("a", "b.csv")},
		{"/elsewhere/c.csv", "c.csv"},
	} {
		if got := relativeToRoots([]string{root}, tc.abs); got != tc.want {
			t.Errorf("relativeToRoots(%s) = %s, want %s", tc.abs, got, tc.want)
		}
	}
}

func TestEvidenceRefusesAnExistingDirectory(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(dir string) error
	}{
		{"empty directory", func(dir string) error { return os.Mkdir(dir, 0o755) }},
		{"directory with a file", func(dir string) error {
			if err := os.Mkdir(dir, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("keep"), 0o644)
		}},
		{"regular file", func(dir string) error { return os.WriteFile(dir, []byte("keep"), 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "evidence")
			if err := tc.setup(dir); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)
			err := WriteEvidence(dir, goldenReport(), nil)
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("WriteEvidence over an existing %s: err = %v, want fs.ErrExist", tc.name, err)
			}
			if after := snapshot(t, dir); after != before {
				t.Errorf("existing %s was changed: %q -> %q", tc.name, before, after)
			}
			assertNoTemp(t, filepath.Dir(dir))
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write(w io.Writer, r *Report) error {
	io.WriteString(w, "partial")
	return errors.New("disk full")
}

func TestEvidenceFailureLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   []bundleFile
		scanned []ScannedFile
	}{
		{"writer fails midway", []bundleFile{{"report.json", JSON{}}, {"report.html", failingWriter{}}}, nil},
		{"relative scanned path", evidenceFiles, []ScannedFile{{AbsPath: "rel.csv", SHA256: sha('a')}}},
		{"bad digest", evidenceFiles, []ScannedFile{{AbsPath: "/abs.csv", SHA256: "xyz"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "evidence")
			if err := writeEvidence(dir, goldenReport(), tc.scanned, Evidence{}, tc.files); err == nil {
				t.Fatal("no error")
			}
			if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a bundle exists after a failure: %v", err)
			}
			assertNoTemp(t, parent)
		})
	}
}

func TestManifestLineEscapesLikeSha256sum(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"report.json", "ab  report.json\n"},
		{"/data/a b.csv", "ab  /data/a b.csv\n"},
		{"/data/new\nline.csv", `\ab  /data/new\nline.csv` + "\n"},
		{`/data/back\slash.csv`, `\ab  /data/back\\slash.csv` + "\n"},
	} {
		var b bytes.Buffer
		manifestLine(&b, "ab", tc.name)
		if b.String() != tc.want {
			t.Errorf("manifestLine(%q) = %q, want %q", tc.name, b.String(), tc.want)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("boom")
	})
	if err == nil {
		t.Fatal("no error from a failing write")
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("a failed write changed the file to %q", got)
	}
	assertNoTemp(t, dir)

	if err := WriteFileAtomic(path, func(w io.Writer) error { return JSON{}.Write(w, goldenReport()) }); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	reporttest.ValidateJSON(t, got)
	assertNoTemp(t, dir)
}

func snapshot(t *testing.T, path string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		b.WriteString(p)
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString("=" + string(data))
		}
		b.WriteString(";")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary %s left behind in %s", e.Name(), dir)
		}
	}
}
