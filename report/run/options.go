package run

import (
	"fmt"
	"time"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// Reading are the settings of how files are read, which the policy does not decide.
type Reading struct {
	SampleRows     int   // rows per table used to decide column types (0 = all rows)
	Workers        int   // files read at once (0 = number of CPUs)
	FollowSymlinks bool  // follow symbolic links inside folders
	SetBudget      int64 // bytes each set of distinct persons may use for exact counting
	Limits         readers.Limits
	// Exclude are globs of paths left out on purpose (--exclude), besides the policy's
	// ignore.paths.
	Exclude []string
}

// ScanOptions are the scanner's options for a policy and reading settings (of a scan, a shard,
// a plan or a merge); now is the scan date.
func ScanOptions(pol *report.Policy, now time.Time, r Reading) (scanner.Options, error) {
	exclude, err := excluder(r.Exclude, pol)
	if err != nil {
		return scanner.Options{}, err
	}
	opts := scanner.Options{
		Registry:       pol.Registry(detect.Builtin()),
		Category:       pol.Category,
		Exclude:        exclude,
		IgnoreColumn:   pol.IgnoreColumn,
		MinorAge:       pol.MinorAge,
		Now:            now,
		SampleRows:     r.SampleRows,
		Workers:        r.Workers,
		FollowSymlinks: r.FollowSymlinks,
		SetBudget:      r.SetBudget,
		Limits:         r.Limits,
	}
	if !pol.ExemptTransfersCount {
		opts.CountInBatch = pol.CountsTowardBatch
	}
	return opts, nil
}

// excluder compiles the --exclude globs and the policy's ignore.paths into the scanner's
// Exclude hook; the reason it returns names the rule, so the report shows why a path was left
// out.
func excluder(flags []string, pol *report.Policy) (func(string) (string, bool), error) {
	type rule struct {
		g   report.Glob
		why string
	}
	var rules []rule
	for _, p := range flags {
		g, err := report.CompileGlob(p)
		if err != nil {
			return nil, fmt.Errorf("--exclude: %w", err)
		}
		rules = append(rules, rule{g, fmt.Sprintf("excluded by --exclude %q", p)})
	}
	src := pol.Ref().Source
	if src == "" {
		src = "the policy"
	}
	for _, p := range pol.Ignore.Paths {
		g, err := report.CompileGlob(p)
		if err != nil {
			return nil, fmt.Errorf("policy ignore.paths: %w", err)
		}
		rules = append(rules, rule{g, fmt.Sprintf("excluded by ignore.paths %q in %s", p, src)})
	}
	if len(rules) == 0 {
		return nil, nil
	}
	return func(rel string) (string, bool) {
		for _, r := range rules {
			if r.g.Match(rel) {
				return r.why, true
			}
		}
		return "", false
	}, nil
}
