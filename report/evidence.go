package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ScannedFile is one input file of the run as the evidence manifest lists it: by absolute path
// with the digest computed while it was scanned.
type ScannedFile struct {
	AbsPath string
	SHA256  string
}

// evidenceFiles are the rendered reports of a bundle, in manifest order.
var evidenceFiles = []bundleFile{
	{"report.json", JSON{}},
	{"report.html", HTML{}},
	{"report.csv", CSV{}},
}

// ManifestName is the checksum file of an evidence bundle (sha256sum format).
const ManifestName = "MANIFEST.sha256"

// WriteEvidence writes the evidence bundle of spec section 4 to dir: report.json, report.html,
// report.csv and MANIFEST.sha256, which lists the bundle files by name and every scanned file by
// absolute path so `sha256sum -c` inside the bundle verifies all of them. The bundle is built in
// a temporary folder beside dir and renamed into place, so it exists whole or not at all; an
// existing dir is an error and is left untouched.
func WriteEvidence(dir string, r *Report, scanned []ScannedFile) error {
	return writeEvidence(dir, r, scanned, evidenceFiles)
}

// bundleFile is one rendered report inside a bundle; tests swap in a failing writer.
type bundleFile struct {
	name   string
	writer Writer
}

func writeEvidence(dir string, r *Report, scanned []ScannedFile, files []bundleFile) (err error) {
	dir = filepath.Clean(dir)
	if _, statErr := os.Lstat(dir); statErr == nil {
		return fmt.Errorf("evidence bundle %s: %w", dir, fs.ErrExist)
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("evidence bundle %s: %w", dir, statErr)
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

	var manifest bytes.Buffer
	for _, f := range files {
		sum, werr := writeHashed(filepath.Join(tmp, f.name), func(w io.Writer) error { return f.writer.Write(w, r) })
		if werr != nil {
			return fmt.Errorf("evidence bundle %s: %s: %w", dir, f.name, werr)
		}
		manifestLine(&manifest, sum, f.name)
	}
	for _, s := range scanned {
		if !filepath.IsAbs(s.AbsPath) {
			return fmt.Errorf("evidence bundle %s: scanned file %q is not an absolute path", dir, s.AbsPath)
		}
		if _, derr := hex.DecodeString(s.SHA256); derr != nil || len(s.SHA256) != 2*sha256.Size {
			return fmt.Errorf("evidence bundle %s: scanned file %q: bad sha256 %q", dir, s.AbsPath, s.SHA256)
		}
		manifestLine(&manifest, strings.ToLower(s.SHA256), s.AbsPath)
	}
	if _, werr := writeHashed(filepath.Join(tmp, ManifestName), func(w io.Writer) error {
		_, err := w.Write(manifest.Bytes())
		return err
	}); werr != nil {
		return fmt.Errorf("evidence bundle %s: %s: %w", dir, ManifestName, werr)
	}
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
