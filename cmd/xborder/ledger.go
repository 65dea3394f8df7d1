package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	audit "github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/scanner"
)

func ledgerOptions(keyPath string, pol *report.Policy, now func() time.Time, log *slog.Logger) ledger.Options {
	return ledger.Options{
		KeyPath:  keyPath,
		Location: pol.Location(),
		Now:      now,
		LockWait: func(msg string) { log.Warn(msg) },
	}
}

// openLedger opens the scan's --ledger.
func (a *app) openLedger(ctx context.Context, f scanFlags, pol *report.Policy, log *slog.Logger) (*ledger.Ledger, error) {
	opt := ledgerOptions(f.ledgerKey, pol, a.now, log)
	opt.NewLedger = f.newLedger
	return ledger.Open(ctx, f.ledger, opt)
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
	l, pol, err := a.openLedgerCmd(ctx, sub, *path, *keyPath, *policyPath)
	if err != nil {
		fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
		return exitError
	}
	defer l.Close()
	switch sub {
	case "show":
		return a.ledgerShow(ctx, l, pol, *year)
	case "history":
		return a.ledgerHistory(ctx, l)
	case "export":
		if err := l.Export(ctx, a.stdout, *format); err != nil {
			fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
			return exitError
		}
		return exitOK
	case "forget":
		return a.ledgerForget(ctx, l, rest)
	default:
		fmt.Fprintf(a.stderr, "xborder ledger: unknown subcommand %q\n%s\n", sub, usage)
		return exitError
	}
}

// openLedgerCmd opens the ledger of a `xborder ledger` command, which must exist, with its
// policy.
func (a *app) openLedgerCmd(ctx context.Context, sub, path, keyPath, policyPath string) (*ledger.Ledger, *report.Policy, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, nil, err
	}
	pol := report.DefaultPolicy()
	if policyPath != "" {
		var err error
		if pol, err = loadPolicy(policyPath); err != nil {
			return nil, nil, err
		}
	}
	opt := ledgerOptions(keyPath, pol, a.now, a.logger(false))
	// Totals, history and export are plain numbers: readable without the key (docs/ledger.md,
	// "Losing the key"); only forget needs it.
	opt.TotalsOnly = sub != "forget"
	l, err := ledger.Open(ctx, path, opt)
	if err != nil {
		return nil, nil, err
	}
	return l, pol, nil
}

// ledgerShow implements `xborder ledger show`: a year's totals and the approvals used.
func (a *app) ledgerShow(ctx context.Context, l *ledger.Ledger, pol *report.Policy, y int) int {
	if y == 0 {
		y = l.Year(a.now())
	}
	t, err := l.Totals(ctx, y)
	if err != nil {
		fmt.Fprintf(a.stderr, "xborder ledger: %s\n", shownError(err))
		return exitError
	}
	prior := audit.PriorTotals(pol, time.Date(y, 6, 1, 0, 0, 0, 0, pol.Location()))
	a.showTotals(y, t.Individuals+prior.Individuals, t.SensitiveIndividuals+prior.Sensitive, pol)
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
}

// ledgerHistory implements `xborder ledger history`: one line per recorded run.
func (a *app) ledgerHistory(ctx context.Context, l *ledger.Ledger) int {
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
}

// ledgerForget implements `xborder ledger forget RUN-ID`.
func (a *app) ledgerForget(ctx context.Context, l *ledger.Ledger, rest []string) int {
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
