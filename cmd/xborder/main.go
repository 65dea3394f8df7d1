// Command xborder audits data exports before they leave China: it labels each file free,
// contract, assessment or error under the CAC Provisions on Promoting and Regulating
// Cross-Border Data Flows (2024) and writes the report and audit evidence. See README.md.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := withSignals(context.Background())
	code := newApp(os.Stdout, os.Stderr).run(ctx, os.Args[1:])
	stop()
	exitHook()
	os.Exit(code)
}

// exitHook runs just before the process exits; the tests' subprocess runs record their peak
// memory there (the rusage of a child started by vfork also counts its parent's).
var exitHook = func() {}
