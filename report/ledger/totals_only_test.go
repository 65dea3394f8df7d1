package ledger

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTotalsReadableWithoutTheKey opens a ledger whose key file is gone for its totals only:
// totals, history and export read; everything that matches or adds persons refuses; nothing is
// written.
func TestTotalsReadableWithoutTheKey(t *testing.T) {
	ctx := context.Background()
	l, path := openNew(t)
	mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 30), hashes(0, 5)))
	l.Close()
	if err := os.Remove(path + ".key"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, path, testOptions()); !errors.Is(err, ErrKeyMissing) {
		t.Fatalf("a normal Open without the key: err = %v, want ErrKeyMissing", err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions()
	opt.TotalsOnly = true
	ro, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatalf("Open for the totals without the key: %v", err)
	}
	if tot := mustTotals(t, ro, 2026); tot.Individuals != 30 || tot.SensitiveIndividuals != 5 {
		t.Errorf("totals without the key = %+v, want 30 and 5", tot)
	}
	if runs, err := ro.History(ctx); err != nil || len(runs) != 1 {
		t.Errorf("History without the key: %d runs, %v", len(runs), err)
	}
	if _, err := ro.Prior(ctx, 2026, hashes(0, 3), nil); !errors.Is(err, ErrKeyMissing) {
		t.Errorf("Prior without the key: err = %v, want ErrKeyMissing", err)
	}
	if err := ro.Record(ctx, oneFileRun(2026, "s2", hashes(100, 3), nil)); !errors.Is(err, ErrKeyMissing) {
		t.Errorf("Record without the key: err = %v, want ErrKeyMissing", err)
	}
	if _, _, err := ro.LookupFile(ctx, "/data/exports/a.csv", 10, fixedNow, "judgement-1"); !errors.Is(err, ErrKeyMissing) {
		t.Errorf("LookupFile without the key: err = %v, want ErrKeyMissing", err)
	}
	if err := ro.Forget(ctx, 1); !errors.Is(err, ErrKeyMissing) {
		t.Errorf("Forget without the key: err = %v, want ErrKeyMissing", err)
	}
	ro.Close()
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("opening for the totals changed the database")
	}
	if _, err := os.Stat(path + ".key"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening for the totals created a key: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := Open(ctx, missing, opt); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("TotalsOnly on a missing ledger: err = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("TotalsOnly created a ledger")
	}
}

// TestRunFinishTimeIsKept checks that the finish time a run is recorded with is the one read
// back, distinct from its start.
func TestRunFinishTimeIsKept(t *testing.T) {
	l, _ := openNew(t)
	run := oneFileRun(2026, "s1", hashes(0, 3), nil)
	run.Finished = run.Started.Add(90 * time.Second)
	mustRecord(t, l, run)
	runs, err := l.History(context.Background())
	if err != nil || len(runs) != 1 {
		t.Fatalf("History: %v", err)
	}
	if !runs[0].Finished.Equal(run.Finished) || runs[0].Finished.Equal(runs[0].Started) {
		t.Errorf("run started %v finished %v, want finished %v", runs[0].Started, runs[0].Finished, run.Finished)
	}
}
