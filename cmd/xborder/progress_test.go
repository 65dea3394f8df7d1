package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets tests run this test binary as the xborder command itself (XBORDER_RUN_MAIN=1),
// so terminal and subprocess tests need no separate build.
func TestMain(m *testing.M) {
	if os.Getenv("XBORDER_RUN_MAIN") == "1" {
		if p := os.Getenv(peakFileEnv); p != "" {
			exitHook = func() { recordPeak(p) }
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// TestProgressBarOnATerminal runs a scan of a large file under a pseudo-terminal (script(1)):
// the bar renders on stderr and is cleared when the scan ends, while stdout redirected to a file
// holds the report and no bar characters.
func TestProgressBarOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a 60 MB file")
	}
	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) from util-linux/bsdutils is needed for a pseudo-terminal")
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	require.NoError(t, err)
	fmt.Fprintln(f, "order_id,收货人,手机号,收货地址,金额")
	for i := 0; i < 600000; i++ {
		fmt.Fprintf(f, "2026%014d,客户%d,139%08d,上海市浦东新区世纪大道%d号%d室,%d.%02d\n", i, i%90000, 10000000+i%90000, i%999, i%3000, i%5000, i%100)
	}
	require.NoError(t, f.Close())

	self, err := os.Executable()
	require.NoError(t, err)
	out := filepath.Join(dir, "report.txt")
	transcript := filepath.Join(dir, "terminal.txt")
	cmd := exec.Command(scriptBin, "-q", "-e", "-f", "-c",
		fmt.Sprintf("%s scan --fail-on never --workers 1 %s > %s", self, big, out), transcript)
	cmd.Env = append(os.Environ(), "XBORDER_RUN_MAIN=1", "TERM=xterm")
	combined, err := cmd.CombinedOutput()
	require.NoError(t, err, string(combined))

	term, err := os.ReadFile(transcript)
	require.NoError(t, err)
	screen := string(term)
	assert.Contains(t, screen, "/1 files", "the bar counts files")
	assert.Contains(t, screen, "%", "the bar shows how far it is")
	assert.Contains(t, screen, "big.csv", "the bar names the current file")
	assert.Contains(t, screen, "\r", "the bar redraws in place")
	// It finishes cleanly: after the last frame the line is blanked and the cursor returned.
	last := strings.LastIndex(screen, "files  ")
	require.Positive(t, last)
	tail := screen[last:]
	cleared := strings.Index(tail, "\r")
	require.Positive(t, cleared, "the last frame is followed by a carriage return")
	assert.Empty(t, strings.Trim(tail[cleared:strings.LastIndex(tail, "\r")+1], " \r"), "the line is cleared after the last frame")

	report, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(report), "Batch verdict")
	for _, bar := range []string{"\r", "█", "files  ", "\x1b["} {
		assert.NotContains(t, string(report), bar, "bar characters leaked into the redirected stdout")
	}
}
