package partial

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xborder/xborder/report"
)

// Store holds a run's objects: the plan, then each shard's partial. Names are slash-separated
// and relative to the run's folder or prefix.
type Store interface {
	// Put writes an object whole (a reader sees the old object or the new one, never a part).
	Put(ctx context.Context, name string, data []byte) error
	// Get reads an object; a missing one is an error wrapping fs.ErrNotExist.
	Get(ctx context.Context, name string) ([]byte, error)
	// List returns the names of the objects under prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
}

// Dir is a Store in a local folder (or a mounted volume shared by the pods).
type Dir string

func (d Dir) path(name string) (string, error) {
	clean := filepath.FromSlash(name)
	if name == "" || filepath.IsAbs(clean) || strings.HasPrefix(filepath.Clean(clean), "..") {
		return "", fmt.Errorf("object name %q is not inside the run's folder", name)
	}
	return filepath.Join(string(d), clean), nil
}

// Put writes the object atomically (a temporary file renamed over it).
func (d Dir) Put(ctx context.Context, name string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("partial: %w", err)
	}
	return report.WriteFileAtomic(p, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// Get reads the object.
func (d Dir) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("partial: %w", err)
	}
	return b, nil
}

// List walks the folder for the objects under prefix.
func (d Dir) List(ctx context.Context, prefix string) ([]string, error) {
	var out []string
	root := string(d)
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if e.IsDir() {
			return nil
		}
		rel, rerr := filepath.Rel(root, p)
		if rerr != nil {
			return rerr
		}
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, prefix) && !strings.Contains(filepath.Base(rel), ".tmp") {
			out = append(out, rel)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("partial: listing %s: %w", root, err)
	}
	sort.Strings(out)
	return out, nil
}
