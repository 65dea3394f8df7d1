package run_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/scanner"
)

// writeMobiles writes a CSV of the persons from..to-1, each with a mobile number.
func writeMobiles(t *testing.T, path string, from, to int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("客户,手机号\n")
	for p := from; p < to; p++ {
		fmt.Fprintf(&b, "客户%d,139%08d\n", p, 10000000+p)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// audit runs one whole audit of dir on the given day against the ledger at db, as the CLI
// wires it, and returns its result and whether it was recorded.
func audit(t *testing.T, db string, pol *report.Policy, day time.Time, record bool, dir string) (*run.Result, bool) {
	t.Helper()
	ctx := context.Background()
	l, err := ledger.Open(ctx, db, ledger.Options{Location: pol.Location(), Now: func() time.Time { return day }})
	require.NoError(t, err)
	defer l.Close()
	opts, err := run.ScanOptions(pol, day, run.Reading{Workers: 2, SetBudget: scanner.DefaultSetBudget})
	require.NoError(t, err)
	a := run.New(run.Options{
		Tool: report.Tool{Name: "xborder", Version: "test"}, Policy: pol, Now: day, FailOn: "contract",
		Scan: opts, Ledger: l, Record: record,
	})
	out, err := a.Conclude(ctx, a.Scan(ctx, []string{dir}), []string{dir})
	require.NoError(t, err)
	recorded, err := a.Record(ctx, out)
	require.NoError(t, err)
	return out, recorded
}

// fileNamed is the report entry and scan result of the file with this relative path.
func fileNamed(t *testing.T, out *run.Result, name string) (report.File, scanner.FileResult) {
	t.Helper()
	for i, f := range out.Report.Files {
		if f.Path == name {
			return f, out.Scanned.Files[i]
		}
	}
	t.Fatalf("no file %s in the report", name)
	return report.File{}, scanner.FileResult{}
}

// TestAuditReusesUnchangedFilesAcrossRuns drives two whole audits over a folder through the run
// package and a real ledger, without the CLI: the second run reuses the unchanged file, counts
// its persons once through the ledger's prior totals, and flags the batch that crosses the
// contract threshold.
func TestAuditReusesUnchangedFilesAcrossRuns(t *testing.T) {
	work := t.TempDir()
	db := filepath.Join(t.TempDir(), "audit.db")
	pol := report.DefaultPolicy()
	pol.Thresholds.ContractIndividuals = 300 // a small folder crosses it
	writeMobiles(t, filepath.Join(work, "a.csv"), 0, 200)

	day1 := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	out1, recorded := audit(t, db, pol, day1, true, work)
	require.True(t, recorded)
	assert.Equal(t, run.ExitOK, out1.ExitCode)
	assert.Equal(t, report.LabelFree, out1.Report.Summary.Verdict.Label)
	assert.Equal(t, int64(0), out1.Report.Ledger.PriorIndividuals)
	require.Len(t, out1.Manifest, 1)

	// Next day: a.csv unchanged, b.csv new with 150 persons, 50 of them already sent in a.csv.
	writeMobiles(t, filepath.Join(work, "b.csv"), 150, 300)
	out2, recorded := audit(t, db, pol, day1.Add(24*time.Hour), false, work)
	assert.False(t, recorded, "not asked to record")
	assert.Equal(t, int64(200), out2.Report.Ledger.PriorIndividuals)

	a, aRes := fileNamed(t, out2, "a.csv")
	assert.True(t, aRes.Reused, "a.csv is unchanged: its recorded result is reused")
	assert.Contains(t, strings.Join(a.Notes, " "), "sha256 verified")
	assert.NotEmpty(t, a.Tables, "the reused entry keeps its columns")
	assert.Equal(t, int64(200), a.Individuals)
	assert.Equal(t, report.LabelFree, a.Verdict.Label, "its own persons are all the year holds")

	b, bRes := fileNamed(t, out2, "b.csv")
	assert.False(t, bRes.Reused)
	assert.Equal(t, int64(150), b.Individuals)
	assert.Equal(t, report.LabelContract, b.Verdict.Label, "150 prior persons not in b + 150 = 300")
	assert.Equal(t, report.LabelContract, out2.Report.Summary.Verdict.Label)
	assert.Equal(t, run.ExitFlagged, out2.ExitCode)

	// A changed file is read again.
	writeMobiles(t, filepath.Join(work, "a.csv"), 0, 201)
	out3, _ := audit(t, db, pol, day1.Add(48*time.Hour), false, work)
	_, aRes = fileNamed(t, out3, "a.csv")
	assert.False(t, aRes.Reused, "a.csv changed: read again")
}

func TestExitCode(t *testing.T) {
	summary := func(label string, contract, assessment int64) *report.Report {
		r := &report.Report{}
		r.Summary.Verdict.Label = label
		r.Summary.Contract, r.Summary.Assessment = contract, assessment
		return r
	}
	for _, tc := range []struct {
		name   string
		rep    *report.Report
		failOn string
		want   int
	}{
		{"free", summary(report.LabelFree, 0, 0), "contract", run.ExitOK},
		{"a contract file", summary(report.LabelContract, 1, 0), "contract", run.ExitFlagged},
		{"a contract file, fail on assessment", summary(report.LabelContract, 1, 0), "assessment", run.ExitOK},
		{"the batch alone needs a contract", summary(report.LabelContract, 0, 0), "contract", run.ExitFlagged},
		{"assessment", summary(report.LabelAssessment, 0, 1), "assessment", run.ExitFlagged},
		{"never", summary(report.LabelAssessment, 0, 1), "never", run.ExitOK},
		{"error batch", summary(report.LabelError, 0, 0), "never", run.ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, run.ExitCode(tc.rep, tc.failOn))
		})
	}
}
