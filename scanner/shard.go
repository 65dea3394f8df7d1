package scanner

import (
	"context"
	"errors"

	"github.com/xborder/xborder/readers"
)

// FileRef is one file a walk found, as a plan fixes it for the shards of a distributed audit:
// the path reported, where it is read from, the argument it was found under and its size at
// listing time. Err is set for a path that could not be walked (the shard reports it as a file
// with label error, as Scan does).
type FileRef struct {
	Path string `json:"path"`
	Abs  string `json:"abs"`
	Root string `json:"root"`
	Size int64  `json:"size"`
	Err  string `json:"error,omitempty"`
	// Archive is the archive kind of a zip, tar or tar.gz file, whose members are read.
	Archive string `json:"archive,omitempty"`
}

// List walks paths exactly as Scan does and returns the files it would read, in Scan's order,
// the paths it would skip, and the folder arguments under which it found nothing at all. It
// reads no file.
func List(ctx context.Context, paths []string, opt Options) ([]FileRef, []Skipped, []string, error) {
	opt = opt.withDefaults()
	w := &walker{opt: &opt}
	if err := w.walk(ctx, paths); err != nil {
		return nil, nil, nil, err
	}
	refs := make([]FileRef, len(w.targets))
	for i, t := range w.targets {
		refs[i] = FileRef{Path: t.path, Abs: t.abs, Root: t.root, Size: t.size, Archive: t.archive}
		if t.err != nil {
			refs[i].Err = t.err.Error()
		}
	}
	return refs, w.skipped, w.emptyRoots, nil
}

// ScanList audits the given files (a shard of a plan) as Scan audits the files of its walk: the
// same per-file results, in the given order. The result has no skipped paths (the plan holds
// them).
func ScanList(ctx context.Context, files []FileRef, opt Options) *Result {
	opt = opt.withDefaults()
	w := &walker{opt: &opt}
	for _, f := range files {
		t := target{path: f.Path, abs: f.Abs, root: f.Root, size: f.Size, archive: f.Archive}
		if f.Err != "" {
			t.err = errors.New(f.Err)
		}
		w.targets = append(w.targets, t)
		w.bytes += f.Size
	}
	return scanTargets(ctx, w, &opt)
}

// ObjectRef decides a listed object as a walk decides a local file: a 0-byte object or one of a
// supported format is read, an archive (zip, tar, tar.gz) is opened, a format xborder recognises
// but refuses (.xls, .7z) is an error with the same text as a local file's, and anything else is
// not examined (ok false). path is the object as reported, abs the URL it is read by, name its key.
func ObjectRef(reg *readers.Registry, path, abs, root, name string, size int64) (ref FileRef, ok bool) {
	ref = FileRef{Path: path, Abs: abs, Root: root, Size: size}
	ref.Archive, ref.Err, ok = formatDecision(reg, name, size)
	return ref, ok
}
