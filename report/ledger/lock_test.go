package ledger

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrentOpenWaitsForTheFirst(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "audit.db")
	first, err := Open(ctx, path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var waits atomic.Int32
	var msg atomic.Value
	opt := testOptions()
	opt.LockWait = func(m string) { waits.Add(1); msg.Store(m) }
	type result struct {
		l   *Ledger
		err error
	}
	done := make(chan result, 1)
	go func() {
		l, err := Open(ctx, path, opt)
		done <- result{l, err}
	}()
	select {
	case r := <-done:
		t.Fatalf("second Open returned while the first held the ledger (err %v)", r.err)
	case <-time.After(300 * time.Millisecond):
	}
	if waits.Load() != 1 {
		t.Fatalf("LockWait called %d times, want 1", waits.Load())
	}
	if m, _ := msg.Load().(string); !strings.Contains(m, "waiting for another xborder run to release") || !strings.Contains(m, path) {
		t.Errorf("LockWait message = %q", m)
	}
	mustRecord(t, first, oneFileRun(2026, "a", hashes(0, 10), nil))
	first.Close()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("second Open after release: %v", r.err)
		}
		defer r.l.Close()
		if got := mustTotals(t, r.l, 2026).Individuals; got != 10 {
			t.Errorf("second Open sees %d individuals, want 10", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second Open still waiting after the first closed")
	}
	if waits.Load() != 1 {
		t.Errorf("LockWait called %d times in all, want 1", waits.Load())
	}
}

func TestOpenGivesUpWhenContextEnds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.db")
	first, err := Open(context.Background(), path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err = Open(ctx, path, testOptions()) // no LockWait: waiting silently must work too
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open = %v, want DeadlineExceeded", err)
	}
}

// helperEnv makes the test binary act as another xborder process holding a ledger.
const helperEnv = "XBORDER_LEDGER_LOCK_HELPER"

func TestHelperHoldLedger(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("helper process for TestLockAcrossProcesses")
	}
	l, err := Open(context.Background(), path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("locked\n")
	io.Copy(io.Discard, os.Stdin) // hold until the parent closes stdin
	l.Close()
}

func TestLockAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	path := filepath.Join(t.TempDir(), "audit.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLedger$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	var waits atomic.Int32
	opt := testOptions()
	opt.LockWait = func(string) { waits.Add(1) }
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := Open(ctx, path, opt); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open while another process holds the ledger = %v, want DeadlineExceeded", err)
	}
	if waits.Load() != 1 {
		t.Errorf("LockWait called %d times, want 1", waits.Load())
	}
	stdin.Close()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	l, err := Open(ctx2, path, testOptions())
	if err != nil {
		t.Fatalf("Open after the other process released: %v", err)
	}
	l.Close()
}
