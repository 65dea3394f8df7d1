package run

import (
	"context"
	"sync"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
)

// Exit codes (docs/cli.md, "Exit codes").
const (
	ExitOK      = 0 // nothing at or above the fail-on level
	ExitFlagged = 1 // something at or above the fail-on level
	ExitError   = 2 // a file unreadable, a path not examined, nothing found, or an interrupted run
)

// Ledger is what a run needs of the yearly ledger of transferred persons; *ledger.Ledger
// satisfies it.
type Ledger interface {
	// Path names the ledger in the report.
	Path() string
	// Year is the calendar year a time falls in, in the ledger's time zone.
	Year(t time.Time) int
	// Totals are the persons recorded in a year.
	Totals(ctx context.Context, year int) (ledger.Totals, error)
	// Prior and PriorKeyed count a year's recorded persons and those of them in the given set
	// (plain hashes, or hashes keyed with the ledger's key by a sharded run).
	Prior(ctx context.Context, year int, all, sensitive []uint64) (ledger.Prior, error)
	PriorKeyed(ctx context.Context, year int, all, sensitive []ledger.Keyed) (ledger.Prior, error)
	// LookupFile finds the record of a file with this path, size and mtime judged under reuseKey.
	LookupFile(ctx context.Context, absPath string, size int64, mtime time.Time, reuseKey string) (ledger.FileRecord, bool, error)
	// Record adds a run's persons and files in one transaction.
	Record(ctx context.Context, run ledger.Run) error
}

// Options configure an Audit.
type Options struct {
	Tool   report.Tool    // name and version in the report; the version also keys reuse
	Policy *report.Policy // the compiled policy (report.DefaultPolicy when nil)
	Now    time.Time      // the scan date
	// FailOn is the level that makes the exit code ExitFlagged: contract, assessment or never.
	FailOn string

	// Scan are the scanner's options (see ScanOptions); an Audit with a Ledger sets Reuse.
	Scan scanner.Options
	// Scratch is the folder where objects of s3:// inputs are copied while they are read.
	Scratch string

	// Ledger, when set, holds the persons and files recorded earlier this year.
	Ledger Ledger
	// TrustMtime reuses a recorded file on path, size and mtime, without reading its digest.
	TrustMtime bool
	// Record makes Audit.Record write the run in the ledger.
	Record bool
	// RecordPartial (--record-partial) lets Record write a run that had unreadable files or
	// paths not examined: the files it did audit are recorded, the others left out (see
	// Audit.LeftOut). An interrupted run is still never recorded.
	RecordPartial bool
	// FailOnNew (--fail-on-new, for cron) makes the exit ExitFlagged only when the run also adds
	// persons to the year or raises the year's label: a night that sends again only who was
	// sent before exits ExitOK.
	FailOnNew bool
	// NoExamples leaves every masked example out of the report (--no-examples).
	NoExamples bool
	// Clock reads the time the run finishes (recorded in the ledger); default time.Now.
	Clock func() time.Time
}

// Audit is one audit run. Its Reuse hook may be called from the scanner's goroutines.
type Audit struct {
	opt      Options
	year     int
	reuseKey string

	mu     sync.Mutex
	reused map[string]ledger.FileRecord // by absolute path

	// keyed holds the keyed persons of the sets of a merged sharded run (the partials hold no
	// plain hashes); sets found here are matched and recorded by them.
	keyed map[*scanner.Set]keyedPersons
}

// keyedPersons are a set's persons keyed with the ledger's key.
type keyedPersons struct{ all, sensitive []ledger.Keyed }

// New prepares an audit. With a ledger, the scanner's Reuse hook is set to Audit.Reuse.
func New(opt Options) *Audit {
	if opt.Policy == nil {
		opt.Policy = report.DefaultPolicy()
	}
	a := &Audit{opt: opt, reused: map[string]ledger.FileRecord{}, keyed: map[*scanner.Set]keyedPersons{}}
	if opt.Ledger != nil {
		a.year = opt.Ledger.Year(opt.Now)
		a.reuseKey = ReuseKey(opt.Policy, opt.Tool.Version)
		a.opt.Scan.Reuse = a.Reuse
	}
	return a
}

// HasLedger reports whether the audit counts against a ledger.
func (a *Audit) HasLedger() bool { return a.opt.Ledger != nil }

// Scan lists the inputs (local paths, s3:// prefixes) and reads them. The listing fails only
// when the run is cancelled: the result is then incomplete.
func (a *Audit) Scan(ctx context.Context, paths []string) *scanner.Result {
	res := &scanner.Result{Incomplete: true}
	if refs, skipped, empty, err := ListInputs(ctx, paths, a.opt.Scan); err == nil {
		res = ScanRefs(ctx, refs, a.opt.Scan, a.opt.Scratch)
		// The walk's skipped paths first, then what the reading found (archive members).
		res.Skipped = append(skipped, res.Skipped...)
		res.EmptyRoots = empty
	}
	return res
}

// The ledger the CLI opens is the one a run needs.
var _ Ledger = (*ledger.Ledger)(nil)
