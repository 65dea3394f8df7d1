package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report/ledger"
)

// runWithin runs the CLI in-process and fails the test if it has not returned after d: a hang
// guard for inputs that used to block forever, not a timing assertion.
func runWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code           int
		stdout, stderr string
	}
	done := make(chan res, 1)
	go func() {
		var out, errb bytes.Buffer
		a := newApp(&out, &errb)
		a.now = func() time.Time { return day }
		a.isTerminal = func(io.Writer) bool { return false }
		a.getenv = func(string) string { return "" }
		code := a.run(context.Background(), args)
		done <- res{code, out.String(), errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(d):
		t.Fatalf("xborder %v still running after %v", args, d)
		return 0, "", ""
	}
}

// TestOutputsCheckedByIdentity: the guard against writing over an input compares devices and
// inodes, not spellings. Each case used to replace or truncate an input, or create a file among
// the exports; each is refused with exit 2 before anything is read, and the tree is unchanged.
func TestOutputsCheckedByIdentity(t *testing.T) {
	base := t.TempDir()
	tree := filepath.Join(base, "exports")
	in := filepath.Join(tree, "orders.csv")
	writeFile(t, in, goodCSV())
	require.NoError(t, os.Symlink(tree, filepath.Join(base, "link-to-exports")))
	require.NoError(t, os.Symlink(in, filepath.Join(base, "link-to-orders.csv")))
	pol := filepath.Join(base, "policy.yaml")
	writeFile(t, pol, []byte("version: 1\n"))
	t.Chdir(base)
	before := treeState(t, tree)
	polBefore, _ := os.ReadFile(pol)

	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"-o through a symlinked folder", []string{"-o", "link-to-exports/orders.csv", tree}, "is inside the scanned folder"},
		{"-o through a symlinked folder onto the input", []string{"-o", "link-to-exports/orders.csv", in}, "is the scanned input"},
		{"-o through a link to the input", []string{"-o", "link-to-orders.csv", in}, "is the scanned input"},
		{"-o by /proc/self/cwd", []string{"-o", "/proc/self/cwd/exports/orders.csv", in}, "is the scanned input"},
		{"-o new file through /proc/self/cwd", []string{"-o", "/proc/self/cwd/exports/new.json", tree}, "is inside the scanned folder"},
		{"-o by a dotted path", []string{"-o", "exports/../exports/./orders.csv", "exports/orders.csv"}, "is the scanned input"},
		{"--cpuprofile over the input", []string{"--cpuprofile", in, in}, "is the scanned input"},
		{"--cpuprofile inside the folder", []string{"--cpuprofile", "link-to-exports/cpu.prof", tree}, "inside the scanned folder"},
		{"--ledger-key inside the folder", []string{"--ledger", filepath.Join(base, "audit.db"), "--ledger-key", filepath.Join(tree, "audit.key"), tree}, "inside the scanned folder"},
		{"--ledger through a symlinked folder", []string{"--ledger", "link-to-exports/audit.db", tree}, "inside the scanned folder"},
		{"--evidence as the scanned folder", []string{"--evidence", "link-to-exports", tree}, "is the scanned folder"},
		{"-o over the policy", []string{"--policy", pol, "-o", pol, tree}, "is the policy file"},
		{"-o and --cpuprofile the same file", []string{"-o", filepath.Join(base, "x"), "--cpuprofile", filepath.Join(base, "x"), tree}, "are the same file"},
		{"-o over the ledger", []string{"--ledger", filepath.Join(base, "l.db"), "-o", filepath.Join(base, "l.db"), tree}, "are the same file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := testApp{now: day}.run(t, append([]string{"scan", "-q"}, tc.args...)...)
			assert.Equal(t, exitError, code, stderr)
			assert.Contains(t, stderr, tc.says)
			assert.Equal(t, before, treeState(t, tree), "the scanned tree changed")
			polAfter, _ := os.ReadFile(pol)
			assert.Equal(t, polBefore, polAfter, "the policy changed")
		})
	}
	// Outside the tree, the same spellings are fine.
	code, _, stderr := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "-o", "/proc/self/cwd/report.json",
		"--cpuprofile", filepath.Join(base, "cpu.prof"), "--ledger", filepath.Join(base, "ok.db"), tree)
	require.Equal(t, exitOK, code, stderr)
	assert.FileExists(t, filepath.Join(base, "report.json"))
	assert.FileExists(t, filepath.Join(base, "cpu.prof"))
}

// TestFlagLikeFileNames: with `cd exports && xborder scan *`, files named -o, --fail-on=never or
// --help used to be obeyed as flags. Such an argument is refused now (it names a file), and after
// -- every argument is a path.
func TestFlagLikeFileNames(t *testing.T) {
	dir := t.TempDir()
	names := []string{"--fail-on=never", "--help", "-o", "orders.csv"} // the order a shell glob gives
	for _, n := range names {
		writeFile(t, filepath.Join(dir, n), idCSV(5)) // sensitive: exit 1 unless --fail-on=never
	}
	t.Chdir(dir)
	before := treeState(t, dir)

	code, stdout, stderr := testApp{now: day}.run(t, append([]string{"scan", "-f", "json"}, names...)...)
	assert.Equal(t, exitError, code)
	assert.Empty(t, stdout, "no scan, no help text")
	assert.Contains(t, stderr, "names a file here")
	assert.Contains(t, stderr, "xborder scan [flags] -- PATH...")

	code, stdout, stderr = testApp{now: day}.run(t, append([]string{"scan", "-f", "json", "--"}, names...)...)
	require.NotEmpty(t, stdout, stderr)
	r := decodeReport(t, []byte(stdout))
	var seen []string
	for _, f := range r.Files {
		seen = append(seen, f.Path)
	}
	for _, s := range r.Skipped {
		seen = append(seen, s.Path)
	}
	for _, n := range names {
		assert.Contains(t, seen, n, "after --, %q is a path", n)
	}
	// Had --fail-on=never been obeyed the run would exit 0; the flag-like names are paths, not
	// examined (no supported format), so it exits 2.
	assert.Equal(t, exitError, code, "--fail-on=never was not obeyed: %s", stderr)
	assert.Equal(t, before, treeState(t, dir), "-o was not obeyed: nothing written")

	// A flag after the paths is still a flag when no file of that name exists.
	code, stdout, stderr = testApp{now: day}.run(t, "scan", "orders.csv", "-f", "json", "--fail-on", "never", "--no-progress")
	require.Equal(t, exitOK, code, stderr)
	assert.True(t, strings.HasPrefix(stdout, "{"))
}

// TestFilesTheCLIOpensForItself: the policy, ledger and key must be regular files; a FIFO or a
// device is refused with exit 2 at once (it used to block forever or read without end), and a
// policy over 4 MiB is refused.
func TestFilesTheCLIOpensForItself(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	writeFile(t, filepath.Join(data, "orders.csv"), goodCSV())
	fifo := func(name string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, syscall.Mkfifo(p, 0o600))
		return p
	}
	big := filepath.Join(dir, "big.yaml")
	writeFile(t, big, append([]byte("version: 1\n"), bytes.Repeat([]byte("# padding\n"), 500_000)...))
	recorded := filepath.Join(dir, "rec.db")
	code, _, stderr := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", recorded, "--record", data)
	require.Equal(t, exitOK, code, stderr)
	require.NoError(t, os.Remove(recorded+".key"))
	require.NoError(t, syscall.Mkfifo(recorded+".key", 0o600))

	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"--policy /dev/zero", []string{"--policy", "/dev/zero"}, "not a regular file (character device)"},
		{"--policy FIFO", []string{"--policy", fifo("policy.fifo")}, "not a regular file (named pipe)"},
		{"--policy folder", []string{"--policy", dir}, "not a regular file (folder)"},
		{"--policy over 4 MiB", []string{"--policy", big}, "larger than the 4 MiB"},
		{"--ledger FIFO", []string{"--ledger", fifo("ledger.fifo")}, "not a regular file (named pipe)"},
		{"--ledger-key FIFO of a new ledger", []string{"--ledger", filepath.Join(dir, "new.db"), "--ledger-key", fifo("key.fifo")}, "not a regular file (named pipe)"},
		{"--ledger-key FIFO of an existing ledger", []string{"--ledger", recorded}, "not a regular file (named pipe)"},
		{"--ledger-key /dev/zero", []string{"--ledger", filepath.Join(dir, "new2.db"), "--ledger-key", "/dev/zero"}, "not a regular file (character device)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runWithin(t, time.Minute, append(append([]string{"scan", "-q"}, tc.args...), data)...)
			assert.Equal(t, exitError, code)
			assert.Contains(t, stderr, tc.says)
		})
	}
	t.Run("detectors --policy FIFO", func(t *testing.T) {
		code, _, stderr := runWithin(t, time.Minute, "detectors", "--policy", fifo("p2.fifo"))
		assert.Equal(t, exitError, code)
		assert.Contains(t, stderr, "named pipe")
	})
}

// TestLedgerLostWhileKeyRemains: a ledger database deleted or emptied while its key stays used to
// restart the year at 0 without a word. It is an error naming the way out; --new-ledger starts a
// new ledger on purpose.
func TestLedgerLostWhileKeyRemains(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	writeMobiles(t, filepath.Join(data, "people.csv"), 0, 500)
	db := filepath.Join(dir, "audit.db")
	code, _, stderr := testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, "--record", data)
	require.Equal(t, exitOK, code, stderr)
	for _, side := range []string{"", "-wal", "-shm"} {
		os.Remove(db + side)
	}
	code, _, stderr = testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, data)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--new-ledger")
	assert.NoFileExists(t, db, "nothing was created")

	require.NoError(t, os.WriteFile(db, nil, 0o600)) // truncated to 0 bytes
	code, _, stderr = testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, data)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "--new-ledger")

	code, _, stderr = testApp{now: day}.run(t, "scan", "-q", "--fail-on", "never", "--ledger", db, "--new-ledger", "--record", data)
	require.Equal(t, exitOK, code, stderr)
	code, out, stderr := testApp{now: day}.run(t, "ledger", "show", "--ledger", db)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, out, "500")
}

// residentID returns a valid 18-character resident ID (Beijing Chaoyang, born 1980-01-01).
func residentID(seq int) string {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	body := fmt.Sprintf("11010519800101%03d", seq%1000)
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// idCSV is a small export of n persons identified by resident ID number: sensitive by default.
func idCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("姓名,身份证号\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "客户%d,%s\n", i, residentID(i))
	}
	return []byte(b.String())
}

// TestLedgerReuseFollowsThePolicy: a file recorded while cn_resident_id was personal used to stay
// free, reused unread, under a policy that makes it sensitive. Reuse needs the same judgement now:
// the file is read again and judged under the policy in force.
func TestLedgerReuseFollowsThePolicy(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	var b strings.Builder
	b.WriteString("姓名,身份证号\n")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "客户,%s\n", residentID(i))
	}
	writeFile(t, filepath.Join(data, "ids.csv"), []byte(b.String()))
	lenient := filepath.Join(dir, "lenient.yaml")
	writeFile(t, lenient, []byte("version: 1\ncategories:\n  cn_resident_id: personal\n"))
	strict := filepath.Join(dir, "strict.yaml")
	writeFile(t, strict, []byte("version: 1\ncategories:\n  cn_resident_id: sensitive\n"))
	db := filepath.Join(dir, "audit.db")

	scan := func(pol string, extra ...string) (string, []string) {
		code, out, stderr := testApp{now: day}.run(t, append([]string{"scan", "-f", "json", "--fail-on", "never", "--policy", pol, "--ledger", db}, append(extra, data)...)...)
		require.NotEqual(t, exitError, code, stderr)
		f := fileByPath(t, decodeReport(t, []byte(out)), "ids.csv")
		return f.Verdict.Label, f.Notes
	}
	label, _ := scan(lenient, "--record")
	require.Equal(t, "free", label)
	label, notes := scan(lenient)
	assert.Contains(t, strings.Join(notes, " "), "reused", "same policy: reused")
	assert.Equal(t, "free", label)
	label, notes = scan(strict)
	assert.NotContains(t, strings.Join(notes, " "), "reused", "another policy: read again")
	assert.Equal(t, "contract", label, "sensitive personal information needs a contract")
	label, notes = scan(strict, "--trust-mtime")
	assert.NotContains(t, strings.Join(notes, " "), "reused", "--trust-mtime does not override the judgement")
	assert.Equal(t, "contract", label)
}

// TestInterruptedRunReportsAndRecordsNothing: SIGINT or SIGTERM during a scan (with --ledger
// --record, where it used to write no report at all) writes the partial report marked
// incomplete, records nothing in the ledger, and exits 130 or 143.
func TestInterruptedRunReportsAndRecordsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a few hundred megabytes of links to one large file")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	big := filepath.Join(data, "000.csv")
	f, err := os.Create(filepath.Join(dir, "big.csv"))
	require.NoError(t, err)
	fmt.Fprintln(f, "订单号,客户,手机号,地址")
	for i := 0; i < 300_000; i++ {
		fmt.Fprintf(f, "2026%010d,客户%d,139%08d,上海市浦东新区世纪大道%d号\n", i, i%5000, 10000000+i%5000, i%999)
	}
	require.NoError(t, f.Close())
	require.NoError(t, os.MkdirAll(data, 0o755))
	require.NoError(t, os.Link(filepath.Join(dir, "big.csv"), big))
	for i := 1; i < 60; i++ { // hard links: 60 regular files to read, one on disk
		require.NoError(t, os.Link(big, filepath.Join(data, fmt.Sprintf("%03d.csv", i))))
	}
	exe, err := os.Executable()
	require.NoError(t, err)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			out := filepath.Join(dir, "report-"+sig.String()+".json")
			db := filepath.Join(dir, "audit-"+sig.String()+".db")
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // hang guard
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "scan", "-f", "json", "-o", out, "--ledger", db, "--record",
				"--workers", "1", "--fail-on", "never", data)
			cmd.Env = append(os.Environ(), runMainEnv+"=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			// Signal once the run reads an input, not after a fixed sleep: on a loaded machine
			// a fixed sleep can land before the handler exists and the default action kills
			// the process (exit -1), which is not the behaviour under test.
			waitUntilReading(t, cmd.Process.Pid, data)
			require.NoError(t, cmd.Process.Signal(sig))
			err := cmd.Wait()
			require.NoError(t, ctx.Err(), "the run did not end after %v", sig)
			code := cmd.ProcessState.ExitCode()
			if err == nil && code == exitOK {
				t.Skip("the scan finished before the signal")
			}
			assert.Equal(t, 128+int(sig), code, stderr.String())
			data, err := os.ReadFile(out)
			require.NoError(t, err, "no report: %s", stderr.String())
			r := decodeReport(t, data)
			assert.True(t, r.Incomplete, "the report says it is incomplete")
			assert.Equal(t, "error", r.Summary.Verdict.Label)
			l, err := ledger.Open(context.Background(), db, ledger.Options{})
			require.NoError(t, err)
			runs, err := l.History(context.Background())
			l.Close()
			require.NoError(t, err)
			assert.Empty(t, runs, "an interrupted run recorded nothing")
			assert.Contains(t, stderr.String(), "nothing recorded in the ledger")
		})
	}
}

// waitUntilReading polls /proc until process pid holds a file under dir open (the scan has
// started, so its signal handling is in place), for at most a minute.
func waitUntilReading(t *testing.T, pid int, dir string) {
	t.Helper()
	fds := fmt.Sprintf("/proc/%d/fd", pid)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		entries, _ := os.ReadDir(fds)
		for _, e := range entries {
			if target, err := os.Readlink(filepath.Join(fds, e.Name())); err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
				return
			}
		}
	}
	t.Fatalf("process %d opened nothing under %s within a minute", pid, dir)
}

// TestInterruptCodes checks the exit code mapping of an interrupted in-process run.
func TestInterruptCodes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.csv"), goodCSV())
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(&interruptError{sig: sig})
		var out, errb bytes.Buffer
		a := newApp(&out, &errb)
		a.isTerminal = func(io.Writer) bool { return false }
		code := a.run(ctx, []string{"scan", "-f", "json", dir})
		assert.Equal(t, want, code, errb.String())
		r := decodeReport(t, out.Bytes())
		assert.True(t, r.Incomplete)
	}
}
