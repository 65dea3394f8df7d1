package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

// Skipped is a path the scan did not read, with the reason.
type Skipped struct {
	Path   string
	Reason string
}

// target is one file the walk found.
type target struct {
	path string // as reported: relative to its root, or as given
	abs  string
	root string
	size int64
	// err is set for a path that could not be walked (unreadable folder, dangling link): the
	// scan reports it as a file with label error.
	err error
}

// walker finds the files under the scan's arguments.
type walker struct {
	opt     *Options
	targets []target
	skipped []Skipped
	bytes   int64 // total size of the targets
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
			if err := w.walkDir(ctx, p, p, "", map[fileID]bool{}); err != nil {
				return err
			}
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
				w.skipped = append(w.skipped, Skipped{Path: relOrRoot(rel, root), Reason: "symbolic link loop: folder already visited on this path"})
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
		if w.opt.IgnorePath != nil && w.opt.IgnorePath(childRel) {
			w.skipped = append(w.skipped, Skipped{Path: childRel, Reason: "ignored by policy"})
			continue
		}
		info, err := e.Info()
		if err != nil {
			w.targets = append(w.targets, target{path: childRel, abs: absPath(full), root: root, err: describeOSError(err)})
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if !w.opt.FollowSymlinks {
				w.skipped = append(w.skipped, Skipped{Path: childRel, Reason: "symbolic link not followed (use --follow-symlinks)"})
				continue
			}
			resolved, err := os.Stat(full)
			if err != nil {
				reason := "symbolic link cannot be resolved"
				if errors.Is(err, syscall.ELOOP) {
					reason = "symbolic link loop"
				}
				w.skipped = append(w.skipped, Skipped{Path: childRel, Reason: reason})
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

// add records a file found by the walk, or skips it with the reason.
func (w *walker) add(rel, full, root string, info fs.FileInfo) {
	if !info.Mode().IsRegular() {
		w.skipped = append(w.skipped, Skipped{Path: rel, Reason: "not a regular file (" + fileKind(info.Mode()) + "): never opened"})
		return
	}
	if _, ok := w.opt.Readers.Lookup(full); !ok {
		w.skipped = append(w.skipped, Skipped{Path: rel, Reason: "unsupported format"})
		return
	}
	w.targets = append(w.targets, target{path: rel, abs: absPath(full), root: root, size: info.Size()})
	w.bytes += info.Size()
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m.IsDir():
		return "folder"
	default:
		return "special file"
	}
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
