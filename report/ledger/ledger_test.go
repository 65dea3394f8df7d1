package ledger

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedNow is the injected clock of every test: mid-2026 in Shanghai.
var fixedNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func testOptions() Options {
	return Options{Now: func() time.Time { return fixedNow }}
}

// openNew opens a ledger in a fresh temp dir and closes it when the test ends.
func openNew(t *testing.T) (*Ledger, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.db")
	l, err := Open(context.Background(), path, testOptions())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l, path
}

// hashes returns n distinct scanner-like hashes starting at from.
func hashes(from, n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = mix(uint64(from+i) + 0x9e3779b97f4a7c15) // offset: mix(0) is 0
	}
	return out
}

func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// oneFileRun is a run of a single exact file.
func oneFileRun(year int, sha string, all, sens []uint64) Run {
	return Run{
		Year: year, Started: fixedNow, Finished: fixedNow.Add(time.Minute), ToolVersion: "test",
		PolicySHA256: "p", Roots: []string{"exports/"}, Label: "free", Rule: "art5.4",
		Files: []File{{
			Path: "a.csv", AbsPath: "/data/exports/a.csv", SHA256: sha, Size: 10, Modified: fixedNow,
			Format: "csv", Label: "free", Rule: "art5.4", Individuals: int64(len(all)),
			SensitiveIndividuals: int64(len(sens)), Method: "exact", All: all, Sensitive: sens,
			Report: []byte(`{"path":"a.csv"}`), ReuseKey: "judgement-1",
		}},
	}
}

func mustRecord(t *testing.T, l *Ledger, r Run) {
	t.Helper()
	if err := l.Record(context.Background(), r); err != nil {
		t.Fatalf("Record: %v", err)
	}
}

func mustTotals(t *testing.T, l *Ledger, year int) Totals {
	t.Helper()
	tot, err := l.Totals(context.Background(), year)
	if err != nil {
		t.Fatalf("Totals: %v", err)
	}
	return tot
}

func TestSchemaVersionMatchesMigrations(t *testing.T) {
	if SchemaVersion != len(migrations) {
		t.Fatalf("SchemaVersion = %d, len(migrations) = %d", SchemaVersion, len(migrations))
	}
}

func TestOpenCreatesLedgerAndPrivateKey(t *testing.T) {
	l, path := openNew(t)
	fi, err := os.Stat(path + ".key")
	if err != nil {
		t.Fatalf("key file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key mode = %#o, want 0600", fi.Mode().Perm())
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("database mode = %v (%v), want private", fi.Mode(), err)
	}
	var mode string
	if err := l.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 10), nil))
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l2, err := Open(context.Background(), path, testOptions())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer l2.Close()
	if got := mustTotals(t, l2, 2026).Individuals; got != 10 {
		t.Errorf("after reopen individuals = %d, want 10", got)
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	// made creates a ledger with one recorded run and returns its path.
	made := func(t *testing.T) string {
		l, path := openNew(t)
		mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 10), nil))
		l.Close()
		return path
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T) (path string, opt Options)
		want    error
	}{
		{"missing key file", func(t *testing.T) (string, Options) {
			p := made(t)
			os.Remove(p + ".key")
			return p, testOptions()
		}, ErrKeyMissing},
		{"key of another ledger", func(t *testing.T) (string, Options) {
			p := made(t)
			other := filepath.Join(t.TempDir(), "other.key")
			if _, err := createKey(other); err != nil {
				t.Fatal(err)
			}
			o := testOptions()
			o.KeyPath = other
			return p, o
		}, ErrKeyMismatch},
		{"malformed key file", func(t *testing.T) (string, Options) {
			p := made(t)
			os.WriteFile(p+".key", []byte("not hex\n"), 0o600)
			return p, testOptions()
		}, ErrBadKey},
		{"newer schema", func(t *testing.T) (string, Options) {
			p := made(t)
			l, err := Open(ctx, p, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.db.Exec("UPDATE meta SET value = '99' WHERE key = 'schema_version'"); err != nil {
				t.Fatal(err)
			}
			l.Close()
			return p, testOptions()
		}, ErrNewerSchema},
		{"junk file named .db", func(t *testing.T) (string, Options) {
			p := filepath.Join(t.TempDir(), "junk.db")
			os.WriteFile(p, []byte("name,phone\nzhang,13800138000\n"), 0o644)
			return p, testOptions()
		}, ErrNotLedger},
		{"sqlite database that is not a ledger", func(t *testing.T) (string, Options) {
			p := made(t)
			l, err := Open(ctx, p, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := l.db.Exec("DROP TABLE meta"); err != nil {
				t.Fatal(err)
			}
			l.Close()
			return p, testOptions()
		}, ErrNotLedger},
		{"corrupt pages", func(t *testing.T) (string, Options) {
			p := made(t)
			b, _ := os.ReadFile(p)
			for i := 100; i < len(b); i++ { // keep the header, scramble every page
				b[i] ^= 0x5a
			}
			os.WriteFile(p, b, 0o600)
			return p, testOptions()
		}, ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, opt := tc.prepare(t)
			before, _ := os.ReadFile(path)
			l, err := Open(ctx, path, opt)
			if err == nil {
				l.Close()
				t.Fatalf("Open succeeded, want %v", tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open error = %v, want %v", err, tc.want)
			}
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Errorf("Open modified the refused file (%d → %d bytes)", len(before), len(after))
			}
		})
	}
}

func TestNewerSchemaMessage(t *testing.T) {
	err := &SchemaError{Path: "audit.db", Found: 3, Known: 1}
	want := "ledger audit.db was written by a newer xborder (schema 3, this build knows 1); refusing to modify it"
	if err.Error() != want {
		t.Errorf("got %q\nwant %q", err.Error(), want)
	}
}

func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	l, path := openNew(t)
	mustRecord(t, l, oneFileRun(2026, "s", hashes(0, 5), nil))
	l.Close()
	if err := os.Chmod(path+".key", 0o640); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path, testOptions())
	var pe *KeyPermissionError
	if !errors.As(err, &pe) || pe.Mode.Perm() != 0o640 {
		t.Fatalf("Open error = %v, want KeyPermissionError for mode 0640", err)
	}
	if !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("error %q does not say how to fix it", err)
	}
}

func TestPriorOfAnEmptyYear(t *testing.T) {
	l, _ := openNew(t)
	p, err := l.Prior(context.Background(), 2031, hashes(0, 10), hashes(0, 2))
	if err != nil {
		t.Fatal(err)
	}
	if p != (Prior{Totals: Totals{Year: 2031}}) {
		t.Errorf("Prior of an empty year = %+v", p)
	}
	if n, s := p.Cumulative(10, 2); n != 10 || s != 2 {
		t.Errorf("Cumulative = %d/%d, want 10/2", n, s)
	}
}

func TestPriorDeduplicates(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	// Recorded: persons 0..999, of which 0..99 sensitive.
	mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 1000), hashes(0, 100)))
	tests := []struct {
		name                  string
		all, sens             []uint64
		overlap, sensOverlap  int64
		cumulative, cumulSens int64
	}{
		{"disjoint batch", hashes(5000, 300), nil, 0, 0, 1300, 100},
		{"batch entirely recorded", hashes(0, 1000), hashes(0, 100), 1000, 100, 1000, 100},
		{"half overlap with duplicates", append(hashes(900, 200), hashes(900, 200)...), nil, 100, 0, 1100, 100},
		{"recorded person now sensitive", hashes(500, 1), hashes(500, 1), 1, 0, 1000, 101},
		{"empty batch", nil, nil, 0, 0, 1000, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := l.Prior(ctx, 2026, tc.all, tc.sens)
			if err != nil {
				t.Fatal(err)
			}
			if p.Individuals != 1000 || p.SensitiveIndividuals != 100 {
				t.Errorf("prior = %d/%d, want 1000/100", p.Individuals, p.SensitiveIndividuals)
			}
			if p.Overlap != tc.overlap || p.SensitiveOverlap != tc.sensOverlap {
				t.Errorf("overlap = %d/%d, want %d/%d", p.Overlap, p.SensitiveOverlap, tc.overlap, tc.sensOverlap)
			}
			batch := int64(len(uniq(tc.all, tc.sens)))
			n, s := p.Cumulative(batch, int64(len(uniq(tc.sens, nil))))
			if n != tc.cumulative || s != tc.cumulSens {
				t.Errorf("cumulative = %d/%d, want %d/%d", n, s, tc.cumulative, tc.cumulSens)
			}
		})
	}
}

func uniq(a, b []uint64) map[uint64]bool {
	m := map[uint64]bool{}
	for _, h := range append(append([]uint64(nil), a...), b...) {
		m[h] = true
	}
	return m
}

// TestPriorLookupStrategiesAgree checks the per-person and the merge-scan lookups on the same data.
func TestPriorLookupStrategiesAgree(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 3000), hashes(0, 300)))
	for _, batch := range [][]uint64{hashes(2990, 20), hashes(100, 2000), hashes(10000, 5)} {
		ks := sortedUnique(keyAll(l.key, batch))
		for _, sens := range []bool{false, true} {
			a, err := l.overlapPoint(ctx, 2026, ks, sens)
			if err != nil {
				t.Fatal(err)
			}
			b, err := l.overlapScan(ctx, 2026, ks, sens)
			if err != nil {
				t.Fatal(err)
			}
			if a != b {
				t.Errorf("batch of %d, sensitive=%v: point lookup %d, scan %d", len(batch), sens, a, b)
			}
		}
	}
}

func TestSameFileRecordedTwiceCountsOnce(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	rowsOnly := func() Run {
		r := oneFileRun(2026, "same-sha", nil, nil)
		r.Files[0].Individuals, r.Files[0].SensitiveIndividuals, r.Files[0].Method = 500, 20, "rows"
		return r
	}
	mustRecord(t, l, rowsOnly())
	mustRecord(t, l, rowsOnly())
	mustRecord(t, l, oneFileRun(2026, "hashed", hashes(0, 50), nil))
	mustRecord(t, l, oneFileRun(2026, "hashed", hashes(0, 50), nil))
	tot := mustTotals(t, l, 2026)
	if tot.Individuals != 550 || tot.SensitiveIndividuals != 20 {
		t.Errorf("totals = %d/%d, want 550/20", tot.Individuals, tot.SensitiveIndividuals)
	}
	rec, ok, err := l.LookupFile(ctx, "/data/exports/a.csv", 10, fixedNow, "judgement-1")
	if err != nil || !ok {
		t.Fatalf("LookupFile = %v, %v", ok, err)
	}
	if !rec.Repeat || rec.SHA256 != "hashed" || string(rec.Report) != `{"path":"a.csv"}` {
		t.Errorf("LookupFile = %+v, want the latest recording, a repeat, with its report", rec)
	}
	if _, ok, _ := l.LookupFile(ctx, "/data/exports/a.csv", 11, fixedNow, "judgement-1"); ok {
		t.Error("LookupFile matched a file of another size")
	}
	if _, ok, _ := l.LookupFile(ctx, "/data/exports/a.csv", 10, fixedNow.Add(time.Second), "judgement-1"); ok {
		t.Error("LookupFile matched a file with another mtime")
	}
	for _, key := range []string{"judgement-2", ""} {
		if _, ok, _ := l.LookupFile(ctx, "/data/exports/a.csv", 10, fixedNow, key); ok {
			t.Errorf("LookupFile matched a file recorded under another judgement (%q)", key)
		}
	}
}

func TestYearRollsOverInShanghai(t *testing.T) {
	l, _ := openNew(t)
	boundary := time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC) // 00:30 on 1 January 2026 in Shanghai
	if got := l.Year(boundary); got != 2026 {
		t.Errorf("Year(%v) = %d, want 2026", boundary, got)
	}
	if got := l.Year(boundary.Add(-time.Hour)); got != 2025 {
		t.Errorf("Year(15:30Z) = %d, want 2025", got)
	}
	old := oneFileRun(0, "a", hashes(0, 100), hashes(0, 5))
	old.Started = boundary.Add(-time.Hour)
	mustRecord(t, l, old)
	late := oneFileRun(0, "b", hashes(50, 100), nil)
	late.Started = boundary
	mustRecord(t, l, late)
	if got := mustTotals(t, l, 2025); got.Individuals != 100 || got.SensitiveIndividuals != 5 {
		t.Errorf("2025 totals = %+v, want 100/5", got)
	}
	if got := mustTotals(t, l, 2026); got.Individuals != 100 || got.SensitiveIndividuals != 0 {
		t.Errorf("2026 totals = %+v, want 100/0 (2025's persons do not carry over)", got)
	}
	p, err := l.Prior(context.Background(), 2026, hashes(0, 50), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Overlap != 0 {
		t.Errorf("2026 overlap with persons sent only in 2025 = %d, want 0", p.Overlap)
	}
}

func TestUTCLocationOption(t *testing.T) {
	opt := testOptions()
	opt.Location = time.UTC
	l, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if got := l.Year(time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC)); got != 2025 {
		t.Errorf("Year in UTC = %d, want 2025", got)
	}
}

func TestNoPlainHashesOrIdentifiersInDatabase(t *testing.T) {
	l, path := openNew(t)
	ids := []string{"11010519491231002X", "13800138000", "zhang.san@example.com"}
	var hs []uint64
	for _, id := range ids {
		var h uint64 = 1469598103934665603
		for _, c := range []byte(id) {
			h = (h ^ uint64(c)) * 1099511628211
		}
		hs = append(hs, h)
	}
	hs = append(hs, hashes(0, 200)...)
	mustRecord(t, l, oneFileRun(2026, "s", hs, hs[:2]))
	l.Close()
	var blob []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err == nil {
			blob = append(blob, b...)
		}
	}
	if len(blob) == 0 {
		t.Fatal("no database bytes")
	}
	for _, id := range ids {
		if bytes.Contains(blob, []byte(id)) {
			t.Errorf("database contains a raw identifier")
		}
	}
	for i, h := range hs {
		var be, le [8]byte
		binary.BigEndian.PutUint64(be[:], h)
		binary.LittleEndian.PutUint64(le[:], h)
		if bytes.Contains(blob, be[:]) || bytes.Contains(blob, le[:]) {
			t.Fatalf("database contains plain hash #%d", i)
		}
	}
}
