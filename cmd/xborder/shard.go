package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	audit "github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/partial"
)

// A sharded audit runs in three steps with one format between them (docs/scale-out.md):
//
//	xborder plan PATH... --shards N --out DIR --ledger-key KEY
//	xborder scan --plan DIR/plan.json --shard I/N --ledger-key KEY   (one process per shard)
//	xborder merge DIR [--ledger FILE --record] [--evidence DIR] [-f json -o FILE]
//
// The merge decides every file and the batch with the same code as scan, from the exact union
// of the shards' keyed persons.

// planFlags are the flags of `xborder plan`.
type planFlags struct {
	shards         int
	out, policy    string
	exclude        stringList
	ledgerKey      string
	ledger         string
	trustMtime     bool
	followSymlinks bool
	quiet          bool
}

func (a *app) plan(ctx context.Context, args []string) int {
	var f planFlags
	fs := a.planFlagSet(&f)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(err error) int { fmt.Fprintf(a.stderr, "xborder plan: %v\n", err); return exitError }
	if f.ledgerKey == "" && f.ledger != "" {
		f.ledgerKey = f.ledger + ".key"
	}
	switch {
	case len(paths) == 0:
		return fail(errors.New("no PATH given (usage: xborder plan PATH... --shards N --out DIR --ledger-key FILE)"))
	case f.shards < 1:
		return fail(errors.New("--shards must be at least 1"))
	case f.out == "":
		return fail(errors.New("--out DIR is required"))
	case f.ledgerKey == "":
		return fail(errors.New("--ledger-key FILE is required: the shards key every person with it (use the ledger's key)"))
	}
	if err := checkOutputs(scanFlags{output: filepath.Join(f.out, partial.PlanName), evidence: f.out}, paths); err != nil {
		return fail(err)
	}
	pol := report.DefaultPolicy()
	if f.policy != "" {
		if pol, err = loadPolicy(f.policy); err != nil {
			return fail(err)
		}
	}
	key, err := ledger.LoadOrCreateKey(f.ledgerKey)
	if err != nil {
		return fail(err)
	}
	opts, err := audit.ScanOptions(pol, a.now(), audit.Reading{Exclude: f.exclude, FollowSymlinks: f.followSymlinks, SetBudget: 1 << 20})
	if err != nil {
		return fail(err)
	}
	files, skipped, empty, err := audit.ListInputs(ctx, paths, opts)
	if err != nil {
		return fail(err)
	}
	p, err := partial.NewPlan(paths, files, skipped, f.shards, pol.SHA256, ledger.KeyCheck(key))
	if err != nil {
		return fail(err)
	}
	p.Exclude, p.EmptyRoots = f.exclude, empty
	if f.ledger != "" {
		if err := a.markReused(ctx, f, pol, key, p); err != nil {
			return fail(err)
		}
	}
	if err := writePlan(ctx, f.out, p); err != nil {
		return fail(err)
	}
	var bytes int64
	for _, fl := range files {
		bytes += fl.Size
	}
	a.logger(f.quiet).Info("plan written", "plan", filepath.Join(f.out, partial.PlanName), "files", len(files),
		"bytes", bytes, "shards", f.shards, "skipped", len(skipped))
	return exitOK
}

// planFlagSet declares the plan command's flags into f.
func (a *app) planFlagSet(f *planFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("xborder plan", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.IntVar(&f.shards, "shards", 1, "number of shards (`N` processes or pods)")
	fs.StringVar(&f.out, "out", "", "run `folder` for plan.json and the shards' partials (a volume every pod mounts)")
	fs.StringVar(&f.policy, "policy", "", "policy `file` (YAML); the shards and the merge must use the same")
	fs.Var(&f.exclude, "exclude", "leave out on purpose the paths matching `glob`, as scan --exclude does (repeatable); the shards apply it to archive members")
	fs.StringVar(&f.ledgerKey, "ledger-key", "", "secret key `file` the shards key persons with: the ledger's key (created, mode 0600, when missing)")
	fs.StringVar(&f.ledger, "ledger", "", "yearly ledger `file`: files it recorded unchanged this year are not read again (the merge reuses their results)")
	fs.BoolVar(&f.trustMtime, "trust-mtime", false, "with --ledger: path, size and mtime suffice to reuse a recorded file, without reading it for its digest")
	fs.BoolVar(&f.followSymlinks, "follow-symlinks", false, "follow symbolic links inside folders")
	for _, n := range []string{"q", "quiet"} {
		fs.BoolVar(&f.quiet, n, false, "nothing on stderr but errors")
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: xborder plan [flags] PATH... --shards N --out DIR --ledger-key FILE\n\n"+
			"Lists the inputs once, fixes every file's global index and spreads the files over N shards by size.\n\n")
		fs.PrintDefaults()
	}
	return fs
}

// writePlan stores p as out's plan.json; a retried plan may rewrite the same plan, never another.
func writePlan(ctx context.Context, out string, p *partial.Plan) error {
	data, err := p.Encode()
	if err != nil {
		return err
	}
	st := partial.Dir(out)
	if old, err := st.Get(ctx, partial.PlanName); err == nil && string(old) != string(data) {
		return fmt.Errorf("%s already holds another plan: give each run a fresh --out folder", out)
	} else if err != nil && !errors.Is(err, iofs.ErrNotExist) {
		return err
	}
	return st.Put(ctx, partial.PlanName, data)
}

// loadPlan reads a plan and returns it with its digest (the partials name it).
func loadPlan(ctx context.Context, st partial.Store) (*partial.Plan, string, error) {
	data, err := st.Get(ctx, partial.PlanName)
	if err != nil {
		return nil, "", err
	}
	p, err := partial.DecodePlan(data)
	if err != nil {
		return nil, "", err
	}
	return p, partial.Digest(data), nil
}

// parseShard parses --shard I/N (I from 0, as JOB_COMPLETION_INDEX counts).
func parseShard(s string, shards int) (int, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("--shard %q: want I/N, I from 0 to N-1 (e.g. --shard $JOB_COMPLETION_INDEX/8)", s)
	}
	if n != shards {
		return 0, fmt.Errorf("--shard %s: the plan has %d shards", s, shards)
	}
	if i < 0 || i >= n {
		return 0, fmt.Errorf("--shard %s: I must be from 0 to %d", s, n-1)
	}
	return i, nil
}

// scanShard implements `xborder scan --plan PLAN --shard I/N`: it audits its files and writes
// its partial next to the plan. It decides nothing: the merge does.
func (a *app) scanShard(ctx context.Context, args []string) int {
	var f scanFlags
	fs := a.scanFlagSet(&f)
	planPath := fs.String("plan", "", "plan `file` written by xborder plan (its folder receives the partial)")
	shard := fs.String("shard", "", "this process's shard `I/N` (I from 0; $JOB_COMPLETION_INDEX in a Kubernetes Indexed Job)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(err error) int { fmt.Fprintf(a.stderr, "xborder scan --shard: %v\n", err); return exitError }
	switch {
	case len(rest) > 0:
		return fail(errors.New("a shard reads the plan's files: give no PATH"))
	case *planPath == "" || *shard == "":
		return fail(errors.New("--plan FILE and --shard I/N go together"))
	case f.record || f.ledger != "" || f.evidence != "" || f.output != "":
		return fail(errors.New("--ledger, --record, --evidence and -o belong to xborder merge; a shard writes only its partial"))
	case len(f.exclude) > 0:
		return fail(errors.New("--exclude belongs to xborder plan: the shards apply the plan's"))
	case f.ledgerKey == "":
		return fail(errors.New("--ledger-key FILE is required: the plan's key"))
	case f.sample < 0 || f.workers < 0 || f.setBudgetMB <= 0:
		return fail(errors.New("--sample, --workers and --count-memory must not be negative"))
	}
	if filepath.Base(*planPath) != partial.PlanName {
		return fail(fmt.Errorf("--plan %s: give the %s that xborder plan wrote", *planPath, partial.PlanName))
	}
	st := partial.Dir(filepath.Dir(*planPath))
	p, planSHA, err := loadPlan(ctx, st)
	if err != nil {
		return fail(err)
	}
	s, err := parseShard(*shard, p.Shards)
	if err != nil {
		return fail(err)
	}
	pol, err := shardPolicy(f.policy, p)
	if err != nil {
		return fail(err)
	}
	key, err := ledger.LoadKey(f.ledgerKey)
	if err != nil {
		return fail(err)
	}
	if ledger.KeyCheck(key) != p.KeyCheck {
		return fail(fmt.Errorf("--ledger-key %s is not the key the plan was made with", f.ledgerKey))
	}
	log := a.logger(f.quiet)
	files := p.Of(s)
	f.exclude = p.Exclude
	opts, err := audit.ScanOptions(pol, a.now(), f.reading())
	if err != nil {
		return fail(err)
	}
	res := scanShardFiles(ctx, files, opts, f.scratch)
	if res.Incomplete {
		return fail(errors.New("interrupted: no partial written (run the shard again)"))
	}
	m, err := partial.Write(ctx, st, p, planSHA, s, key, files, res)
	if err != nil {
		return fail(err)
	}
	log.Info("partial written", "shard", fmt.Sprintf("%d/%d", s, p.Shards), "files", m.Files, "persons", m.Persons,
		"dir", filepath.Join(filepath.Dir(*planPath), partial.ShardDir(s, p.Shards)))
	return exitOK
}

// scanShardFiles reads a shard's files but those the ledger recorded unchanged (the merge takes
// their results), and returns their results in the plan's order, with one span per file (an
// archive gives one result per member; a reused file one placeholder).
func scanShardFiles(ctx context.Context, files []partial.PlanFile, opts scanner.Options, scratch string) *scanner.Result {
	var refs []scanner.FileRef
	for _, fl := range files {
		if !fl.Reused {
			refs = append(refs, fl.FileRef)
		}
	}
	res := audit.ScanRefs(ctx, refs, opts, scratch)
	if len(refs) == len(files) {
		return res
	}
	read, spans := res.Files, res.Spans
	res.Files, res.Spans = nil, make([]scanner.Span, len(files))
	for i, fl := range files {
		if fl.Reused {
			res.Files = append(res.Files, scanner.FileResult{Path: fl.Path, AbsPath: fl.Abs, Root: fl.Root, Size: fl.Size, Modified: fl.Modified, Reused: true})
			res.Spans[i] = scanner.Span{Files: 1}
			continue
		}
		res.Spans[i], spans = spans[0], spans[1:]
		res.Files, read = append(res.Files, read[:res.Spans[i].Files]...), read[res.Spans[i].Files:]
	}
	return res
}

// shardPolicy loads the policy and refuses one other than the plan's.
func shardPolicy(path string, p *partial.Plan) (*report.Policy, error) {
	pol := report.DefaultPolicy()
	if path != "" {
		var err error
		if pol, err = loadPolicy(path); err != nil {
			return nil, err
		}
	}
	if pol.SHA256 != p.PolicySHA256 {
		return nil, errors.New("the policy differs from the plan's (give every step the same --policy)")
	}
	return pol, nil
}

// merge implements `xborder merge DIR`: it refuses a missing, duplicated or damaged partial,
// merges the shards' person sets exactly and concludes as scan does (report, evidence, ledger,
// exit code).
func (a *app) merge(ctx context.Context, args []string) int {
	var f scanFlags
	fs := a.scanFlagSet(&f)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: xborder merge [flags] DIR\n\nMerges the partials of the sharded run in DIR; "+
			"reports, evidence, ledger and exit codes as for xborder scan (the reading flags do not apply).\n\n")
		fs.PrintDefaults()
	}
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(err error) int { fmt.Fprintf(a.stderr, "xborder merge: %v\n", err); return exitError }
	if len(rest) != 1 {
		return fail(errors.New("give the run's folder (usage: xborder merge [flags] DIR)"))
	}
	if err := f.validate(rest); err != nil {
		return fail(err)
	}
	st := partial.Dir(rest[0])
	p, planSHA, err := loadPlan(ctx, st)
	if err != nil {
		return fail(err)
	}
	pol, err := shardPolicy(f.policy, p)
	if err != nil {
		return fail(err)
	}
	writer, err := a.reportWriter(f)
	if err != nil {
		return fail(err)
	}
	if err := checkOutputs(f, p.Roots); err != nil {
		return fail(err)
	}
	now := a.now()
	log := a.logger(f.quiet)
	var led *ledger.Ledger
	if f.ledger != "" {
		if led, err = a.openLedger(ctx, f, pol, log); err != nil {
			return fail(err)
		}
		defer led.Close()
		if led.KeyCheck() != p.KeyCheck {
			return fail(fmt.Errorf("the ledger's key is not the key the plan was made with: its persons would never match"))
		}
	}
	opts, err := audit.ScanOptions(pol, now, f.reading())
	if err != nil {
		return fail(err)
	}
	au := audit.New(f.auditOptions(pol, now, opts, led))
	files, err := partial.Merge(ctx, st, p, planSHA, opts.SetBudget)
	if err != nil {
		return fail(err)
	}
	res, err := au.Merge(p, files)
	if err != nil {
		return fail(err)
	}
	return a.conclude(ctx, "merge", f, writer, au, res, p.Roots, log)
}

// isShardScan reports whether scan's arguments ask for one shard of a plan (--plan).
func isShardScan(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "plan" {
			return true
		}
	}
	return false
}

// markReused marks the plan's local files that the ledger recorded unchanged this year, as a
// scan with --ledger would reuse them (the digest is verified unless --trust-mtime).
func (a *app) markReused(ctx context.Context, f planFlags, pol *report.Policy, key []byte, p *partial.Plan) error {
	if _, err := os.Stat(f.ledger); err != nil {
		return nil // no ledger yet: nothing recorded to reuse
	}
	led, err := a.openLedger(ctx, scanFlags{ledger: f.ledger, ledgerKey: f.ledgerKey}, pol, a.logger(f.quiet))
	if err != nil {
		return err
	}
	defer led.Close()
	if led.KeyCheck() != ledger.KeyCheck(key) {
		return errors.New("the ledger's key is not --ledger-key")
	}
	au := audit.New(audit.Options{Tool: report.Tool{Name: "xborder", Version: version}, Policy: pol, Now: a.now(),
		Ledger: led, TrustMtime: f.trustMtime})
	au.MarkReused(p)
	return nil
}
