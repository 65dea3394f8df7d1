package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/xborder/xborder/report"
	audit "github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/report/safeopen"
	"github.com/xborder/xborder/scanner/detect"
)

// ldVersion may be set at build time with -ldflags "-X main.ldVersion=…"; otherwise the module
// version and the VCS revision the Go toolchain recorded name the build.
var ldVersion string

// version names this build in every report, the ledger and `xborder version`.
var version = report.CurrentBuild(ldVersion).String()

// Exit codes (docs/cli.md, "Exit codes").
const (
	exitOK      = audit.ExitOK
	exitFlagged = audit.ExitFlagged
	exitError   = audit.ExitError
)

// app holds everything a command touches of the outside world, so tests run it in-process.
type app struct {
	stdout, stderr io.Writer
	now            func() time.Time
	// isTerminal reports whether a writer is an interactive terminal (progress bar, colour).
	isTerminal func(w io.Writer) bool
	getenv     func(string) string
}

func newApp(stdout, stderr io.Writer) *app {
	return &app{
		stdout: stdout, stderr: stderr,
		now: time.Now,
		isTerminal: func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && term.IsTerminal(int(f.Fd()))
		},
		getenv: os.Getenv,
	}
}

const usageText = `xborder audits data exports for China's cross-border data rules (CAC Provisions, 2024).
Each file is labelled free, contract (standard contract or certification), assessment (CAC
security assessment) or error, with the article that decided it.

Usage:
  xborder scan [flags] PATH...     audit files and folders (walked recursively)
  xborder plan PATH... --shards N --out DIR --ledger-key FILE    split a large audit into shards
  xborder scan --plan DIR/plan.json --shard I/N --ledger-key FILE  audit one shard (a partial)
  xborder merge [flags] DIR        merge the partials: reports, ledger and exit codes as scan
  xborder scan [flags] -- PATH...  the same; after -- nothing is a flag (cd exports && xborder scan -- *)
  xborder detectors                list every detector: type, default category, what it validates
  xborder policy init              print a fully commented default policy file
  xborder ledger show|history|export|forget   the yearly ledger of what was transferred
  xborder version

Examples:
  Analyst, one dataset before sending it:
    xborder scan exports/2026-11/
    xborder scan --format html -o report.html orders.csv
  Nightly cron job over the export share, counting against this year's earlier transfers:
    xborder scan -q --ledger /var/lib/xborder/audit.db --record --fail-on-new --format json -o /var/log/xborder/$(date +%F).json /srv/exports
  Compliance evidence bundle (reports, policy, ledger extract, input lists, MANIFEST.sha256):
    xborder scan --policy policy.yaml --evidence evidence/2026-11-23 exports/

Policy: --policy FILE, else $XBORDER_POLICY, else ./.xborder.yaml when it exists, else the
built-in defaults ('xborder policy init' prints them).

Exit codes: 0 nothing at or above --fail-on; 1 something at or above --fail-on; 2 a file could not
be read, a path was not examined (--exclude what is not to be sent), nothing was found, or bad
flags, policy or ledger; 130/143 interrupted by SIGINT/SIGTERM (the report of what was read is
written, marked incomplete; nothing is recorded in the ledger).
Run 'xborder scan --help' for the scan flags.
`

func (a *app) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		io.WriteString(a.stderr, usageText)
		return exitError
	}
	switch args[0] {
	case "scan":
		if isShardScan(args[1:]) {
			return a.scanShard(ctx, args[1:])
		}
		return a.scan(ctx, args[1:])
	case "plan":
		return a.plan(ctx, args[1:])
	case "merge":
		return a.merge(ctx, args[1:])
	case "detectors":
		return a.detectors(args[1:])
	case "policy":
		return a.policy(args[1:])
	case "ledger":
		return a.ledger(ctx, args[1:])
	case "version", "--version", "-version":
		a.printVersion()
		return exitOK
	case "help", "-h", "--help", "-help":
		io.WriteString(a.stdout, usageText)
		return exitOK
	default:
		fmt.Fprintf(a.stderr, "xborder: unknown command %q\n\n%s", args[0], usageText)
		return exitError
	}
}

// logger writes human-readable messages to stderr; quiet keeps only errors.
func (a *app) logger(quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(_ []string, at slog.Attr) slog.Attr {
			if at.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return at
		},
	}))
}

func (a *app) detectors(args []string) int {
	fs := flag.NewFlagSet("xborder detectors", flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	policyPath := fs.String("policy", "", "also list the custom detectors of this policy `file`")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	reg := detect.Builtin()
	pol := report.DefaultPolicy()
	if *policyPath != "" {
		p, err := loadPolicy(*policyPath)
		if err != nil {
			fmt.Fprintf(a.stderr, "xborder: %s\n", shownError(err))
			return exitError
		}
		pol = p
		reg = pol.Registry(reg)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tCATEGORY\tVALIDATES")
	for _, d := range reg.All() {
		cat := pol.Category(d.ID(), d.Category())
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.ID(), cat, d.Describe())
	}
	if err := tw.Flush(); err != nil {
		return exitError
	}
	return exitOK
}

func (a *app) policy(args []string) int {
	if len(args) == 1 && args[0] == "init" {
		fmt.Fprint(a.stdout, report.PolicyInit())
		return exitOK
	}
	fmt.Fprintln(a.stderr, "usage: xborder policy init   (prints a fully commented default policy file)")
	return exitError
}

// maxPolicyBytes bounds a policy file: a commented default policy is about 10 KiB.
const maxPolicyBytes = 4 << 20

// loadPolicy reads and parses a policy file. It must be a regular file of at most 4 MiB: a FIFO,
// a device (/dev/zero) or a folder is refused before it is read, and nothing blocks on it.
func loadPolicy(path string) (*report.Policy, error) {
	data, err := safeopen.ReadFile(path, maxPolicyBytes)
	if errors.Is(err, safeopen.ErrTooLarge) {
		return nil, fmt.Errorf("policy %s: larger than the 4 MiB a policy file may be", path)
	}
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return report.ParsePolicy(data, path)
}

// flagExit maps a flag parsing error to an exit code: --help is success.
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitError
}

// parseInterspersed parses flags that may appear before, between or after positional
// arguments (xborder scan exports/ --format json), as users type them. "--" ends flags. An
// argument that would be read as a flag but names an existing file is refused first
// (checkFlagLikeFiles): paths from a wildcard belong after "--".
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := checkFlagLikeFiles(fs, args, fs.Name()+" [flags] -- PATH..."); err != nil {
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		return nil, err
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag stops at "--" (consumed) or at the first non-flag argument.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// printVersion names the build: version, VCS revision and time, toolchain.
func (a *app) printVersion() {
	b := report.CurrentBuild(ldVersion)
	fmt.Fprintf(a.stdout, "xborder %s\n", b)
	if b.Revision != "" {
		modified := ""
		if b.Modified {
			modified = " (with uncommitted changes)"
		}
		fmt.Fprintf(a.stdout, "revision %s%s\ncommitted %s\n", b.Revision, modified, b.Time)
	}
	if b.GoVersion != "" {
		fmt.Fprintf(a.stdout, "built with %s\n", b.GoVersion)
	}
}
