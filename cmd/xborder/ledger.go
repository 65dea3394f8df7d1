package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// ledgerSession is an open ledger for one scan.
type ledgerSession struct {
	l          *ledger.Ledger
	year       int
	trustMtime bool
	started    time.Time
	log        *slog.Logger
	// reuseKey names this run's judgement (policy and detector set): a recorded result is reused
	// only if it was made under the same one.
	reuseKey string

	mu     sync.Mutex
	reused map[string]ledger.FileRecord // by absolute path

	// keyed holds the keyed persons of the sets of a merged sharded run (the partials hold no
	// plain hashes); sets found here are matched and recorded by them.
	keyed map[*scanner.Set]keyedPersons
}

// keyedPersons are a set's persons keyed with the ledger's key.
type keyedPersons struct{ all, sensitive []ledger.Keyed }

// prior is the ledger's Prior for a set's persons.
func (s *ledgerSession) prior(ctx context.Context, p scanner.Persons) (ledger.Prior, error) {
	if kp, ok := s.keyed[p.Set]; ok && p.Set != nil {
		return s.l.PriorKeyed(ctx, s.year, kp.all, kp.sensitive)
	}
	all, sens := p.Hashes() // nil for sketches and rows-only sets: the ledger counts those
	return s.l.Prior(ctx, s.year, all, sens)
}

func ledgerOptions(keyPath string, pol *report.Policy, now func() time.Time, log *slog.Logger) ledger.Options {
	return ledger.Options{
		KeyPath:  keyPath,
		Location: pol.Location(),
		Now:      now,
		LockWait: func(msg string) { log.Warn(msg) },
	}
}

func (a *app) openLedger(ctx context.Context, f scanFlags, pol *report.Policy, now time.Time, log *slog.Logger) (*ledgerSession, error) {
	opt := ledgerOptions(f.ledgerKey, pol, a.now, log)
	opt.NewLedger = f.newLedger
	l, err := ledger.Open(ctx, f.ledger, opt)
	if err != nil {
		return nil, err
	}
	return &ledgerSession{l: l, year: l.Year(now), trustMtime: f.trustMtime, started: now, log: log,
		reuseKey: reuseKey(pol), reused: map[string]ledger.FileRecord{}}, nil
}

// reuseKey is a canonical digest of what judges a file: the compiled policy (every part but its
// file's identity and the prior totals, which are applied afresh each run), the detector set
// (ids, default categories, what each validates, header hints) and the tool version, which
// stands for the detectors' code. Comments or key order in the policy file do not change it; a
// changed category, ignore rule, custom detector, threshold or exemption does, and so does a new
// xborder build: the file is read again.
func reuseKey(pol *report.Policy) string {
	c := *pol
	c.Source, c.SHA256, c.PriorTotals = "", "", report.PriorTotals{}
	h := sha256.New()
	fmt.Fprintf(h, "xborder reuse v1\n%s\n", version)
	enc := json.NewEncoder(h)
	if err := enc.Encode(c); err != nil {
		return "" // never reuse what cannot be named
	}
	for _, d := range detect.Builtin().All() {
		if err := enc.Encode([]any{d.ID(), d.Category(), d.Describe(), d.Hints()}); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (s *ledgerSession) close() { _ = s.l.Close() }

// reuse is the scanner's Reuse hook: a file recorded this year with the same path, size and
// modification time (and, unless --trust-mtime, the same sha256), under the same policy judgement
// and detector set (reuseKey), is not analysed again. Its
// persons are in the ledger already, so they count through the prior totals.
func (s *ledgerSession) reuse(abs string, info os.FileInfo) (scanner.FileResult, bool) {
	rec, ok, err := s.l.LookupFile(context.Background(), abs, info.Size(), info.ModTime(), s.reuseKey)
	if err != nil || !ok || rec.Year != s.year || len(rec.Report) == 0 {
		return scanner.FileResult{}, false
	}
	note := fmt.Sprintf("unchanged since ledger run %d (path, size and modification time match", rec.RunID)
	if !s.trustMtime {
		sum, err := fileSHA256(abs)
		if err != nil || sum != rec.SHA256 {
			return scanner.FileResult{}, false
		}
		note += ", sha256 verified"
	}
	var entry report.File
	if err := json.Unmarshal(rec.Report, &entry); err != nil {
		return scanner.FileResult{}, false
	}
	fr := fileResultFromEntry(entry)
	fr.AbsPath = abs
	fr.Reused = true
	fr.Notes = append(fr.Notes, note+"): result reused, file not read again")
	s.mu.Lock()
	s.reused[abs] = rec
	s.mu.Unlock()
	return fr, true
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// fileResultFromEntry rebuilds a scan result from a recorded report entry, so the verdict is
// decided again against this run's totals.
func fileResultFromEntry(e report.File) scanner.FileResult {
	fr := scanner.FileResult{
		Path: e.Path, Format: e.Format, Encoding: e.Encoding, Size: e.SizeBytes, SHA256: e.SHA256,
		Modified: e.Modified, Rows: e.Rows, SampledRows: e.SampledRows,
		Notes: append([]string(nil), e.Notes...),
	}
	for _, t := range e.Tables {
		tr := scanner.TableResult{Name: t.Name, Rows: t.Rows}
		for _, c := range t.Columns {
			cr := scanner.ColumnResult{Name: c.Name, Index: c.Index, NonEmpty: c.NonEmpty, Masked: c.MaskedValues,
				Hashed: c.HashedValues, PrecisionLost: c.PrecisionLost, Types: []scanner.TypeResult{}}
			for _, ty := range c.Types {
				cr.Types = append(cr.Types, scanner.TypeResult{Type: ty.Type, Category: detect.Category(ty.Category),
					Confidence: ty.Confidence, Matched: ty.Matched, Sampled: ty.Sampled, Examples: ty.Examples})
			}
			tr.Columns = append(tr.Columns, cr)
		}
		fr.Tables = append(fr.Tables, tr)
	}
	return fr
}

// tallies fills the report input with counts that include the persons recorded earlier this
// year, de-duplicated: a customer sent in March and again now counts once.
func (s *ledgerSession) tallies(ctx context.Context, res *scanner.Result, policyPrior priorCounts, in *report.Input) error {
	totals, err := s.l.Totals(ctx, s.year)
	if err != nil {
		return err
	}
	in.Ledger = &report.LedgerRef{
		Path: s.l.Path(), Year: s.year,
		PriorIndividuals:          totals.Individuals + policyPrior.individuals,
		PriorSensitiveIndividuals: totals.SensitiveIndividuals + policyPrior.sensitive,
	}
	priorFor := func(p scanner.Persons) (int64, int64, error) {
		pr, err := s.prior(ctx, p)
		if err != nil {
			return 0, 0, err
		}
		return pr.Individuals - pr.Overlap + policyPrior.individuals, pr.SensitiveIndividuals - pr.SensitiveOverlap + policyPrior.sensitive, nil
	}
	var reusedN, reusedS int64
	for _, fr := range res.Files {
		t := tallyOf(fr.Persons)
		switch {
		case fr.Err != nil:
		case fr.Reused:
			// Its persons are all in the ledger already: prior holds them.
			s.mu.Lock()
			rec := s.reused[fr.AbsPath]
			s.mu.Unlock()
			t = report.Tally{Individuals: rec.Individuals, IndividualsUpper: rec.Individuals,
				Sensitive: rec.SensitiveIndividuals, SensitiveUpper: rec.SensitiveIndividuals, Method: scanner.Method(rec.Method)}
			t.PriorIndividuals = max(0, in.Ledger.PriorIndividuals-rec.Individuals)
			t.PriorSensitive = max(0, in.Ledger.PriorSensitiveIndividuals-rec.SensitiveIndividuals)
			reusedN += rec.Individuals
			reusedS += rec.SensitiveIndividuals
		default:
			if t.PriorIndividuals, t.PriorSensitive, err = priorFor(fr.Persons); err != nil {
				return err
			}
		}
		in.Files = append(in.Files, report.FileInput{Result: fr, Tally: t})
	}
	in.Batch = tallyOf(res.Batch)
	if in.Batch.PriorIndividuals, in.Batch.PriorSensitive, err = priorFor(res.Batch); err != nil {
		return err
	}
	// Reused files' persons are inside the prior totals; list them in the batch counts too
	// (an upper bound: they are not de-duplicated against the other files).
	in.Batch.Individuals += reusedN
	in.Batch.IndividualsUpper += reusedN
	in.Batch.Sensitive += reusedS
	in.Batch.SensitiveUpper += reusedS
	in.Batch.PriorIndividuals = max(0, in.Batch.PriorIndividuals-reusedN)
	in.Batch.PriorSensitive = max(0, in.Batch.PriorSensitive-reusedS)
	return nil
}

// record adds this run's persons and files to the ledger in one transaction.
func (s *ledgerSession) record(ctx context.Context, res *scanner.Result, rep *report.Report, pol *report.Policy, now time.Time) error {
	run := ledger.Run{
		Year: s.year, Started: s.started, Finished: now, ToolVersion: version,
		PolicySHA256: pol.SHA256, Roots: rep.Roots,
		Label: rep.Summary.Verdict.Label,
	}
	if len(rep.Summary.Verdict.Reasons) > 0 {
		run.Rule = rep.Summary.Verdict.Reasons[0].Rule
	}
	for i, fr := range res.Files {
		entry := rep.Files[i]
		blob, err := json.Marshal(entry)
		if err != nil {
			return err
		}
		lf := ledger.File{
			Path: fr.Path, AbsPath: fr.AbsPath, SHA256: fr.SHA256, Size: fr.Size, Modified: fr.Modified,
			Format: fr.Format, Label: entry.Verdict.Label,
			Individuals: max(entry.Individuals, entry.IndividualsUpper), SensitiveIndividuals: max(entry.SensitiveIndividuals, entry.SensitiveUpper),
			Method: entry.IndividualsMethod, Report: blob, ReuseKey: s.reuseKey,
		}
		if len(entry.Verdict.Reasons) > 0 {
			lf.Rule = entry.Verdict.Reasons[0].Rule
		}
		if kp, ok := s.keyed[fr.Persons.Set]; ok && fr.Persons.Set != nil {
			lf.AllKeyed, lf.SensitiveKeyed = kp.all, kp.sensitive
		} else if !fr.Reused {
			lf.All, lf.Sensitive = fr.Persons.Hashes()
		}
		run.Files = append(run.Files, lf)
	}
	run.Approvals = approvalUses(rep)
	return s.l.Record(ctx, run)
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

// ledger implements `xborder ledger show|history|export|forget`.
func (a *app) ledger(ctx context.Context, args []string) int {
	const usage = "usage: xborder ledger show|history|export|forget --ledger FILE [flags]"
	if len(args) == 0 {
		fmt.Fprintln(a.stderr, usage)
		return exitError
	}
	sub := args[0]
	fs := flag.NewFlagSet("xborder ledger "+sub, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	path := fs.String("ledger", "", "ledger `file`")
	keyPath := fs.String("ledger-key", "", "secret key `file` (default: the ledger path + .key)")
	policyPath := fs.String("policy", "", "policy `file` (for its time zone and prior totals)")
	year := fs.Int("year", 0, "calendar `year` for show (default: the current year)")
	format := fs.String("format", "csv", "export `format`: csv or json")
	rest, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return flagExit(err)
	}
	if *path == "" {
		fmt.Fprintln(a.stderr, "xborder ledger: --ledger FILE is required\n"+usage)
		return exitError
	}
	if _, err := os.Stat(*path); err != nil {
		fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
		return exitError
	}
	pol := report.DefaultPolicy()
	if *policyPath != "" {
		if pol, err = loadPolicy(*policyPath); err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
	}
	l, err := ledger.Open(ctx, *path, ledgerOptions(*keyPath, pol, a.now, a.logger(false)))
	if err != nil {
		fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
		return exitError
	}
	defer l.Close()
	switch sub {
	case "show":
		y := *year
		if y == 0 {
			y = l.Year(a.now())
		}
		t, err := l.Totals(ctx, y)
		if err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
		prior := priorTotals(pol, time.Date(y, 6, 1, 0, 0, 0, 0, pol.Location()))
		a.showTotals(y, t.Individuals+prior.individuals, t.SensitiveIndividuals+prior.sensitive, pol)
		uses, err := l.Approvals(ctx, y)
		if err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %v\n", err)
			return exitError
		}
		if len(uses) > 0 {
			fmt.Fprintf(a.stdout, "Approvals used in %d:\n", y)
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			for _, u := range uses {
				fmt.Fprintf(tw, "  %s\t%s\t%d runs, %d files\tlatest: %s (run %d, %s)\n", u.Reference, u.Kind, u.Runs, u.Files,
					u.LastStatus, u.LastRun, u.LastAt.UTC().Format(time.RFC3339))
			}
			_ = tw.Flush()
		}
		return exitOK
	case "history":
		runs, err := l.History(ctx)
		if err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RUN\tYEAR\tFINISHED\tLABEL\tRULE\tFILES\tINDIVIDUALS\tSENSITIVE\tNEW\tNEW SENSITIVE")
		for _, r := range runs {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", r.ID, r.Year, r.Finished.UTC().Format(time.RFC3339),
				r.Label, r.Rule, r.Files, r.Individuals, r.SensitiveIndividuals, r.NewIndividuals, r.NewSensitiveIndividuals)
		}
		_ = tw.Flush()
		return exitOK
	case "export":
		if err := l.Export(ctx, a.stdout, *format); err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
		return exitOK
	case "forget":
		if len(rest) != 1 {
			fmt.Fprintln(a.stderr, "usage: xborder ledger forget --ledger FILE RUN-ID   (see 'xborder ledger history')")
			return exitError
		}
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: run id %q is not a number\n", rest[0])
			return exitError
		}
		if err := l.Forget(ctx, id); err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
		fmt.Fprintf(a.stdout, "forgot run %d\n", id)
		return exitOK
	default:
		fmt.Fprintf(a.stderr, "xborder ledger: unknown subcommand %q\n%s\n", sub, usage)
		return exitError
	}
}

// showTotals prints a year's totals against the thresholds of Arts. 7 and 8, with what the
// volume test says of them.
func (a *app) showTotals(year int, n, s int64, pol *report.Policy) {
	th := pol.Thresholds
	fmt.Fprintf(a.stdout, "Ledger totals for %d (since 1 January, %s):\n", year, pol.Location())
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  persons with personal information\t%d\tcontract from %d, assessment from %d\n", n, th.ContractIndividuals, th.AssessmentIndividuals)
	fmt.Fprintf(tw, "  persons with sensitive information\t%d\tcontract from 1, assessment from %d\n", s, th.AssessmentSensitive)
	_ = tw.Flush()
	v := report.DecideVolume(report.Counts{N: n, S: s, NEstimate: n, SEstimate: s, Method: scanner.MethodExact}, pol, fmt.Sprintf(" recorded in %d", year))
	fmt.Fprintf(a.stdout, "Transfers so far this year: %s\n", v.Label)
	for _, r := range v.Reasons {
		fmt.Fprintf(a.stdout, "  %s: %s\n", r.Rule, r.Detail)
	}
}
