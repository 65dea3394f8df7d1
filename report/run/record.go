package run

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
)

// Record adds the concluded run's persons and files to the ledger in one transaction, when the
// audit was asked to (Options.Record) and has a ledger. A run that exits ExitError (unreadable
// or unexamined files, nothing found, interrupted) is never recorded. It reports whether it
// recorded.
func (a *Audit) Record(ctx context.Context, out *Result) (bool, error) {
	if !a.opt.Record || a.opt.Ledger == nil || out.Report.Incomplete {
		return false, nil
	}
	if out.ExitCode == ExitError && !(a.opt.RecordPartial && audited(out.Scanned) > 0) {
		return false, nil
	}
	run, err := a.ledgerRun(out.Scanned, out.Report)
	if err == nil {
		err = a.opt.Ledger.Record(ctx, run)
	}
	if err != nil {
		return false, fmt.Errorf("recording in the ledger: %w", err)
	}
	return true, nil
}

// ledgerRun is what the ledger records of a run: its verdict, and every file with its report
// entry and persons.
func (a *Audit) ledgerRun(res *scanner.Result, rep *report.Report) (ledger.Run, error) {
	run := ledger.Run{
		Year: a.year, Started: a.opt.Now, Finished: a.finished(), ToolVersion: a.opt.Tool.Version,
		PolicySHA256: a.opt.Policy.SHA256, Roots: rep.Roots,
		Label: rep.Summary.Verdict.Label,
	}
	if len(rep.Summary.Verdict.Reasons) > 0 {
		run.Rule = rep.Summary.Verdict.Reasons[0].Rule
	}
	for i, fr := range res.Files {
		if fr.Err != nil {
			continue // never read: nothing of it was transferred as audited
		}
		lf, err := a.ledgerFile(fr, rep.Files[i])
		if err != nil {
			return ledger.Run{}, err
		}
		run.Files = append(run.Files, lf)
	}
	run.Approvals = approvalUses(rep)
	return run, nil
}

// audited counts the files that were read.
func audited(res *scanner.Result) int {
	n := 0
	for _, fr := range res.Files {
		if fr.Err == nil {
			n++
		}
	}
	return n
}

// LeftOut are the paths a partial record leaves out: the files that could not be read and the
// paths not examined.
func LeftOut(out *Result) []string {
	var paths []string
	for _, fr := range out.Scanned.Files {
		if fr.Err != nil {
			paths = append(paths, fr.Path)
		}
	}
	for _, s := range out.Report.NotExaminedPaths() {
		paths = append(paths, s.Path)
	}
	return paths
}

// finished is the time the run finishes, never before it started.
func (a *Audit) finished() time.Time {
	clock := a.opt.Clock
	if clock == nil {
		clock = time.Now
	}
	if t := clock(); t.After(a.opt.Now) {
		return t
	}
	return a.opt.Now
}

// ledgerFile is what the ledger records of one file.
func (a *Audit) ledgerFile(fr scanner.FileResult, entry report.File) (ledger.File, error) {
	blob, err := json.Marshal(entry)
	if err != nil {
		return ledger.File{}, err
	}
	lf := ledger.File{
		Path: fr.Path, AbsPath: fr.AbsPath, SHA256: fr.SHA256, Size: fr.Size, Modified: fr.Modified,
		Format: fr.Format, Label: entry.Verdict.Label,
		Individuals: max(entry.Individuals, entry.IndividualsUpper), SensitiveIndividuals: max(entry.SensitiveIndividuals, entry.SensitiveUpper),
		Method: entry.IndividualsMethod, Report: blob, ReuseKey: a.reuseKey,
	}
	if len(entry.Verdict.Reasons) > 0 {
		lf.Rule = entry.Verdict.Reasons[0].Rule
	}
	if kp, ok := a.keyed[fr.Persons.Set]; ok && fr.Persons.Set != nil {
		lf.AllKeyed, lf.SensitiveKeyed = kp.all, kp.sensitive
	} else if !fr.Reused {
		lf.All, lf.Sensitive = fr.Persons.Hashes()
	}
	return lf, nil
}

// approvalUses counts, per approval and status, the files of the report it met; a status only
// the batch has is kept with no file.
func approvalUses(rep *report.Report) []ledger.ApprovalUse {
	var out []ledger.ApprovalUse
	at := map[[2]string]int{}
	add := func(u report.ApprovalUse, files int) {
		k := [2]string{u.Reference, u.Status}
		if i, ok := at[k]; ok {
			out[i].Files += files
			return
		}
		at[k] = len(out)
		out = append(out, ledger.ApprovalUse{Reference: u.Reference, Kind: u.Kind, Status: u.Status, Files: files})
	}
	for _, f := range rep.Files {
		for _, u := range f.Verdict.Approvals {
			add(u, 1)
		}
	}
	for _, u := range rep.Summary.Verdict.Approvals {
		add(u, 0)
	}
	return out
}
