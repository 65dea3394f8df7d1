package run

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/partial"
)

// A sharded audit (docs/scale-out.md) plans, reads in shards, and merges. The plan marks the
// files the ledger recorded unchanged (MarkReused); the merge turns the shards' partials back
// into one scanner result (Merge), which Conclude then decides like a scan's.

// MarkReused marks the plan's local files that the ledger recorded unchanged this year, as a
// scan with the ledger would reuse them (the digest is verified unless TrustMtime).
func (a *Audit) MarkReused(p *partial.Plan) {
	for i := range p.Files {
		pf := &p.Files[i]
		if pf.Err != "" || pf.Archive != "" || IsObjectURL(pf.Abs) {
			continue // a scan reuses no archive either: its members are read again
		}
		info, err := os.Stat(pf.Abs)
		if err != nil {
			continue
		}
		if fr, ok := a.Reuse(pf.Abs, info); ok && len(fr.Notes) > 0 {
			pf.Reused, pf.Size, pf.Modified = true, info.Size(), info.ModTime().UTC()
			pf.ReuseNote = fr.Notes[len(fr.Notes)-1]
		}
	}
}

// Merge assembles the run's result from what the partials gave for each file of the plan: the
// files the plan reused get their ledger records back, an archive's members, the members it did
// not read and its own digest take their place in the plan's order, and the batch is the exact
// union of the results counted in it, as Scan makes it. With a ledger, the results' and the
// batch's keyed persons are kept to be matched and recorded.
func (a *Audit) Merge(p *partial.Plan, targets []partial.Target) (*scanner.Result, error) {
	if err := a.reuseRecorded(p, targets); err != nil {
		return nil, err
	}
	opts := a.opt.Scan
	res := &scanner.Result{Skipped: slices.Clone(p.Skipped), Files: []scanner.FileResult{}, Batch: scanner.NewPersons(opts.SetBudget),
		EmptyRoots: slices.Clone(p.EmptyRoots)}
	var all, sensitive []ledger.Keyed
	for _, tg := range targets {
		res.Skipped = append(res.Skipped, tg.Skipped...)
		if tg.Archive != nil {
			res.Archives = append(res.Archives, *tg.Archive)
		}
		for _, mf := range tg.Files {
			fr := mf.Result
			res.Files = append(res.Files, fr)
			if fr.Err != nil || (opts.CountInBatch != nil && !opts.CountInBatch(fr.Path)) {
				continue
			}
			res.Batch.Merge(fr.Persons)
			if a.opt.Ledger != nil {
				a.keyed[fr.Persons.Set] = keyedPersons{mf.All, mf.Sensitive}
				all = append(all, mf.All...)
				sensitive = append(sensitive, mf.Sensitive...)
			}
		}
	}
	if a.opt.Ledger != nil {
		a.keyed[res.Batch.Set] = keyedPersons{all, sensitive}
	}
	return res, nil
}

// reuseRecorded replaces the results of the files the plan reused by their ledger records. The
// plan verified them; the merge only fetches the record, and refuses when it is gone.
func (a *Audit) reuseRecorded(p *partial.Plan, targets []partial.Target) error {
	for i := range targets {
		if len(targets[i].Files) != 1 || !targets[i].Files[0].Result.Reused {
			continue
		}
		pf := p.Files[i]
		if a.opt.Ledger == nil {
			return fmt.Errorf("the plan reuses the ledger's result for %s: merge with --ledger", pf.Path)
		}
		fr, ok := a.reuse(pf.Abs, recordedInfo{pf}, true)
		if !ok {
			return fmt.Errorf("the ledger no longer holds the result the plan reused for %s: plan the run again", pf.Path)
		}
		fr.Path, fr.AbsPath, fr.Root = pf.Path, pf.Abs, pf.Root
		fr.Notes[len(fr.Notes)-1] = pf.ReuseNote // what the plan verified, not this lookup
		targets[i].Files[0] = partial.File{Result: fr}
	}
	return nil
}

// recordedInfo is the size and modification time the plan saw of a file, for the ledger lookup.
type recordedInfo struct{ f partial.PlanFile }

func (r recordedInfo) Name() string       { return filepath.Base(r.f.Abs) }
func (r recordedInfo) Size() int64        { return r.f.Size }
func (r recordedInfo) Mode() os.FileMode  { return 0o444 }
func (r recordedInfo) ModTime() time.Time { return r.f.Modified }
func (r recordedInfo) IsDir() bool        { return false }
func (r recordedInfo) Sys() any           { return nil }
