package ledger

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestForget(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	// Run 1: persons 0..99 (0..9 sensitive). Run 2: persons 50..149, 50..59 newly sensitive,
	// plus a rows-only file that repeats run 1's. Run 3: persons 140..159.
	r1 := oneFileRun(2026, "a", hashes(0, 100), hashes(0, 10))
	r1.Files = append(r1.Files, File{Path: "r.csv", AbsPath: "/r.csv", SHA256: "rows", Individuals: 30, Method: "rows"})
	mustRecord(t, l, r1)
	r2 := oneFileRun(2026, "b", hashes(50, 100), hashes(50, 10))
	r2.Files = append(r2.Files, File{Path: "r.csv", AbsPath: "/r.csv", SHA256: "rows", Individuals: 30, Method: "rows"})
	mustRecord(t, l, r2)
	mustRecord(t, l, oneFileRun(2026, "c", hashes(140, 20), nil))
	if got := mustTotals(t, l, 2026); got.Individuals != 160+30 || got.SensitiveIndividuals != 20 {
		t.Fatalf("totals before Forget = %+v, want 190/20", got)
	}
	hist, err := l.History(ctx)
	if err != nil || len(hist) != 3 {
		t.Fatalf("History = %d runs, %v", len(hist), err)
	}
	if hist[1].NewIndividuals != 50 || hist[1].NewSensitiveIndividuals != 10 || hist[1].Individuals != 130 {
		t.Errorf("run 2 summary = %+v, want 50 new, 10 new sensitive, 130 individuals", hist[1])
	}
	steps := []struct {
		name      string
		run       int64
		all, sens int64
	}{
		// Run 2 alone sent 100..139 and made 50..59 sensitive; 140..149 were also sent by run 3.
		// Its rows-only file was a repeat: the 30 stay counted once.
		{"forget a middle run", hist[1].ID, 100 + 20 + 30, 10},
		// Run 1 alone sent 0..99 now; its rows-only file goes too (no repeat left).
		{"forget the first run", hist[0].ID, 20, 0},
		{"forget the last run", hist[2].ID, 0, 0},
	}
	for _, s := range steps {
		if err := l.Forget(ctx, s.run); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := mustTotals(t, l, 2026); got.Individuals != s.all || got.SensitiveIndividuals != s.sens {
			t.Errorf("%s: totals = %d/%d, want %d/%d", s.name, got.Individuals, got.SensitiveIndividuals, s.all, s.sens)
		}
	}
	if err := l.Forget(ctx, hist[0].ID); !errors.Is(err, ErrNoRun) {
		t.Errorf("forgetting a forgotten run: %v, want ErrNoRun", err)
	}
	if hist, _ := l.History(ctx); len(hist) != 0 {
		t.Errorf("History after forgetting everything = %d runs", len(hist))
	}
}

func TestForgetPromotesRepeatOfForgottenOriginal(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	rows := func() Run {
		r := oneFileRun(2026, "same", nil, nil)
		r.Files[0].Individuals, r.Files[0].Method = 40, "rows"
		return r
	}
	mustRecord(t, l, rows())
	mustRecord(t, l, rows())
	mustRecord(t, l, rows())
	hist, _ := l.History(ctx)
	if err := l.Forget(ctx, hist[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := mustTotals(t, l, 2026).Individuals; got != 40 {
		t.Errorf("after forgetting the original: %d, want 40 (one repeat promoted)", got)
	}
	if err := l.Forget(ctx, hist[1].ID); err != nil {
		t.Fatal(err)
	}
	if got := mustTotals(t, l, 2026).Individuals; got != 40 {
		t.Errorf("after forgetting the promoted repeat: %d, want 40", got)
	}
}

func TestExportHasNoStoredPersons(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	all := hashes(0, 50)
	r := oneFileRun(2026, "abc", all, all[:5])
	r.Files[0].Path = "=cmd|' /C calc'!A0.csv"
	mustRecord(t, l, r)
	var stored [][]byte
	rows, err := l.db.Query("SELECT h FROM persons")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h []byte
		rows.Scan(&h)
		stored = append(stored, h)
	}
	rows.Close()
	if len(stored) != 50 {
		t.Fatalf("%d stored persons, want 50", len(stored))
	}
	for _, format := range []string{"csv", "json"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := l.Export(ctx, &buf, format); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			for _, h := range stored {
				if bytes.Contains(out, h) || bytes.Contains(bytes.ToLower(out), []byte(hex.EncodeToString(h))) {
					t.Fatal("export contains a stored person")
				}
			}
			switch format {
			case "csv":
				recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil || len(recs) != 2 {
					t.Fatalf("csv: %d records, %v", len(recs), err)
				}
				if !strings.HasPrefix(recs[1][14], "'=") {
					t.Errorf("formula-like path not defused: %q", recs[1][14])
				}
			case "json":
				var doc export
				if err := json.Unmarshal(out, &doc); err != nil {
					t.Fatal(err)
				}
				if len(doc.Runs) != 1 || len(doc.Runs[0].FileList) != 1 || doc.Years[0].Individuals != 50 {
					t.Errorf("json export = %+v", doc)
				}
			}
		})
	}
	if err := l.Export(ctx, &bytes.Buffer{}, "xml"); err == nil {
		t.Error("Export accepted an unknown format")
	}
}

func TestFailedRecordLeavesLedgerUnchanged(t *testing.T) {
	injected := errors.New("injected failure")
	tests := []struct {
		name string
		// arm returns the context for Record and installs the failure.
		arm  func(l *Ledger) context.Context
		want error
	}{}
	for _, step := range []string{"run", "file", "persons", "commit"} {
		tests = append(tests, struct {
			name string
			arm  func(l *Ledger) context.Context
			want error
		}{"hook fails at " + step, func(l *Ledger) context.Context {
			l.fail = func(s string) error {
				if s == step {
					return injected
				}
				return nil
			}
			return context.Background()
		}, injected})
	}
	for _, step := range []string{"file", "persons"} {
		tests = append(tests, struct {
			name string
			arm  func(l *Ledger) context.Context
			want error
		}{"context cancelled at " + step, func(l *Ledger) context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			l.fail = func(s string) error {
				if s == step {
					cancel()
				}
				return nil
			}
			return ctx
		}, context.Canceled})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := openNew(t)
			mustRecord(t, l, oneFileRun(2026, "first", hashes(0, 100), hashes(0, 3)))
			ctx := tc.arm(l)
			second := oneFileRun(2026, "second", hashes(50, 2000), hashes(60, 10))
			err := l.Record(ctx, second)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Record error = %v, want %v", err, tc.want)
			}
			l.fail = nil
			if got := mustTotals(t, l, 2026); got.Individuals != 100 || got.SensitiveIndividuals != 3 {
				t.Errorf("totals after failed Record = %d/%d, want 100/3", got.Individuals, got.SensitiveIndividuals)
			}
			bg := context.Background()
			if hist, _ := l.History(bg); len(hist) != 1 {
				t.Errorf("History after failed Record = %d runs, want 1", len(hist))
			}
			var n int
			l.db.QueryRow("SELECT count(*) FROM persons").Scan(&n)
			if n != 100 {
				t.Errorf("%d persons stored, want 100", n)
			}
			// The ledger is still usable.
			mustRecord(t, l, second)
			if got := mustTotals(t, l, 2026); got.Individuals != 2050 {
				t.Errorf("totals after retry = %d, want 2050", got.Individuals)
			}
		})
	}
}

// TestForgetNeverDropsAPersonAnotherRunSent forgets two of three runs that all sent one person, in
// every order: the person must stay as long as the third run is recorded.
func TestForgetNeverDropsAPersonAnotherRunSent(t *testing.T) {
	ctx := context.Background()
	orders := [][2]int{{0, 1}, {1, 0}, {0, 2}, {2, 0}, {1, 2}, {2, 1}}
	for _, o := range orders {
		t.Run(fmt.Sprintf("forget run%d then run%d", o[0]+1, o[1]+1), func(t *testing.T) {
			l, _ := openNew(t)
			for range 3 {
				mustRecord(t, l, oneFileRun(2026, "x", hashes(0, 1), hashes(0, 1)))
			}
			hist, _ := l.History(ctx)
			for _, i := range o {
				if err := l.Forget(ctx, hist[i].ID); err != nil {
					t.Fatal(err)
				}
			}
			if got := mustTotals(t, l, 2026); got.Individuals != 1 || got.SensitiveIndividuals != 1 {
				t.Errorf("totals = %d/%d, want 1/1: the remaining run sent this person", got.Individuals, got.SensitiveIndividuals)
			}
		})
	}
}
