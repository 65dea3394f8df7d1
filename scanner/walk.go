package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/report/safeopen"
)

// Skipped is a path the scan did not read, with the reason. A path left out on purpose
// (Options.Exclude, Options.IgnorePath) is Excluded; every other skipped path was not examined
// (unsupported format, link not followed, special file): it may hold anything, so the report
// keeps the batch from being cleared.
type Skipped struct {
	Path   string
	Reason string
	// Excluded is set for a path left out on purpose; Reason then says by which rule.
	Excluded bool
}

// target is one file the walk found.
type target struct {
	path string // as reported: relative to its root, or as given
	abs  string
	root string
	size int64
	// err is set for a path that could not be walked (unreadable folder, dangling link) or
	// that is in a format xborder recognises but refuses (.xls): the scan reports it as a file
	// with label error.
	err error
	// archive is the archive kind (readers.ArchiveKind) of a zip, tar or tar.gz file.
	archive string
}

// walker finds the files under the scan's arguments.
type walker struct {
	opt     *Options
	targets []target
	skipped []Skipped
	bytes   int64 // total size of the targets
	// emptyRoots are folder arguments under which nothing at all was found.
	emptyRoots []string
}

// excluded says whether rel is left out on purpose, and by which rule.
func (w *walker) excluded(rel string) (string, bool) {
	if w.opt.Exclude != nil {
		if why, ok := w.opt.Exclude(rel); ok {
			return why, true
		}
	}
	if w.opt.IgnorePath != nil && w.opt.IgnorePath(rel) {
		return "ignored by policy", true
	}
	return "", false
}

// notExamined records a path the scan will not read, with the reason.
func (w *walker) notExamined(rel, reason string) {
	w.skipped = append(w.skipped, Skipped{Path: rel, Reason: reason})
}

// walk expands paths into targets in a stable order: arguments in the order given, each folder's
// entries sorted by name.
func (w *walker) walk(ctx context.Context, paths []string) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			w.targets = append(w.targets, target{path: p, abs: absPath(p), root: p, err: describeOSError(err)})
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			// An argument named on the command line is the user's explicit choice: follow it
			// even without --follow-symlinks, but still guard against loops below it.
			resolved, err := os.Stat(p)
			if err != nil {
				w.targets = append(w.targets, target{path: p, abs: absPath(p), root: p, err: fmt.Errorf("symbolic link cannot be resolved: %w", describeOSError(err))})
				continue
			}
			info = resolved
		}
		if info.IsDir() {
			found := len(w.targets) + len(w.skipped)
			if err := w.walkDir(ctx, p, p, "", map[fileID]bool{}); err != nil {
				return err
			}
			if len(w.targets)+len(w.skipped) == found {
				w.emptyRoots = append(w.emptyRoots, p)
			}
			continue
		}
		if why, ok := w.excluded(p); ok {
			w.skipped = append(w.skipped, Skipped{Path: p, Reason: why, Excluded: true})
			continue
		}
		w.add(p, p, p, info)
	}
	return nil
}

// fileID identifies a folder on disk so that symlink loops are detected.
type fileID struct{ dev, ino uint64 }

func idOf(info fs.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

// walkDir visits dir (whose path relative to root is rel). onPath holds the folders on the
// current path from the root, to detect loops when links are followed.
func (w *walker) walkDir(ctx context.Context, root, dir, rel string, onPath map[fileID]bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if info, err := os.Stat(dir); err == nil {
		if id, ok := idOf(info); ok {
			if onPath[id] {
				w.notExamined(relOrRoot(rel, root), "symbolic link loop: folder already visited on this path")
				return nil
			}
			onPath[id] = true
			defer delete(onPath, id)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.targets = append(w.targets, target{path: relOrRoot(rel, root), abs: absPath(dir), root: root, err: fmt.Errorf("cannot read folder: %w", describeOSError(err))})
		// ReadDir returns what it could read before the error; go on with those.
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		full := filepath.Join(dir, e.Name())
		childRel := filepath.ToSlash(filepath.Join(rel, e.Name()))
		if why, ok := w.excluded(childRel); ok {
			w.skipped = append(w.skipped, Skipped{Path: childRel, Reason: why, Excluded: true})
			continue
		}
		info, err := e.Info()
		if err != nil {
			w.targets = append(w.targets, target{path: childRel, abs: absPath(full), root: root, err: describeOSError(err)})
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if !w.opt.FollowSymlinks {
				w.notExamined(childRel, "symbolic link not followed (use --follow-symlinks, or --exclude it)")
				continue
			}
			resolved, err := os.Stat(full)
			if err != nil {
				reason := "symbolic link cannot be resolved"
				if errors.Is(err, syscall.ELOOP) {
					reason = "symbolic link loop"
				}
				w.notExamined(childRel, reason)
				continue
			}
			info = resolved
		}
		if info.IsDir() {
			if err := w.walkDir(ctx, root, full, childRel, onPath); err != nil {
				return err
			}
			continue
		}
		w.add(childRel, full, root, info)
	}
	return nil
}

// add records a file found by the walk, or lists it as not examined with the reason. A 0-byte
// file is read whatever its name (it holds nothing to transfer), an archive is opened, a format
// xborder recognises but does not read is an error, anything else is not examined.
// ReasonUnsupported is why a file no reader takes is listed as not examined: a local file, an
// archive member or an object alike.
const ReasonUnsupported = "unsupported format"

func (w *walker) add(rel, full, root string, info fs.FileInfo) {
	if !info.Mode().IsRegular() {
		w.notExamined(rel, "not a regular file ("+safeopen.Kind(info.Mode())+"): never opened")
		return
	}
	archive, refused, ok := formatDecision(w.opt.Readers, full, info.Size())
	if !ok {
		w.notExamined(rel, ReasonUnsupported)
		return
	}
	t := target{path: rel, abs: absPath(full), root: root, archive: archive, size: info.Size()}
	if refused != "" {
		t.err = errors.New(refused)
	}
	w.targets = append(w.targets, t)
	w.bytes += info.Size()
}

// formatDecision is what a listed file's name and size say before it is opened: read it (a
// format a reader handles, or empty), open it as an archive, refuse it with a reason the user
// can act on, or leave it not examined (ok false). Local files (walker.add) and objects
// (ObjectRef) decide alike.
func formatDecision(reg *readers.Registry, name string, size int64) (archive, refused string, ok bool) {
	_, supported := reg.Lookup(name)
	switch {
	case size == 0 || supported:
	case readers.ArchiveKind(name) != "":
		archive = readers.ArchiveKind(name)
	case refusedFormat(name) != "":
		refused = refusedFormat(name)
	default:
		return "", "", false
	}
	return archive, refused, true
}

// refusedFormat explains, for a format xborder recognises but does not read, what to do with
// it; "" for any other name. These files are errors, not merely not examined: the person
// running the scan can convert them.
func refusedFormat(name string) string {
	lower := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	switch {
	case strings.HasSuffix(lower, ".xls"):
		return "legacy Excel 97-2003 workbook (.xls): xborder does not read this format; save it as .xlsx (Excel, or soffice --headless --convert-to xlsx) and scan that"
	case strings.HasSuffix(lower, ".7z"):
		return "7-Zip archive (.7z): xborder does not open this format; repack it as .zip or .tar.gz and scan that"
	}
	return ""
}

func relOrRoot(rel, root string) string {
	if rel == "" {
		return root
	}
	return rel
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// describeOSError turns a *PathError into its cause, since the report names the path already.
func describeOSError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
