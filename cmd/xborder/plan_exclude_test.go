package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// TestPlanExclude: `plan --exclude` leaves out what `scan --exclude` leaves out (the plan keeps
// the globs, which the shards apply below the files it lists, to archive members too), and the
// merged report equals the single-process one; a shard refuses an --exclude of its own.
func TestPlanExclude(t *testing.T) {
	exports, _, _ := shardFixture(t)
	dir := filepath.Join(t.TempDir(), "exports")
	copyTree(t, filepath.Join(exports, "orders"), filepath.Join(dir, "orders"))
	copyTree(t, filepath.Join(exports, "kyc"), filepath.Join(dir, "kyc"))
	copyTree(t, filepath.Join(exports, "archives"), filepath.Join(dir, "archives"))
	writeFile(t, filepath.Join(dir, "manual.pdf"), []byte("%PDF-1.4\n"))
	excl := []string{"--exclude", "kyc/**", "--exclude", "*.pdf", "--exclude", "orders/2027/*.tsv", "--exclude", "archives/*.zip!/returns/kyc-*"}

	single := filepath.Join(t.TempDir(), "single.json")
	scan, _ := runCLI(t, false, shardTimeout, append(append([]string{"scan", "-q", "-f", "json", "-o", single}, excl...), dir)...)
	want := comparable(t, single)
	var excluded []string
	for _, s := range want.Skipped {
		if s.Status == report.SkippedExcluded {
			excluded = append(excluded, s.Path)
		}
	}
	require.Equal(t, []string{"archives/returns-2026-11.zip!/returns/kyc-recheck.csv", "kyc", "manual.pdf",
		"orders/2027/orders-023.tsv", "orders/2027/orders-033.tsv"}, excluded)

	key := filepath.Join(t.TempDir(), "run.key")
	run := filepath.Join(t.TempDir(), "run")
	cli(t, exitOK, append(append([]string{"plan", "-q", "--shards", "2", "--out", run, "--ledger-key", key}, excl...), dir)...)
	plan, err := os.ReadFile(filepath.Join(run, "plan.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(plan), `"path": "kyc/`, "an excluded folder's files are not in the plan")
	assert.Contains(t, string(plan), `"exclude": [`)

	r := cli(t, exitError, "scan", "-q", "--plan", filepath.Join(run, "plan.json"), "--shard", "0/2", "--ledger-key", key, "--exclude", "*.csv")
	assert.Contains(t, r.stderr, "--exclude belongs to xborder plan")

	runShards(t, run, key, 2)
	merged := filepath.Join(t.TempDir(), "merged.json")
	cli(t, scan.code, "merge", "-q", "-f", "json", "-o", merged, run)
	got := comparable(t, merged)
	assert.Equal(t, want, got, "the members a shard excluded are listed where one process lists them")
}
