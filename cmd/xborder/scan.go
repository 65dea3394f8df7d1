package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/term"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	audit "github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/redact"
)

// scanFlags are the flags of `xborder scan` (docs/cli.md, "Flags of scan").
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
	exclude                          stringList
	scratch                          string
	failOnNew, noExamples            bool
	recordPartial                    bool
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
	fs.StringVar(&f.policy, "policy", "", "policy `file` (YAML); default: $"+policyEnv+" if set, else "+policyFile+" in the current folder if it exists, else the built-in defaults; see 'xborder policy init'")
	fs.StringVar(&f.ledger, "ledger", "", "yearly ledger `file` of persons already transferred (created on first use)")
	fs.StringVar(&f.ledgerKey, "ledger-key", "", "secret key `file` of the ledger (default: the ledger path + .key)")
	fs.BoolVar(&f.record, "record", false, "after a successful run, record this run's persons and files in the ledger as transferred")
	fs.BoolVar(&f.recordPartial, "record-partial", false, "with --record: when some files could not be read or paths were not examined, still record the files that were audited (the others are named on stderr); the exit code stays 2")
	fs.BoolVar(&f.newLedger, "new-ledger", false, "create the --ledger database although its key file exists (a new year, or a deliberate restart); without it a missing or empty database next to its key is an error")
	fs.BoolVar(&f.trustMtime, "trust-mtime", false, "with --ledger: reuse a recorded result when path, size and mtime match, without re-reading the file for its digest")
	fs.IntVar(&f.sample, "sample", scanner.DefaultSampleRows, "rows per table used to decide column types (0 = all rows); persons are always counted over all rows")
	fs.IntVar(&f.workers, "workers", 0, "files read at once (default: number of CPUs)")
	fs.StringVar(&f.failOn, "fail-on", "contract", "`level` that makes the exit code 1: contract, assessment or never")
	fs.BoolVar(&f.failOnNew, "fail-on-new", false, "with --ledger (for cron): exit 1 only when the run also adds persons not yet transferred this year, or raises the year's label; the files with new persons are named on stderr")
	fs.BoolVar(&f.noExamples, "no-examples", false, "leave every masked example out of the report and the evidence bundle")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no progress bar (it is shown only when stderr is a terminal anyway)")
	for _, n := range []string{"q", "quiet"} {
		fs.BoolVar(&f.quiet, n, false, "nothing on stderr but errors")
	}
	fs.Var(&f.exclude, "exclude", "leave out on purpose the paths matching `glob` (repeatable; relative to each scanned folder, e.g. '*.pdf', '**/tmp/**', 'exports.zip!/docs/**'); the report lists them as excluded")
	fs.BoolVar(&f.followSymlinks, "follow-symlinks", false, "follow symbolic links inside folders (loops are detected either way)")
	fs.Int64Var(&f.setBudgetMB, "count-memory", scanner.DefaultSetBudget>>20, "MiB each set of distinct persons may use for exact counting before it switches to an estimate")
	fs.IntVar(&f.limits.MaxFieldBytes, "max-field-bytes", readers.DefaultMaxFieldBytes, "longest cell or line accepted in delimited text, in bytes")
	fs.IntVar(&f.limits.MaxColumns, "max-columns", readers.DefaultMaxColumns, "most columns a table may have")
	fs.Int64Var(&f.limits.MaxDecompressedBytes, "max-decompressed-bytes", readers.DefaultMaxDecompressedBytes, "most bytes a gzip stream or an xlsx part may expand to")
	fs.IntVar(&f.limits.MaxSheets, "max-sheets", readers.DefaultMaxSheets, "most sheets a workbook may have")
	fs.StringVar(&f.scratch, "scratch", os.TempDir(), "`folder` where workbook (xlsx, ods) and zip objects of s3:// inputs over 8 MiB are copied while they are read (one per worker at a time); other objects are streamed or read by ranges")
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
	log := a.logger(f.quiet)
	pol, writer, err := a.scanSetup(&f, fs, paths, log)
	if err != nil {
		return fail("", err)
	}

	now := a.now()
	var led *ledger.Ledger
	if f.ledger != "" {
		led, err = a.openLedger(ctx, f, pol, log)
		if err != nil {
			return fail("", err)
		}
		defer led.Close()
	}

	var progress atomic.Int64
	opts, err := audit.ScanOptions(pol, now, f.reading())
	if err != nil {
		fmt.Fprintf(a.stderr, "xborder scan: %v\n", err)
		return exitError
	}
	opts.Progress = &progress
	bar := a.startProgress(f, paths, &progress, &opts)
	au := audit.New(f.auditOptions(pol, now, opts, led))
	stopProfile := func() []byte { return nil }
	if f.cpuProfile != "" {
		if stopProfile, err = startCPUProfile(); err != nil {
			bar.finish()
			return fail("cpu profile: ", err)
		}
	}
	// The audit lists the inputs (local paths, objects of s3:// inputs) and reads them; below it
	// concludes as the merge of a sharded run does.
	res := au.Scan(ctx, paths)
	profile := stopProfile()
	bar.finish()
	if f.cpuProfile != "" {
		if err := report.WriteFileAtomic(f.cpuProfile, func(w io.Writer) error { _, err := w.Write(profile); return err }); err != nil {
			return fail("cpu profile: ", err)
		}
	}
	return a.conclude(ctx, "scan", f, writer, au, res, paths, log)
}

// scanSetup checks the flags and every output target before anything is read, and loads the
// policy (--policy, else $XBORDER_POLICY or ./.xborder.yaml) and the report writer.
func (a *app) scanSetup(f *scanFlags, fs *flag.FlagSet, paths []string, log *slog.Logger) (*report.Policy, report.Writer, error) {
	if err := f.validate(paths); err != nil {
		return nil, nil, err
	}
	if err := f.inferFormat(fs); err != nil {
		return nil, nil, err
	}
	if f.policy == "" {
		if f.policy = a.discoverPolicy(); f.policy != "" {
			log.Info("policy found", "file", shown(f.policy))
		}
	}
	pol := report.DefaultPolicy()
	if f.policy != "" {
		var err error
		if pol, err = loadPolicy(f.policy); err != nil {
			return nil, nil, err
		}
	}
	writer, err := a.reportWriter(*f)
	if err != nil {
		return nil, nil, err
	}
	if err := checkOutputs(*f, paths); err != nil {
		return nil, nil, err
	}
	if err := checkWritable(*f); err != nil {
		return nil, nil, err
	}
	return pol, writer, nil
}

// reading are the flags' reading settings.
func (f *scanFlags) reading() audit.Reading {
	return audit.Reading{SampleRows: f.sample, Workers: f.workers, FollowSymlinks: f.followSymlinks,
		SetBudget: f.setBudgetMB << 20, Limits: f.limits, Exclude: f.exclude}
}

// auditOptions wire the flags, policy, scanner options and ledger (nil: none) into an audit.
func (f *scanFlags) auditOptions(pol *report.Policy, now time.Time, opts scanner.Options, led *ledger.Ledger) audit.Options {
	o := audit.Options{
		Tool: report.Tool{Name: "xborder", Version: version}, Policy: pol, Now: now, FailOn: f.failOn,
		Scan: opts, Scratch: f.scratch, TrustMtime: f.trustMtime, Record: f.record,
		FailOnNew: f.failOnNew, NoExamples: f.noExamples, Clock: time.Now, RecordPartial: f.recordPartial,
	}
	if led != nil {
		o.Ledger = led
	}
	return o
}

// conclude has the audit conclude the run's results, then writes the report, the evidence
// bundle and the ledger record, and returns the exit code: the same for a scan and for the
// merge of a sharded run.
func (a *app) conclude(ctx context.Context, cmd string, f scanFlags, writer report.Writer,
	au *audit.Audit, res *scanner.Result, paths []string, log *slog.Logger) int {
	// fail reports err and returns exit 2, or 130/143 when a signal interrupted the run.
	fail := func(prefix string, err error) int {
		if code, ok := interruptCode(ctx); ok {
			fmt.Fprintf(a.stderr, "xborder %s: %v: %s%s\n", cmd, context.Cause(ctx), prefix, shownError(err))
			return code
		}
		fmt.Fprintf(a.stderr, "xborder %s: %s%s\n", cmd, prefix, shownError(err))
		return exitError
	}
	out, err := au.Conclude(ctx, res, paths)
	if err != nil {
		return fail("", err)
	}
	logProblems(log, res)
	if f.failOnNew {
		for _, p := range audit.FilesWithNewPersons(out.Report) {
			// At error level so that a quiet cron job still mails it.
			log.Error("new persons this year", "file", shown(p))
		}
	}
	if err := a.writeReport(f, writer, out.Report); err != nil {
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
		ev, err := evidenceExtras(f, out.Report)
		if err != nil {
			return fail("evidence: ", err)
		}
		if err := report.WriteEvidenceWith(f.evidence, out.Report, out.Manifest, ev); err != nil {
			return fail("evidence: ", err)
		}
		log.Info("evidence bundle written", "dir", shown(f.evidence))
	}
	recorded, err := au.Record(ctx, out)
	if err != nil {
		return fail("", err)
	}
	switch {
	case recorded && out.ExitCode == exitError:
		for _, p := range audit.LeftOut(out) {
			log.Error("left out of the ledger (--record-partial): not read", "path", shown(p))
		}
		log.Error("recorded in the ledger only the files that were audited", "ledger", shown(f.ledger))
	case recorded:
		log.Info("recorded in the ledger", "ledger", shown(f.ledger), "files", len(res.Files))
	case f.record && au.HasLedger() && out.ExitCode == exitError:
		log.Error("nothing recorded in the ledger: the run had unreadable or unexamined files, found nothing, or was interrupted (--record-partial records the files that were audited)")
	}
	return out.ExitCode
}

// logProblems logs the files that could not be read, the paths not examined, and a run that
// found nothing.
func logProblems(log *slog.Logger, res *scanner.Result) {
	for _, fr := range res.Files {
		if fr.Err != nil {
			log.Error("file could not be read", "path", shown(fr.Path), "error", shownError(fr.Err))
		}
	}
	for _, s := range res.Skipped {
		if !s.Excluded {
			log.Error("path not examined", "path", shown(s.Path), "reason", shown(s.Reason))
		}
	}
	if len(res.Files) == 0 && !res.Incomplete {
		log.Error("nothing to audit: no file was found under the given paths")
	}
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
	if f.recordPartial && !f.record {
		return errors.New("--record-partial needs --record")
	}
	if f.failOnNew && f.ledger == "" {
		return errors.New("--fail-on-new needs --ledger FILE (without a ledger every person is new)")
	}
	if f.trustMtime && f.ledger == "" {
		return errors.New("--trust-mtime needs --ledger FILE")
	}
	if f.setBudgetMB <= 0 {
		return errors.New("--count-memory must be a positive number of MiB")
	}
	return nil
}

// reportWriter is the writer of --format, coloured and as wide as the terminal when the report
// goes to one.
func (a *app) reportWriter(f scanFlags) (report.Writer, error) {
	wopt := report.WriterOptions{Color: f.output == "" && a.isTerminal(a.stdout) && a.getenv("NO_COLOR") == ""}
	if f.output == "" && a.isTerminal(a.stdout) {
		wopt.Width = terminalWidth(a.stdout)
	}
	return report.NewWriter(f.format, wopt)
}

func (a *app) writeReport(f scanFlags, w report.Writer, rep *report.Report) error {
	if f.output == "" {
		return w.Write(a.stdout, rep)
	}
	return report.WriteFileAtomic(f.output, func(out io.Writer) error { return w.Write(out, rep) })
}

// terminalWidth is the width of the terminal w, at least 80 columns (report.DefaultWidth when it
// cannot be read; 0, which means "no terminal, never cut", is only for outputs that are none).
func terminalWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok {
		return report.DefaultWidth
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return report.DefaultWidth
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
