package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xborder/xborder/report"
)

// formatByExtension maps an -o file's extension to the report format it names.
var formatByExtension = map[string]string{
	".json": "json", ".html": "html", ".htm": "html", ".csv": "csv",
	".md": "markdown", ".markdown": "markdown", ".txt": "table",
}

// inferFormat settles --format from -o's extension: without -f, "-o report.html" writes HTML;
// with an -f that contradicts the extension ("-f json -o report.html") the run is refused
// before anything is read. An unknown extension keeps the given or default format.
func (f *scanFlags) inferFormat(fs *flag.FlagSet) error {
	if f.output == "" {
		return nil
	}
	ext := strings.ToLower(filepath.Ext(f.output))
	byExt, known := formatByExtension[ext]
	if !known {
		return nil
	}
	explicit := false
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "f" || fl.Name == "format" })
	switch {
	case !explicit:
		f.format = byExt
	case f.format != byExt:
		return fmt.Errorf("-o %s names a %s file but --format is %s: drop -f, or give the file the extension of its format", shown(f.output), byExt, f.format)
	}
	return nil
}

// checkWritable refuses, before anything is read, an output the run could not write at the end
// (hours later at scale): -o and --cpuprofile need an existing folder the run may write in,
// --evidence a folder that does not exist yet inside one, --ledger an existing folder.
func checkWritable(f scanFlags) error {
	for _, t := range []struct{ flag, path string }{{"-o", f.output}, {"--cpuprofile", f.cpuProfile}, {"--evidence", f.evidence}, {"--ledger", f.ledger}} {
		if t.path == "" {
			continue
		}
		if t.flag == "--evidence" {
			if _, err := os.Lstat(t.path); err == nil {
				return fmt.Errorf("--evidence %s already exists: an evidence bundle is never written into or over anything", shown(t.path))
			}
		}
		if fi, err := os.Stat(t.path); err == nil && fi.IsDir() && t.flag != "--evidence" {
			return fmt.Errorf("%s %s is a folder", t.flag, shown(t.path))
		}
		if err := writableFolder(filepath.Dir(t.path)); err != nil {
			return fmt.Errorf("%s %s: %w", t.flag, shown(t.path), err)
		}
	}
	return nil
}

// writableFolder checks that dir exists, is a folder, and takes a new file.
func writableFolder(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the folder %s does not exist (create it first)", shown(dir))
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", shown(dir))
	}
	probe, err := os.CreateTemp(dir, ".xborder-write-check-")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", shown(dir), errors.Unwrap(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// evidenceExtras are the policy file as read (checked against the digest the report names) and
// the ledger's totals for the year, for the bundle to stand on its own.
func evidenceExtras(f scanFlags, rep *report.Report) (report.Evidence, error) {
	var ev report.Evidence
	if f.policy != "" {
		data, err := os.ReadFile(f.policy)
		if err != nil {
			return ev, err
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != rep.Policy.SHA256 {
			return ev, fmt.Errorf("the policy file %s changed during the run", shown(f.policy))
		}
		ev.Policy = data
	}
	if l := rep.Ledger; l != nil {
		ev.Ledger = &report.LedgerExtract{Path: l.Path, Year: l.Year,
			PriorIndividuals: l.PriorIndividuals, PriorSensitiveIndividuals: l.PriorSensitiveIndividuals}
	}
	return ev, nil
}

// Config discovery: without --policy, the policy named by $XBORDER_POLICY, else ./.xborder.yaml.
const (
	policyEnv  = "XBORDER_POLICY"
	policyFile = ".xborder.yaml"
)

// discoverPolicy returns the policy file a run without --policy uses, or "" for the defaults.
// A set but missing $XBORDER_POLICY is returned as is, so loading it fails loudly rather than
// silently falling back to the defaults.
func (a *app) discoverPolicy() string {
	if p := a.getenv(policyEnv); p != "" {
		return p
	}
	if fi, err := os.Stat(policyFile); err == nil && fi.Mode().IsRegular() {
		return policyFile
	}
	return ""
}
