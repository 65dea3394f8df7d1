// Command xbench generates xborder's benchmark inputs deterministically and measures xborder
// against plain baselines (cat, encoding/csv, pqarrow, excelize) in the same run, so the table it
// prints compares ratios measured together rather than absolute times from different days.
//
//	xbench gen -out DIR [-scale full|small]
//	xbench run -in DIR [-xborder PATH] [-reps 3] [-quick] [-md FILE]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

const usage = `Usage:
  xbench gen -out DIR [-scale full|small]   write the inputs (same bytes every time)
  xbench run -in DIR [-xborder PATH] [-reps 3] [-quick] [-md FILE]
                                            measure xborder and the baselines on them
Run "xbench gen -h" or "xbench run -h" for their flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	var err error
	switch args[0] {
	case "gen":
		err = cmdGen(ctx, args[1:], stderr)
	case "run":
		err = cmdRun(ctx, args[1:], stdout, stderr)
	case "baseline": // hidden: run by "run" as a subprocess so its RSS and CPU are its own
		err = cmdBaseline(ctx, args[1:], stdout)
	default:
		fmt.Fprintf(stderr, "xbench: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "xbench: %v\n", err)
		return 1
	}
	return 0
}
