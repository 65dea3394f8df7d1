package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// shardTruth is testdata/shards/truth.json, written by the fixture's generator.
type shardTruth struct {
	Files map[string]struct {
		Individuals int64 `json:"individuals"`
		Sensitive   int64 `json:"sensitive"`
	} `json:"files"`
	Batch struct {
		Individuals int64 `json:"individuals"`
		Sensitive   int64 `json:"sensitive"`
	} `json:"batch"`
	// ArchiveCount is the number of archives among the files; their members are in Files
	// ("archives/x.zip!/m.csv").
	ArchiveCount int `json:"archive_count"`
	Night2       struct {
		Individuals   int64 `json:"individuals"`
		NewOverNight1 int64 `json:"new_over_night1"`
	} `json:"night2"`
}

// members counts the archive members among the files.
func (tr shardTruth) members() int {
	n := 0
	for p := range tr.Files {
		if strings.Contains(p, "!/") {
			n++
		}
	}
	return n
}

func shardFixture(t *testing.T) (exports, night2 string, truth shardTruth) {
	t.Helper()
	base, err := filepath.Abs("../../testdata/shards")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(base, "truth.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &truth))
	require.GreaterOrEqual(t, len(truth.Files), 50, "the issue asks for at least 50 files")
	return filepath.Join(base, "exports"), filepath.Join(base, "night2"), truth
}

const shardTimeout = 2 * time.Minute

// cli runs the xborder command as its own process and fails the test on an unexpected exit code.
func cli(t *testing.T, want int, args ...string) cliRun {
	t.Helper()
	r, _ := runCLI(t, false, shardTimeout, args...)
	require.Equal(t, want, r.code, "xborder %v\nstderr:\n%s", args, r.stderr)
	return r
}

// planRun writes a plan of n shards for paths into a new run folder and returns the folder.
func planRun(t *testing.T, key string, n int, paths ...string) string {
	t.Helper()
	run := filepath.Join(t.TempDir(), "run")
	cli(t, exitOK, append([]string{"plan", "-q", "--shards", fmt.Sprint(n), "--out", run, "--ledger-key", key}, paths...)...)
	return run
}

// runShards runs every shard of the plan as its own process, side by side.
func runShards(t *testing.T, run, key string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	runs := make([]cliRun, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i], _ = runCLI(t, false, shardTimeout, "scan", "-q", "--plan", filepath.Join(run, "plan.json"),
				"--shard", fmt.Sprintf("%d/%d", i, n), "--ledger-key", key, "--workers", "1")
		}()
	}
	wg.Wait()
	for i, r := range runs {
		require.Equal(t, exitOK, r.code, "shard %d/%d\nstderr:\n%s", i, n, r.stderr)
	}
}

// shardedRun plans inputs over n shards, runs them as processes and merges them into a JSON
// report; it returns the run folder, the report's path and the merge's run.
func shardedRun(t *testing.T, key string, n int, inputs ...string) (run, merged string, r cliRun) {
	t.Helper()
	run = planRun(t, key, n, inputs...)
	runShards(t, run, key, n)
	merged = filepath.Join(t.TempDir(), "merged.json")
	r = cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", merged, run)
	return run, merged, r
}

// comparable is a report without what differs between two runs of the same files by design
// (the time it was generated).
func comparable(t *testing.T, path string) report.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	r := decodeReport(t, data)
	r.GeneratedAt = time.Time{}
	return r
}

// TestShardedRunEqualsSingleProcess runs the fixture (64 files and 3 archives of 8 members,
// persons shared across files, members and shards) as 1, 3 and 8 shard processes and merges: the
// report equals the single-process report file for file and member for member (labels, rules,
// persons, digests, examples, member paths), and for the archives, skipped paths and the batch.
func TestShardedRunEqualsSingleProcess(t *testing.T) {
	exports, _, truth := shardFixture(t)
	out := t.TempDir()
	single := filepath.Join(out, "single.json")
	cli(t, exitFlagged, "scan", "-q", "-f", "json", "-o", single, exports)
	want := comparable(t, single)
	require.Len(t, want.Files, len(truth.Files))
	require.Len(t, want.Archives, truth.ArchiveCount, "the fixture's archives are opened")
	assert.Equal(t, truth.Batch.Individuals, want.Summary.Individuals)
	assert.Equal(t, truth.Batch.Sensitive, want.Summary.SensitiveIndividuals)
	for _, f := range want.Files {
		assert.Equal(t, truth.Files[f.Path].Individuals, f.Individuals, f.Path)
		assert.Equal(t, truth.Files[f.Path].Sensitive, f.SensitiveIndividuals, f.Path)
	}

	key := filepath.Join(out, "run.key")
	for _, n := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			_, merged, _ := shardedRun(t, key, n, exports)
			got := comparable(t, merged)
			require.Len(t, got.Files, len(want.Files))
			for i := range want.Files {
				assert.Equal(t, want.Files[i], got.Files[i], "file %s", want.Files[i].Path)
			}
			assert.Equal(t, want.Summary, got.Summary)
			assert.Equal(t, want, got)
		})
	}
}

// TestShardedRunKeepsEmptyRoots: a folder argument under which nothing was found (an unmounted
// share?) is warned of in the merged report as in one process's: the plan carries it.
func TestShardedRunKeepsEmptyRoots(t *testing.T) {
	exports, _, _ := shardFixture(t)
	empty := filepath.Join(t.TempDir(), "unmounted-share")
	require.NoError(t, os.Mkdir(empty, 0o755))
	single := filepath.Join(t.TempDir(), "single.json")
	cli(t, exitFlagged, "scan", "-q", "-f", "json", "-o", single, exports, empty)
	want := comparable(t, single)
	require.True(t, slices.ContainsFunc(want.Summary.Verdict.Review, func(s string) bool { return strings.Contains(s, "unmounted share") }),
		"the single-process report warns of the empty folder: %q", want.Summary.Verdict.Review)
	_, merged, _ := shardedRun(t, filepath.Join(t.TempDir(), "run.key"), 2, exports, empty)
	assert.Equal(t, want, comparable(t, merged))
}

// TestMergeRefusesIncompleteOrDamagedPartials: a killed shard that is run again merges to the
// same result (and rewrites the same objects); a missing shard, a truncated partial and a
// partial that does not belong to the plan make merge exit 2 with the reason.
func TestMergeRefusesIncompleteOrDamagedPartials(t *testing.T) {
	exports, _, _ := shardFixture(t)
	key := filepath.Join(t.TempDir(), "run.key")
	run := planRun(t, key, 3, exports)
	runShards(t, run, key, 3)
	good := filepath.Join(t.TempDir(), "good.json")
	cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", good, run)
	want := comparable(t, good)
	shard1 := filepath.Join(run, "shard-0001-of-0003")
	manifest, err := os.ReadFile(filepath.Join(shard1, "manifest.json"))
	require.NoError(t, err)

	t.Run("killed and retried", func(t *testing.T) {
		// A shard killed before its manifest leaves at most its first objects: merge refuses.
		require.NoError(t, os.Remove(filepath.Join(shard1, "manifest.json")))
		r := cli(t, exitError, "merge", "-q", "-f", "json", "-o", filepath.Join(t.TempDir(), "r.json"), run)
		assert.Contains(t, r.stderr, "shard 1: no manifest")
		// Its retry rewrites the same objects, and the merge gives the same report.
		cli(t, exitOK, "scan", "-q", "--plan", filepath.Join(run, "plan.json"), "--shard", "1/3", "--ledger-key", key)
		again, err := os.ReadFile(filepath.Join(shard1, "manifest.json"))
		require.NoError(t, err)
		assert.Equal(t, string(manifest), string(again))
		merged := filepath.Join(t.TempDir(), "merged.json")
		cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", merged, run)
		assert.Equal(t, want, comparable(t, merged))
	})

	damage := []struct {
		name, reason string
		break_       func(t *testing.T) (restore func())
	}{
		{"missing shard", "shard 2: no manifest", func(t *testing.T) func() {
			dir := filepath.Join(run, "shard-0002-of-0003")
			moved := filepath.Join(t.TempDir(), "moved")
			require.NoError(t, os.Rename(dir, moved))
			return func() { require.NoError(t, os.Rename(moved, dir)) }
		}},
		{"truncated partial", "shard 0: damaged object persons.bin", func(t *testing.T) func() {
			p := filepath.Join(run, "shard-0000-of-0003", "persons.bin")
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, data[:len(data)/2], 0o644))
			return func() { require.NoError(t, os.WriteFile(p, data, 0o644)) }
		}},
		{"partial of an older build", "shard 2: partial version 1, this build reads 2 (written by another xborder build: run the shards again", func(t *testing.T) func() {
			p := filepath.Join(run, "shard-0002-of-0003", "manifest.json")
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, []byte(strings.Replace(string(data), `"version": 2`, `"version": 1`, 1)), 0o644))
			return func() { require.NoError(t, os.WriteFile(p, data, 0o644)) }
		}},
		{"duplicated partial", "does not belong to this 3-shard plan", func(t *testing.T) func() {
			dup := filepath.Join(run, "shard-0001-of-0004")
			require.NoError(t, os.MkdirAll(dup, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dup, "manifest.json"), manifest, 0o644))
			return func() { require.NoError(t, os.RemoveAll(dup)) }
		}},
	}
	for _, d := range damage {
		t.Run(d.name, func(t *testing.T) {
			restore := d.break_(t)
			r := cli(t, exitError, "merge", "-q", "-f", "json", "-o", filepath.Join(t.TempDir(), "r.json"), run)
			assert.Contains(t, r.stderr, d.reason)
			restore()
			cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", filepath.Join(t.TempDir(), "r.json"), run)
		})
	}
}

// TestShardedLedgerMatchesSingleProcess records a night over 3 shards and the same night in one
// process into two ledgers: the year totals are equal. A second night whose persons overlap the
// first adds only the new ones, in both.
func TestShardedLedgerMatchesSingleProcess(t *testing.T) {
	exports, night2, truth := shardFixture(t)
	dir := t.TempDir()
	single, sharded := filepath.Join(dir, "single.db"), filepath.Join(dir, "sharded.db")
	year := time.Now().In(report.DefaultPolicy().Location()).Year()
	night := func(paths ...string) {
		cli(t, exitFlagged, append([]string{"scan", "-q", "-f", "json", "-o", filepath.Join(t.TempDir(), "r.json"), "--ledger", single, "--record"}, paths...)...)
		run := planRun(t, sharded+".key", 3, paths...)
		runShards(t, run, sharded+".key", 3)
		cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", filepath.Join(t.TempDir(), "r.json"), "--ledger", sharded, "--new-ledger", "--record", run)
	}
	night(exports)
	first := yearTotals(t, sharded, year)
	assert.Equal(t, yearTotals(t, single, year), first)
	assert.Equal(t, truth.Batch.Individuals, first.Individuals)
	assert.Equal(t, truth.Batch.Sensitive, first.SensitiveIndividuals)

	night(night2)
	second := yearTotals(t, sharded, year)
	assert.Equal(t, yearTotals(t, single, year), second)
	assert.Equal(t, truth.Night2.NewOverNight1, second.Individuals-first.Individuals)
	assert.Equal(t, first.SensitiveIndividuals, second.SensitiveIndividuals)

	// A third night over the first night's files: the plan finds them all recorded unchanged
	// but the archives, which a shard reads again as a scan does; the merge reports what a
	// single-process scan with the ledger reports (every other result reused), adding nobody
	// to the year.
	singleReport := filepath.Join(t.TempDir(), "single.json")
	cli(t, exitFlagged, "scan", "-q", "-f", "json", "-o", singleReport, "--ledger", single, exports)
	run := filepath.Join(t.TempDir(), "run")
	cli(t, exitOK, "plan", "-q", "--shards", "3", "--out", run, "--ledger", sharded, exports)
	data, err := os.ReadFile(filepath.Join(run, "plan.json"))
	require.NoError(t, err)
	var plan struct {
		Files []struct {
			Reused  bool
			Archive string
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(data, &plan))
	archives := 0
	for _, f := range plan.Files {
		if f.Archive != "" {
			// As in a scan with the ledger, an archive is read again (its members are
			// recorded, not the archive): a shard reads it.
			archives++
			assert.False(t, f.Reused)
			continue
		}
		assert.True(t, f.Reused)
	}
	assert.Equal(t, truth.ArchiveCount, archives)
	assert.Len(t, plan.Files, len(truth.Files)-truth.members()+truth.ArchiveCount)
	runShards(t, run, sharded+".key", 3)
	merged := filepath.Join(t.TempDir(), "merged.json")
	r := cli(t, exitError, "merge", "-q", "-f", "json", "-o", merged, run)
	assert.Contains(t, r.stderr, "merge with --ledger")
	cli(t, exitFlagged, "merge", "-q", "-f", "json", "-o", merged, "--ledger", sharded, "--record", run)
	want, got := comparable(t, singleReport), comparable(t, merged)
	assert.Equal(t, want.Files, got.Files)
	assert.Equal(t, want.Summary, got.Summary)
	assert.Equal(t, second, yearTotals(t, sharded, year))
}
