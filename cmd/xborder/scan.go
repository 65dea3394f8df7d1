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
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
	"github.com/xborder/xborder/scanner/redact"
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
	exclude                          stringList
	scratch                          string
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
	fs.Var(&f.exclude, "exclude", "leave out on purpose the paths matching `glob` (repeatable; relative to each scanned folder, e.g. '*.pdf', '**/tmp/**', 'exports.zip!/docs/**'); the report lists them as excluded")
	fs.BoolVar(&f.followSymlinks, "follow-symlinks", false, "follow symbolic links inside folders (loops are detected either way)")
	fs.Int64Var(&f.setBudgetMB, "count-memory", scanner.DefaultSetBudget>>20, "MiB each set of distinct persons may use for exact counting before it switches to an estimate")
	fs.IntVar(&f.limits.MaxFieldBytes, "max-field-bytes", readers.DefaultMaxFieldBytes, "longest cell or line accepted in delimited text, in bytes")
	fs.IntVar(&f.limits.MaxColumns, "max-columns", readers.DefaultMaxColumns, "most columns a table may have")
	fs.Int64Var(&f.limits.MaxDecompressedBytes, "max-decompressed-bytes", readers.DefaultMaxDecompressedBytes, "most bytes a gzip stream or an xlsx part may expand to")
	fs.IntVar(&f.limits.MaxSheets, "max-sheets", readers.DefaultMaxSheets, "most sheets a workbook may have")
	fs.StringVar(&f.scratch, "scratch", os.TempDir(), "`folder` where workbook objects (xlsx, ods) of s3:// inputs over 8 MiB are copied while they are read (one per worker at a time); other objects are streamed or read by ranges")
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
	opts, err := scanOptions(f, pol, now)
	if err != nil {
		fmt.Fprintf(a.stderr, "xborder scan: %v\n", err)
		return exitError
	}
	opts.Progress = &progress
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
	// One process runs the sharded audit's steps in memory: the plan's listing (local paths as
	// Scan walks them, objects of s3:// inputs), the shards' reading, and below the merge's
	// conclusion. The walk fails only when the run is cancelled: the result is then incomplete.
	res := &scanner.Result{Incomplete: true}
	if refs, skipped, empty, lerr := listInputs(ctx, paths, opts); lerr == nil {
		res = scanRefs(ctx, refs, opts, f.scratch)
		// The walk's skipped paths first, then what the reading found (archive members).
		res.Skipped = append(skipped, res.Skipped...)
		res.EmptyRoots = empty
	}
	profile := stopProfile()
	bar.finish()
	if f.cpuProfile != "" {
		if err := report.WriteFileAtomic(f.cpuProfile, func(w io.Writer) error { _, err := w.Write(profile); return err }); err != nil {
			return fail("cpu profile: ", err)
		}
	}
	return a.conclude(ctx, "scan", f, pol, writer, led, res, paths, now, log)
}

// conclude turns a run's results into tallies, verdicts, the report, the evidence bundle and the
// ledger record, and returns the exit code: the same for a scan and for the merge of a sharded
// run.
func (a *app) conclude(ctx context.Context, cmd string, f scanFlags, pol *report.Policy, writer report.Writer,
	led *ledgerSession, res *scanner.Result, paths []string, now time.Time, log *slog.Logger) int {
	// fail reports err and returns exit 2, or 130/143 when a signal interrupted the run.
	fail := func(prefix string, err error) int {
		if code, ok := interruptCode(ctx); ok {
			fmt.Fprintf(a.stderr, "xborder %s: %v: %s%s\n", cmd, context.Cause(ctx), prefix, shownError(err))
			return code
		}
		fmt.Fprintf(a.stderr, "xborder %s: %s%s\n", cmd, prefix, shownError(err))
		return exitError
	}
	// After an interrupt, what was read is still reported (marked incomplete): the steps below
	// run on a context that is not cancelled, with a bound of their own.
	post := ctx
	if ctx.Err() != nil {
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
	for _, s := range res.Skipped {
		if !s.Excluded {
			log.Error("path not examined", "path", shown(s.Path), "reason", shown(s.Reason))
		}
	}
	if len(res.Files) == 0 && !res.Incomplete {
		log.Error("nothing to audit: no file was found under the given paths")
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
			log.Error("nothing recorded in the ledger: the run had unreadable or unexamined files, found nothing, or was interrupted")
		} else if err := led.record(ctx, res, &rep, pol, now); err != nil {
			return fail("recording in the ledger: ", err)
		} else {
			log.Info("recorded in the ledger", "ledger", shown(f.ledger), "files", len(res.Files))
		}
	}
	return code
}

// scanOptions are the scanner's options for the flags and policy (of a scan, a shard or a merge).
func scanOptions(f scanFlags, pol *report.Policy, now time.Time) (scanner.Options, error) {
	exclude, err := excluder(f.exclude, pol)
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
		SampleRows:     f.sample,
		Workers:        f.workers,
		FollowSymlinks: f.followSymlinks,
		SetBudget:      f.setBudgetMB << 20,
		Limits:         f.limits,
	}
	if !pol.ExemptTransfersCount {
		opts.CountInBatch = pol.CountsTowardBatch
	}
	return opts, nil
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

// exitCode applies spec section 2. A run whose batch verdict is error (something was not
// examined, or nothing was found) exits 2 like one with an unreadable file.
func exitCode(rep *report.Report, failOn string) int {
	if rep.Summary.Error > 0 || rep.Incomplete || len(rep.NotExaminedPaths()) > 0 || rep.Summary.Verdict.Label == report.LabelError {
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
		// Listed in the manifest: files on disk. An archive member is no file on disk (its
		// archive is listed instead); objects are listed in the report with their digests. The
		// manifest names files through the one redaction path too: a file named after an ID
		// number is listed masked (its digest still identifies it).
		if fr.SHA256 != "" && fr.Err == nil && fr.Container == "" && !isObjectURL(fr.AbsPath) {
			out = append(out, report.ScannedFile{AbsPath: redact.Text(fr.AbsPath), SHA256: fr.SHA256})
		}
	}
	for _, ar := range res.Archives {
		out = append(out, report.ScannedFile{AbsPath: redact.Text(ar.AbsPath), SHA256: ar.SHA256})
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
