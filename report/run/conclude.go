package run

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/redact"
)

// Result is a concluded audit.
type Result struct {
	// Report holds every file's and the batch's tallies and verdicts.
	Report *report.Report
	// Scanned is what the scanner (or the merge of a sharded run) found.
	Scanned *scanner.Result
	// Manifest lists the files on disk the report covers, for the evidence bundle.
	Manifest []report.ScannedFile
	// ExitCode is the exit decision for Options.FailOn (ExitOK, ExitFlagged or ExitError).
	ExitCode int
}

// postInterruptTimeout bounds the ledger queries that still run after an interrupt, to write the
// partial report.
const postInterruptTimeout = 30 * time.Second

// Conclude turns a run's results into tallies, verdicts and the exit decision: the same for a
// scan and for the merge of a sharded run. After an interrupt (ctx cancelled), what was read is
// still concluded, marked incomplete: the ledger is queried on a context that is not cancelled,
// with a bound of its own.
func (a *Audit) Conclude(ctx context.Context, res *scanner.Result, roots []string) (*Result, error) {
	post := ctx
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		post, cancel = context.WithTimeout(context.WithoutCancel(ctx), postInterruptTimeout)
		defer cancel()
		res.Incomplete = res.Incomplete || len(res.Files) == 0 || anyNotScanned(res)
	}
	in := a.input(res, roots)
	prior := PriorTotals(a.opt.Policy, a.opt.Now)
	if a.opt.Ledger != nil {
		if err := a.ledgerTallies(post, res, prior, &in); err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
	} else {
		plainTallies(res, prior, &in)
	}
	in.NoExamples = a.opt.NoExamples
	rep := report.Build(in)
	code := ExitCode(&rep, a.opt.FailOn)
	if a.opt.FailOnNew {
		code = failOnNew(code, &rep, a.opt.Policy)
	}
	return &Result{Report: &rep, Scanned: res, Manifest: scannedFiles(res), ExitCode: code}, nil
}

// input is the report's input but for the tallies.
func (a *Audit) input(res *scanner.Result, roots []string) report.Input {
	in := report.Input{
		Tool:        a.opt.Tool,
		GeneratedAt: a.opt.Now.UTC(),
		Roots:       roots,
		Policy:      a.opt.Policy,
		Skipped:     make([]report.Skipped, 0, len(res.Skipped)),
		Incomplete:  res.Incomplete,
		EmptyRoots:  res.EmptyRoots,
	}
	for _, s := range res.Skipped {
		status := report.SkippedNotExamined
		if s.Excluded {
			status = report.SkippedExcluded
		}
		in.Skipped = append(in.Skipped, report.Skipped{Path: s.Path, Reason: s.Reason, Status: status})
	}
	for _, ar := range res.Archives {
		in.Archives = append(in.Archives, report.Archive{Path: ar.Path, SHA256: ar.SHA256, SizeBytes: ar.Size, Members: int64(ar.Members)})
	}
	return in
}

// anyNotScanned reports a file the scan gave up on because it was cancelled.
func anyNotScanned(res *scanner.Result) bool {
	for _, fr := range res.Files {
		if fr.Err != nil && errors.Is(fr.Err, context.Canceled) {
			return true
		}
	}
	return false
}

// ExitCode applies docs/cli.md ("Exit codes") for the fail-on level (contract, assessment or never). A run
// whose batch verdict is error (something was not examined, or nothing was found) exits
// ExitError like one with an unreadable file.
func ExitCode(rep *report.Report, failOn string) int {
	if rep.Summary.Error > 0 || rep.Incomplete || len(rep.NotExaminedPaths()) > 0 || rep.Summary.Verdict.Label == report.LabelError {
		return ExitError
	}
	switch failOn {
	case "contract":
		if rep.Summary.Contract+rep.Summary.Assessment > 0 {
			return ExitFlagged
		}
	case "assessment":
		if rep.Summary.Assessment > 0 {
			return ExitFlagged
		}
	}
	// The batch can need more than any single file (the union crosses a threshold).
	switch lbl := rep.Summary.Verdict.Label; {
	case failOn == "contract" && (lbl == report.LabelContract || lbl == report.LabelAssessment):
		return ExitFlagged
	case failOn == "assessment" && lbl == report.LabelAssessment:
		return ExitFlagged
	}
	return ExitOK
}

// scannedFiles lists the files the evidence manifest names.
func scannedFiles(res *scanner.Result) []report.ScannedFile {
	var out []report.ScannedFile
	for _, fr := range res.Files {
		// Listed in the manifest: files on disk. An archive member is no file on disk (its
		// archive is listed instead); objects are listed in the report with their digests. The
		// manifest names files through the one redaction path too: a file named after an ID
		// number is listed masked (its digest still identifies it).
		if fr.SHA256 != "" && fr.Err == nil && fr.Container == "" && !IsObjectURL(fr.AbsPath) {
			out = append(out, report.ScannedFile{AbsPath: redact.Text(fr.AbsPath), SHA256: fr.SHA256})
		}
	}
	for _, ar := range res.Archives {
		if !IsObjectURL(ar.AbsPath) { // an archive object's digest is in the report
			out = append(out, report.ScannedFile{AbsPath: redact.Text(ar.AbsPath), SHA256: ar.SHA256})
		}
	}
	return out
}
