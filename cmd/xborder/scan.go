package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/redact"
	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// scanFlags are the flags of `xborder scan` (spec section 1).
type scanFlags struct {
	format, output, evidence, policy string
	ledger, ledgerKey                string
	record, trustMtime, newLedger    bool
	sample, workers                  int
	failOn                           string
	noProgress, quiet                bool
	followSymlinks                   bool
	setBudgetMB                      int64
	limits                           readers.Limits
	cpuProfile                       string
}

func (a *app) scanFlagSet(f *scanFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("xborder scan", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	for _, n := range []string{"f", "format"} {
		fs.StringVar(&f.format, n, "table", "report `format`: "+strings.Join(report.Formats(), ", "))
	}
	for _, n := range []string{"o", "output"} {
		fs.StringVar(&f.output, n, "", "write the report to `file` (atomically) instead of stdout")
	}
	fs.StringVar(&f.evidence, "evidence", "", "also write an evidence bundle (report.json, .html, .csv, MANIFEST.sha256) to the new folder `dir`")
	fs.StringVar(&f.policy, "policy", "", "policy `file` (YAML); see 'xborder policy init'")
	fs.StringVar(&f.ledger, "ledger", "", "yearly ledger `file` of persons already transferred (created on first use)")
	fs.StringVar(&f.ledgerKey, "ledger-key", "", "secret key `file` of the ledger (default: the ledger path + .key)")
	fs.BoolVar(&f.record, "record", false, "after a successful run, record this run's persons and files in the ledger as transferred")
	fs.BoolVar(&f.newLedger, "new-ledger", false, "create the --ledger database although its key file exists (a new year, or a deliberate restart); without it a missing or empty database next to its key is an error")
	fs.BoolVar(&f.trustMtime, "trust-mtime", false, "with --ledger: reuse a recorded result when path, size and mtime match, without re-reading the file for its digest")
	fs.IntVar(&f.sample, "sample", scanner.DefaultSampleRows, "rows per table used to decide column types (0 = all rows); persons are always counted over all rows")
	fs.IntVar(&f.workers, "workers", 0, "files read at once (default: number of CPUs)")
	fs.StringVar(&f.failOn, "fail-on", "contract", "`level` that makes the exit code 1: contract, assessment or never")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no progress bar (it is shown only when stderr is a terminal anyway)")
	for _, n := range []string{"q", "quiet"} {
		fs.BoolVar(&f.quiet, n, false, "nothing on stderr but errors")
	}
	fs.BoolVar(&f.followSymlinks, "follow-symlinks", false, "follow symbolic links inside folders (loops are detected either way)")
	fs.Int64Var(&f.setBudgetMB, "count-memory", scanner.DefaultSetBudget>>20, "MiB each set of distinct persons may use for exact counting before it switches to an estimate")
	fs.IntVar(&f.limits.MaxFieldBytes, "max-field-bytes", readers.DefaultMaxFieldBytes, "longest cell or line accepted in delimited text, in bytes")
	fs.IntVar(&f.limits.MaxColumns, "max-columns", readers.DefaultMaxColumns, "most columns a table may have")
	fs.Int64Var(&f.limits.MaxDecompressedBytes, "max-decompressed-bytes", readers.DefaultMaxDecompressedBytes, "most bytes a gzip stream or an xlsx part may expand to")
	fs.IntVar(&f.limits.MaxSheets, "max-sheets", readers.DefaultMaxSheets, "most sheets a workbook may have")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the scan to `file` (for performance work)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: xborder scan [flags] PATH...\n"+
			"       xborder scan [flags] -- PATH...\n\n"+
			"Flags may come before or after the paths. Everything after -- is a path, never a flag:\n"+
			"use it whenever paths come from a wildcard (cd exports && xborder scan -- *), so that a\n"+
			"file named like a flag (-o, --fail-on=never) is scanned, not obeyed. Without --, an\n"+
			"argument that reads as a flag but also names an existing file is refused.\n\n")
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), "\nExamples:\n"+
			"  xborder scan exports/\n"+
			"  xborder scan -f json -o report.json --policy policy.yaml exports/\n"+
			"  xborder scan -q --ledger audit.db --record --fail-on assessment /srv/exports\n"+
			"  cd exports && xborder scan -f json -o ../report.json -- *\n"+
			"\nAn interrupted run (SIGINT, SIGTERM) writes the report of what it read, marked incomplete,\n"+
			"records nothing in the ledger and exits 130 (SIGINT) or 143 (SIGTERM).\n")
	}
	return fs
}

func (a *app) scan(ctx context.Context, args []string) int {
	var f scanFlags
	fs := a.scanFlagSet(&f)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	// fail reports err and returns exit 2, or 130/143 when a signal interrupted the run (the
	// error is then usually its consequence, and is still shown).
	fail := func(prefix string, err error) int {
		if code, ok := interruptCode(ctx); ok {
			fmt.Fprintf(a.stderr, "xborder scan: %v: %s%s\n", context.Cause(ctx), prefix, shownError(err))
			return code
		}
		fmt.Fprintf(a.stderr, "xborder scan: %s%s\n", prefix, shownError(err))
		return exitError
	}
	if err := f.validate(paths); err != nil {
		return fail("", err)
	}
	log := a.logger(f.quiet)

	pol := report.DefaultPolicy()
	if f.policy != "" {
		if pol, err = loadPolicy(f.policy); err != nil {
			return fail("", err)
		}
	}
	wopt := report.WriterOptions{Color: f.output == "" && a.isTerminal(a.stdout) && a.getenv("NO_COLOR") == ""}
	if f.output == "" && a.isTerminal(a.stdout) {
		wopt.Width = terminalWidth(a.stdout)
	}
	writer, err := report.NewWriter(f.format, wopt)
	if err != nil {
		return fail("", err)
	}
	if err := checkOutputs(f, paths); err != nil {
		return fail("", err)
	}

	now := a.now()
	var led *ledgerSession
	if f.ledger != "" {
		led, err = a.openLedger(ctx, f, pol, now, log)
		if err != nil {
			return fail("", err)
		}
		defer led.close()
	}

	var progress atomic.Int64
	opts := scanner.Options{
		Registry:       pol.Registry(detect.Builtin()),
		Category:       pol.Category,
		IgnorePath:     pol.IgnorePath,
		IgnoreColumn:   pol.IgnoreColumn,
		MinorAge:       pol.MinorAge,
		Now:            now,
		SampleRows:     f.sample,
		Workers:        f.workers,
		FollowSymlinks: f.followSymlinks,
		SetBudget:      f.setBudgetMB << 20,
		Limits:         f.limits,
		Progress:       &progress,
	}
	if !pol.ExemptTransfersCount {
		opts.CountInBatch = func(rel string) bool { _, exempt := pol.Exemption(rel); return !exempt }
	}
	if led != nil {
		opts.Reuse = led.reuse
	}
	bar := a.startProgress(f, paths, &progress, &opts)
	stopProfile := func() []byte { return nil }
	if f.cpuProfile != "" {
		if stopProfile, err = startCPUProfile(); err != nil {
			bar.finish()
			return fail("cpu profile: ", err)
		}
	}
	res, err := scanner.Scan(ctx, paths, opts)
	profile := stopProfile()
	bar.finish()
	if err != nil {
		return fail("", err)
	}
	if f.cpuProfile != "" {
		if err := report.WriteFileAtomic(f.cpuProfile, func(w io.Writer) error { _, err := w.Write(profile); return err }); err != nil {
			return fail("cpu profile: ", err)
		}
	}

	// After an interrupt, what was read is still reported (marked incomplete): the steps below
	// run on a context that is not cancelled, with a bound of their own.
	interrupted := ctx.Err() != nil
	post := ctx
	if interrupted {
		var cancel context.CancelFunc
		post, cancel = context.WithTimeout(context.WithoutCancel(ctx), postInterruptTimeout)
		defer cancel()
		res.Incomplete = res.Incomplete || len(res.Files) == 0 || anyNotScanned(res)
	}

	in := report.Input{
		Tool:        report.Tool{Name: "xborder", Version: version},
		GeneratedAt: now.UTC(),
		Roots:       paths,
		Policy:      pol,
		Skipped:     make([]report.Skipped, 0, len(res.Skipped)),
		Incomplete:  res.Incomplete,
	}
	for _, s := range res.Skipped {
		in.Skipped = append(in.Skipped, report.Skipped{Path: s.Path, Reason: s.Reason})
	}
	prior := priorTotals(pol, now)
	if led != nil {
		if err := led.tallies(post, res, prior, &in); err != nil {
			return fail("ledger: ", err)
		}
	} else {
		plainTallies(res, prior, &in)
	}
	rep := report.Build(in)

	for _, fr := range res.Files {
		if fr.Err != nil {
			log.Error("file could not be read", "path", shown(fr.Path), "error", shownError(fr.Err))
		}
	}
	if err := a.writeReport(f, writer, &rep); err != nil {
		return fail("", err)
	}
	if code, ok := interruptCode(ctx); ok {
		// Interrupted: the report above says so; no evidence bundle (it would certify a partial
		// run) and nothing recorded in the ledger.
		msg := "interrupted: the report covers what was read before the signal; nothing recorded in the ledger"
		if f.evidence != "" {
			msg += "; no evidence bundle written"
		}
		log.Error(msg, "signal", context.Cause(ctx).Error())
		return code
	}
	if f.evidence != "" {
		if err := report.WriteEvidence(f.evidence, &rep, scannedFiles(res)); err != nil {
			return fail("evidence: ", err)
		}
		log.Info("evidence bundle written", "dir", shown(f.evidence))
	}
	code := exitCode(&rep, f.failOn)
	if f.record && led != nil {
		if code == exitError {
			log.Error("nothing recorded in the ledger: the run had unreadable files or was interrupted")
		} else if err := led.record(ctx, res, &rep, pol, now); err != nil {
			return fail("recording in the ledger: ", err)
		} else {
			log.Info("recorded in the ledger", "ledger", shown(f.ledger), "files", len(res.Files))
		}
	}
	return code
}

// postInterruptTimeout bounds the ledger queries that still run after an interrupt, to write the
// partial report.
const postInterruptTimeout = 30 * time.Second

// anyNotScanned reports a file the scan gave up on because it was cancelled.
func anyNotScanned(res *scanner.Result) bool {
	for _, fr := range res.Files {
		if fr.Err != nil && errors.Is(fr.Err, context.Canceled) {
			return true
		}
	}
	return false
}

// shownError is an error's text as it may be printed or stored: identifiers masked (the one
// redaction path, redact.Text), control characters escaped.
func shownError(err error) string { return escapeForLog(redact.Text(err.Error())) }

func (f *scanFlags) validate(paths []string) error {
	if len(paths) == 0 {
		return errors.New("no PATH given (usage: xborder scan [flags] PATH...)")
	}
	switch f.failOn {
	case "contract", "assessment", "never":
	default:
		return fmt.Errorf("--fail-on must be contract, assessment or never, not %q", f.failOn)
	}
	if f.sample < 0 {
		return errors.New("--sample must be 0 (all rows) or a positive number of rows")
	}
	if f.workers < 0 {
		return errors.New("--workers must be positive")
	}
	if f.record && f.ledger == "" {
		return errors.New("--record needs --ledger FILE")
	}
	if f.trustMtime && f.ledger == "" {
		return errors.New("--trust-mtime needs --ledger FILE")
	}
	if f.setBudgetMB <= 0 {
		return errors.New("--count-memory must be a positive number of MiB")
	}
	return nil
}

func (a *app) writeReport(f scanFlags, w report.Writer, rep *report.Report) error {
	if f.output == "" {
		return w.Write(a.stdout, rep)
	}
	return report.WriteFileAtomic(f.output, func(out io.Writer) error { return w.Write(out, rep) })
}

// exitCode applies spec section 2.
func exitCode(rep *report.Report, failOn string) int {
	if rep.Summary.Error > 0 || rep.Incomplete {
		return exitError
	}
	switch failOn {
	case "contract":
		if rep.Summary.Contract+rep.Summary.Assessment > 0 {
			return exitFlagged
		}
	case "assessment":
		if rep.Summary.Assessment > 0 {
			return exitFlagged
		}
	}
	// The batch can need more than any single file (the union crosses a threshold).
	switch lbl := rep.Summary.Verdict.Label; {
	case failOn == "contract" && (lbl == report.LabelContract || lbl == report.LabelAssessment):
		return exitFlagged
	case failOn == "assessment" && lbl == report.LabelAssessment:
		return exitFlagged
	}
	return exitOK
}

func scannedFiles(res *scanner.Result) []report.ScannedFile {
	var out []report.ScannedFile
	for _, fr := range res.Files {
		if fr.SHA256 != "" && fr.Err == nil {
			// The manifest names files through the one redaction path too: a file named after an
			// ID number is listed masked (its digest still identifies it).
			out = append(out, report.ScannedFile{AbsPath: redact.Text(fr.AbsPath), SHA256: fr.SHA256})
		}
	}
	return out
}

// terminalWidth is the width of the terminal w, at least 80 columns (0, the writer's default,
// when it cannot be read).
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return 0
	}
	return max(cols, 80)
}

// startCPUProfile starts a CPU profile into memory and returns the function that stops it and
// returns the profile. The file is written afterwards like a report (atomically, never through
// an input: see checkOutputs), so a profile path can never truncate anything in place.
func startCPUProfile() (func() []byte, error) {
	var buf bytes.Buffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		return nil, err
	}
	return func() []byte { pprof.StopCPUProfile(); return buf.Bytes() }, nil
}

// escapeForLog quotes a path so that newlines or escape sequences in file names cannot forge log
// lines or move the cursor.
func escapeForLog(s string) string {
	q := fmt.Sprintf("%q", s)
	return q[1 : len(q)-1]
}
