package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/xborder/xborder/scanner/redact"
)

// Output safety by identity. Every file or folder a scan writes (-o, --evidence, --cpuprofile,
// --ledger with its key, lock, -wal and -shm, --ledger-key) is checked before scanning starts,
// by device and inode rather than by name, so that no spelling reaches an input: not a symbolic
// link to a folder, not /proc/self/cwd/…, not "../exports/./x", not a hard link or a bind mount.
// A target is refused when
//   - it is (by identity) one of the scanned inputs, a scanned folder, the policy file, or
//     another output of the same run (the report written over the ledger);
//   - any folder above it (resolved, by identity) is a scanned folder: outputs are never
//     created inside a tree the scan reads, where the next run would read them back and where a
//     key or a report would travel abroad with the export.
//
// A target that is a symbolic link is checked where the link is (a report replaces the link) and
// at every hop of where it leads (the ledger and the key are created through it). Folders reached
// only through links inside a scanned tree with --follow-symlinks are not known before the walk
// and are not checked (docs/hardening.md).

// fileKey identifies a file or folder: device and inode.
type fileKey struct{ dev, ino uint64 }

func keyOf(fi fs.FileInfo) (fileKey, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileKey{}, false
	}
	return fileKey{uint64(st.Dev), uint64(st.Ino)}, true
}

// protectedSet holds what outputs must never be or lie inside.
type protectedSet struct {
	files   map[fileKey]string // inputs, the policy file, other outputs: name for messages
	folders map[fileKey]string // scanned folders
}

// outputTarget is one file or folder the run will write.
type outputTarget struct {
	flag, path string
}

// outputTargets lists the files and folders a scan with f would write.
func outputTargets(f scanFlags) []outputTarget {
	var out []outputTarget
	add := func(flag, p string) {
		if p != "" {
			out = append(out, outputTarget{flag, p})
		}
	}
	add("-o", f.output)
	add("--evidence", f.evidence)
	add("--cpuprofile", f.cpuProfile)
	if f.ledger != "" {
		add("--ledger", f.ledger)
		for _, side := range []string{".lock", "-wal", "-shm"} {
			add("--ledger", f.ledger+side)
		}
		key := f.ledgerKey
		if key == "" {
			key = f.ledger + ".key"
		}
		add("--ledger-key", key)
	}
	return out
}

// checkOutputs refuses, before anything is read, every output that would overwrite an input, the
// policy or another output, or land inside a scanned folder.
func checkOutputs(f scanFlags, paths []string) error {
	targets := outputTargets(f)
	if len(targets) == 0 {
		return nil
	}
	prot := protectedSet{files: map[fileKey]string{}, folders: map[fileKey]string{}}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			continue // reported by the scan itself
		}
		k, ok := keyOf(fi)
		if !ok {
			continue
		}
		if fi.IsDir() {
			prot.folders[k] = "the scanned folder " + p
		} else {
			prot.files[k] = "the scanned input " + p
		}
	}
	if f.policy != "" {
		if fi, err := os.Stat(f.policy); err == nil {
			if k, ok := keyOf(fi); ok {
				prot.files[k] = "the policy file " + f.policy
			}
		}
	}
	// Each target against the inputs, and against every other target (by identity when it exists,
	// by resolved location when it does not yet).
	where := map[string]outputTarget{}
	for _, t := range targets {
		for _, loc := range locations(t.path) {
			if err := prot.check(t, loc); err != nil {
				return err
			}
			id := locationID(loc)
			if other, ok := where[id]; ok && other.flag != t.flag {
				return fmt.Errorf("%s %s and %s %s are the same file: give each output its own path", other.flag, shown(other.path), t.flag, shown(t.path))
			}
			where[id] = t
		}
	}
	return nil
}

// check refuses loc (one location of target t) if it is a protected file or folder, or lies
// inside a scanned folder.
func (p protectedSet) check(t outputTarget, loc string) error {
	if fi, err := os.Stat(loc); err == nil {
		if k, ok := keyOf(fi); ok {
			if what, hit := p.files[k]; hit {
				return fmt.Errorf("%s %s is %s: refusing to overwrite it", t.flag, shown(t.path), shown(what))
			}
			if what, hit := p.folders[k]; hit {
				return fmt.Errorf("%s %s is %s: write it elsewhere, outside every scanned folder", t.flag, shown(t.path), shown(what))
			}
		}
	}
	// Every folder above loc, from the nearest one that exists, resolved, up to the root.
	dir := filepath.Dir(loc)
	for {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for {
		if fi, err := os.Stat(dir); err == nil {
			if k, ok := keyOf(fi); ok {
				if what, hit := p.folders[k]; hit {
					return fmt.Errorf("%s %s is inside %s: write it elsewhere, so that the scan never writes next to its inputs", t.flag, shown(t.path), shown(what))
				}
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// locations returns where writing to p may land: p itself (absolute), then each hop of the
// symbolic links it is, resolved, up to a bounded number of hops.
func locations(p string) []string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return []string{p}
	}
	out := []string{abs}
	for hop := 0; hop < 40; hop++ {
		fi, err := os.Lstat(abs)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			break
		}
		target, err := os.Readlink(abs)
		if err != nil {
			break
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		abs = filepath.Clean(target)
		out = append(out, abs)
	}
	return out
}

// locationID names a location for comparing outputs with each other: device and inode when it
// exists, else its resolved folder and name.
func locationID(loc string) string {
	if fi, err := os.Stat(loc); err == nil {
		if k, ok := keyOf(fi); ok {
			return fmt.Sprintf("id:%d:%d", k.dev, k.ino)
		}
	}
	dir := filepath.Dir(loc)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return "path:" + filepath.Join(dir, filepath.Base(loc))
}

// shown is a path or name as it may appear in a message: identifiers masked, control characters
// escaped.
func shown(s string) string { return escapeForLog(redact.Text(s)) }

// Flags versus file names. The flag package reads "-o" and "--fail-on=never" as flags wherever
// they stand before "--", so with `cd exports && xborder scan *` a file named like a flag would be
// obeyed as one. Flags are still accepted before and after the paths (xborder scan exports/ -f
// json is common and safe), and "--" ends them: everything after it is a path, never a flag. What
// makes it unambiguous is the rule below: an argument the flag package would read as a flag (or
// as the "--" that ends flags) but that also names an existing file or folder here is refused,
// with the fix in the message. A flag's value is never checked (-o -x writes a file named -x).

// errFlagLikeFile is wrapped by that refusal.
var errFlagLikeFile = errors.New("argument is both a flag and the name of an existing file")

// checkFlagLikeFiles refuses arguments that are flags to the flag package and files on disk.
func checkFlagLikeFiles(fs *flag.FlagSet, args []string, usage string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' {
			continue // a path (or "-")
		}
		if _, err := os.Lstat(a); err == nil {
			return fmt.Errorf("%w: %q names a file here, and would be read as %s; put every path after --, as in '%s', or write ./%s",
				errFlagLikeFile, shown(a), map[bool]string{true: "the end of the flags", false: "a flag"}[a == "--"], usage, shown(a))
		}
		if a == "--" {
			return nil
		}
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		fl := fs.Lookup(name)
		if fl == nil {
			continue // the flag package reports it as unknown
		}
		if bf, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		i++ // its value
	}
	return nil
}
