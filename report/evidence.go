package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ScannedFile is one input file of the run as the evidence bundle lists it: by absolute path
// with the digest computed while it was scanned, and by its path relative to the root it was
// found under (RelPath; derived from the report's roots when empty).
type ScannedFile struct {
	AbsPath string
	SHA256  string
	RelPath string
}

// Evidence is what a bundle holds besides the reports, so that it stands on its own on another
// machine: the policy that decided and the ledger's totals for the year.
type Evidence struct {
	// Policy is the policy file as it was read; nil for the built-in defaults (the bundle then
	// holds the commented default policy, PolicyInit, whose digest the report names).
	Policy []byte
	// Ledger is the extract of the ledger the run counted against; nil without a ledger.
	Ledger *LedgerExtract
}

// LedgerExtract is the ledger's state for the run's year, as ledger.json of a bundle: the totals
// already transferred before the run and, when the run was recorded, after it. It holds numbers
// only, never a person.
type LedgerExtract struct {
	Path                      string `json:"path"`
	Year                      int    `json:"year"`
	PriorIndividuals          int64  `json:"prior_individuals"`
	PriorSensitiveIndividuals int64  `json:"prior_sensitive_individuals"`
	// Recorded says the run was added to the ledger; the totals after it follow.
	Recorded             bool  `json:"recorded"`
	Individuals          int64 `json:"individuals,omitempty"`
	SensitiveIndividuals int64 `json:"sensitive_individuals,omitempty"`
}

// evidenceFiles are the rendered reports of a bundle, in manifest order.
var evidenceFiles = []bundleFile{
	{"report.json", JSON{}},
	{"report.html", HTML{}},
	{"report.csv", CSV{}},
}

// Names of the files of a bundle besides the reports.
const (
	// ManifestName lists every file of the bundle by its name (sha256sum format), so
	// `sha256sum -c MANIFEST.sha256` inside a copy of the bundle, anywhere, verifies it.
	ManifestName = "MANIFEST.sha256"
	// InputsName lists the scanned files by absolute path (sha256sum format): run
	// `sha256sum -c inputs.sha256` where the inputs are to check they are unchanged.
	InputsName = "inputs.sha256"
	// InputsTableName lists each scanned file's digest, relative and absolute path (TSV).
	InputsTableName = "inputs.tsv"
	// PolicyName is the policy that decided; LedgerName the ledger extract.
	PolicyName = "policy.yaml"
	LedgerName = "ledger.json"
)

// WriteEvidence writes an evidence bundle with the built-in policy and no ledger extract; see
// WriteEvidenceWith.
func WriteEvidence(dir string, r *Report, scanned []ScannedFile) error {
	return writeEvidence(dir, r, scanned, Evidence{}, evidenceFiles)
}

// WriteEvidenceWith writes the evidence bundle of docs/cli.md ("Evidence bundle") to dir: report.json,
// report.html, report.csv, the policy, the ledger extract, the inputs by absolute path
// (inputs.sha256) and by relative and absolute path (inputs.tsv), and MANIFEST.sha256 over all
// of them. The bundle is built in a temporary folder beside dir and renamed into place, so it
// exists whole or not at all; an existing dir is an error and is left untouched.
func WriteEvidenceWith(dir string, r *Report, scanned []ScannedFile, ev Evidence) error {
	return writeEvidence(dir, r, scanned, ev, evidenceFiles)
}

// bundleFile is one rendered report inside a bundle; tests swap in a failing writer.
type bundleFile struct {
	name   string
	writer Writer
}

func writeEvidence(dir string, r *Report, scanned []ScannedFile, ev Evidence, files []bundleFile) (err error) {
	dir = filepath.Clean(dir)
	if _, statErr := os.Lstat(dir); statErr == nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, fs.ErrExist)
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("evidence bundle %s: %w", dir, statErr)
	}
	inputs, table, err := inputLists(r.Roots, scanned)
	if err != nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()

	files = append(append([]bundleFile{}, files...), bundleContents(r, ev, inputs, table)...)
	var manifest bytes.Buffer
	for _, f := range files {
		sum, werr := writeHashed(filepath.Join(tmp, f.name), func(w io.Writer) error { return f.writer.Write(w, r) })
		if werr != nil {
			return fmt.Errorf("evidence bundle %s: %s: %w", dir, f.name, werr)
		}
		manifestLine(&manifest, sum, f.name)
	}
	if _, werr := writeHashed(filepath.Join(tmp, ManifestName), func(w io.Writer) error {
		_, err := w.Write(manifest.Bytes())
		return err
	}); werr != nil {
		return fmt.Errorf("evidence bundle %s: %s: %w", dir, ManifestName, werr)
	}
	return placeBundle(tmp, dir)
}

// placeBundle renames the finished temporary folder to dir.
func placeBundle(tmp, dir string) error {
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, err)
	}
	// os.Rename replaces an empty directory on Linux, so check again right before renaming; a
	// directory appearing in between is still not merged into, because rename refuses a
	// non-empty target.
	if _, statErr := os.Lstat(dir); statErr == nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, fs.ErrExist)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, err)
	}
	syncDir(filepath.Dir(dir))
	return nil
}

// bytesFile is a bundle file with fixed contents.
type bytesFile []byte

// Write implements Writer.
func (b bytesFile) Write(w io.Writer, _ *Report) error {
	_, err := w.Write(b)
	return err
}

// bundleContents are the bundle's files besides the reports: the policy, the ledger extract
// and the two input lists.
func bundleContents(r *Report, ev Evidence, inputs, table []byte) []bundleFile {
	policy := ev.Policy
	if policy == nil {
		// The defaults are PolicyInit's text: its digest is the report's policy.sha256.
		policy = []byte(PolicyInit())
	}
	out := []bundleFile{{PolicyName, bytesFile(policy)}}
	if ev.Ledger != nil {
		if data, err := json.MarshalIndent(ev.Ledger, "", "  "); err == nil {
			out = append(out, bundleFile{LedgerName, bytesFile(append(data, '\n'))})
		}
	}
	return append(out, bundleFile{InputsName, bytesFile(inputs)}, bundleFile{InputsTableName, bytesFile(table)})
}

// inputLists renders the scanned files as inputs.sha256 (absolute paths) and inputs.tsv
// (digest, path relative to its root, absolute path).
func inputLists(roots []string, scanned []ScannedFile) (sums, table []byte, err error) {
	var a, t bytes.Buffer
	t.WriteString("sha256\trelative_path\tabsolute_path\n")
	for _, s := range scanned {
		if !filepath.IsAbs(s.AbsPath) {
			return nil, nil, fmt.Errorf("scanned file %q is not an absolute path", s.AbsPath)
		}
		if _, derr := hex.DecodeString(s.SHA256); derr != nil || len(s.SHA256) != 2*sha256.Size {
			return nil, nil, fmt.Errorf("scanned file %q: bad sha256 %q", s.AbsPath, s.SHA256)
		}
		sum := strings.ToLower(s.SHA256)
		manifestLine(&a, sum, s.AbsPath)
		rel := s.RelPath
		if rel == "" {
			rel = relativeToRoots(roots, s.AbsPath)
		}
		t.WriteString(sum + "\t" + tsvCell(rel) + "\t" + tsvCell(s.AbsPath) + "\n")
	}
	return a.Bytes(), t.Bytes(), nil
}

// relativeToRoots is abs relative to the first root (made absolute) that holds it, or abs's base
// name when none does.
func relativeToRoots(roots []string, abs string) string {
	for _, root := range roots {
		ra, err := filepath.Abs(root)
		if err != nil {
			continue
		}
		if ra == abs {
			return filepath.Base(abs)
		}
		if rel, err := filepath.Rel(ra, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return filepath.Base(abs)
}

// tsvCell escapes a path for one TSV cell the way the manifest does (\t, \n, \\).
func tsvCell(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(s)
}

// manifestLine appends one line in GNU sha256sum format. Names holding a newline or backslash
// are written the way sha256sum writes them, with a leading backslash and \n, \\ (and \r)
// escapes, so `sha256sum -c` reads them back.
func manifestLine(b *bytes.Buffer, sum, name string) {
	if strings.ContainsAny(name, "\\\n\r") {
		b.WriteByte('\\')
		name = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`).Replace(name)
	}
	b.WriteString(sum)
	b.WriteString("  ")
	b.WriteString(name)
	b.WriteByte('\n')
}

// writeHashed writes a new file with write, syncs it and returns the sha256 of what was written.
func writeHashed(path string, write func(io.Writer) error) (string, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if err := write(io.MultiWriter(f, h)); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// WriteFileAtomic writes path through write into a temporary file in the same folder, syncs it
// and renames it over path, so a reader (or a crash) never sees a half-written report. On error
// the temporary file is removed and path is untouched. Only regular files are replaced that way:
// a device, pipe or socket (-o /dev/null) is written in place, and a symbolic link is followed.
func WriteFileAtomic(path string, write func(io.Writer) error) (err error) {
	// Through a symbolic link, replace the file it points at, not the link.
	if resolved, rerr := filepath.EvalSymlinks(path); rerr == nil {
		path = resolved
	}
	if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return fmt.Errorf("write %s: it is a folder", path)
		}
		// A device, pipe or socket (-o /dev/null, /dev/stdout, a FIFO another program reads):
		// write into it. Renaming a temporary file over it would replace the device node itself.
		return writeSpecial(path, write)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// writeSpecial writes to an existing device, pipe or socket in place.
func writeSpecial(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename durable; failing to sync a directory (unsupported on some systems) does
// not undo the rename, so the error is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
