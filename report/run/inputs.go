package run

import (
	"context"
	"slices"
	"strings"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/source"
)

// ListInputs lists a run's inputs in argument order: local paths as Scan walks them, and every
// supported object under an object-store URL (s3://bucket/prefix/), reported by its URL. A file
// reached through several arguments (a folder and its subfolder, or the same folder twice) is
// listed once, under the first.
func ListInputs(ctx context.Context, paths []string, opts scanner.Options) ([]scanner.FileRef, []scanner.Skipped, []string, error) {
	reg := opts.Readers
	if reg == nil {
		reg = readers.Default()
	}
	var refs []scanner.FileRef
	var skipped []scanner.Skipped
	var empty []string
	seen := map[string]bool{} // absolute paths listed: overlapping roots audit a file once
	for _, arg := range paths {
		if !source.IsURL(arg) {
			r, s, e, err := scanner.List(ctx, []string{arg}, opts)
			if err != nil {
				return nil, nil, nil, err
			}
			for _, ref := range r {
				if ref.Err == "" && seen[ref.Abs] {
					continue
				}
				seen[ref.Abs] = true
				refs = append(refs, ref)
			}
			skipped, empty = append(skipped, s...), append(empty, e...)
			continue
		}
		loc, err := source.Parse(arg)
		if err != nil {
			refs = append(refs, scanner.FileRef{Path: arg, Abs: arg, Root: arg, Err: err.Error()})
			continue
		}
		objs, err := source.List(ctx, loc)
		if err != nil {
			// Like an unreadable folder: an error entry, and the run goes on.
			refs = append(refs, scanner.FileRef{Path: arg, Abs: arg, Root: arg, Err: "cannot list: " + err.Error()})
			continue
		}
		for _, o := range objs {
			if opts.Exclude != nil {
				if why, ok := opts.Exclude(o.Rel); ok { // --exclude, the policy's ignore.paths
					skipped = append(skipped, scanner.Skipped{Path: o.URL, Reason: why, Excluded: true})
					continue
				}
			}
			// The same decision as for a local file: read, opened as an archive, refused with
			// the same error, or not examined.
			ref, ok := scanner.ObjectRef(reg, o.URL, loc.ObjectURL(o.Key), arg, o.Key, o.Size)
			if !ok {
				skipped = append(skipped, scanner.Skipped{Path: o.URL, Reason: scanner.ReasonUnsupported})
				continue
			}
			refs = append(refs, ref)
		}
	}
	return refs, skipped, empty, nil
}

// ScanRefs audits listed inputs: local files in place, objects through a store that streams
// them, reads ranges of them, or copies workbooks into scratch (scanner/object.go); their results
// name the object.
func ScanRefs(ctx context.Context, refs []scanner.FileRef, opts scanner.Options, scratch string) *scanner.Result {
	if slices.ContainsFunc(refs, func(r scanner.FileRef) bool { return source.IsURL(r.Abs) }) {
		store := source.NewStore(scratch)
		defer store.Close()
		opts.OpenObject = func(ctx context.Context, u string) (scanner.Object, error) {
			o, err := store.Open(ctx, u)
			if err != nil {
				return nil, err
			}
			return o, nil
		}
	}
	return scanner.ScanList(ctx, refs, opts)
}

// IsObjectURL reports whether a result's path is an object's URL (not a local file).
func IsObjectURL(abs string) bool { return strings.Contains(abs, "://") }
