package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestMillionPersonsTimed records a run of n persons into a ledger that already holds n (half of
// them the same), and times Prior, Record and Forget on the way, logging wall and CPU time (the
// machine is shared: CPU time is the steadier figure). n is 100 k by default to keep the package
// fast, 1 M with XBORDER_LEDGER_1M=1:
//
//	XBORDER_LEDGER_1M=1 go test -count=1 -v -run MillionPersons ./report/ledger/
func TestMillionPersonsTimed(t *testing.T) {
	if testing.Short() {
		t.Skip("timed volume test: skipped under -short")
	}
	n := 100_000
	if os.Getenv("XBORDER_LEDGER_1M") == "1" {
		n = 1_000_000
	}
	ctx := context.Background()
	var start time.Time
	var cpu time.Duration
	begin := func() { start, cpu = time.Now(), cpuTime() }
	took := func() string {
		return fmt.Sprintf("%v wall, %v CPU", time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond))
	}
	l, path := openNew(t)
	first := hashes(0, n)
	second := hashes(n/2, n)

	begin()
	mustRecord(t, l, oneFileRun(2026, "one", first, first[:n/100]))
	t.Logf("Record %d new persons (1%% sensitive) into an empty year: %s", n, took())

	begin()
	p, err := l.Prior(ctx, 2026, second, second[:n/100])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Prior of %d persons against %d recorded (merge scan): %s", n, n, took())
	if p.Overlap != int64(n/2) || p.Individuals != int64(n) {
		t.Fatalf("prior = %+v, want overlap %d of %d", p, n/2, n)
	}

	begin()
	small, err := l.Prior(ctx, 2026, hashes(n-500, 1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Prior of 1000 persons against %d recorded (index lookups): %s", n, took())
	if small.Overlap != 500 {
		t.Fatalf("small overlap = %d, want 500", small.Overlap)
	}

	begin()
	mustRecord(t, l, oneFileRun(2026, "two", second, nil))
	t.Logf("Record %d persons, half already recorded: %s", n, took())
	if got := mustTotals(t, l, 2026).Individuals; got != int64(n+n/2) {
		t.Fatalf("totals = %d, want %d", got, n+n/2)
	}

	begin()
	hist, _ := l.History(ctx)
	if err := l.Forget(ctx, hist[1].ID); err != nil {
		t.Fatal(err)
	}
	t.Logf("Forget the second run: %s", took())
	if got := mustTotals(t, l, 2026).Individuals; got != int64(n) {
		t.Fatalf("totals after Forget = %d, want %d", got, n)
	}
	l.Close() // checkpoint the WAL into the database before measuring it
	begin()
	l2, err := Open(ctx, path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	l2.Close()
	t.Logf("Open (with PRAGMA quick_check) of the ledger: %s", took())
	var size int64
	for _, s := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + s); err == nil {
			size += fi.Size()
		}
	}
	t.Logf("%s with %d persons: %.1f MB", filepath.Base(path), n, float64(size)/1e6)
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkKeyAll(b *testing.B) {
	key := make([]byte, keyLen)
	hs := hashes(0, 100_000)
	b.ResetTimer()
	for range b.N {
		keyAll(key, hs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(hs)), "ns/person")
}
