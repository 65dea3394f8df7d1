package reporttest

import (
	"context"
	"errors"
	"html"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// ChromiumPath is where the Debian package "chromium" installs the browser.
const ChromiumPath = "/usr/bin/chromium"

// RenderInChromium opens htmlPath in headless Chromium with the network disabled and observed,
// and returns the visible text of the rendered page and the path of a 1280×2400 PNG screenshot.
//
// Every request is sent to a proxy on 127.0.0.1 that only counts connection attempts (loopback
// included), and host resolution is disabled; the test fails if anything reached the proxy, so
// a report that tries to load a font, image or script is caught. Without Chromium the test is
// skipped, unless the environment variable CI is set: CI must run it.
//
// If XBORDER_ARTIFACTS is set the screenshot is also copied there (as report.png) for people to
// look at; otherwise its path in the test's temporary folder is logged.
func RenderInChromium(t testing.TB, htmlPath string) (text string, screenshot string) {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing and CI is set: install the Debian package chromium so the browser test runs", ChromiumPath)
		}
		t.Skipf("%s not found: install the Debian package chromium to run the browser test", ChromiumPath)
	}
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		t.Fatalf("render %s: %v", htmlPath, err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("start the observing proxy: %v", err)
	}
	var attempts atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			attempts.Add(1)
			c.Close()
		}
	}()
	defer ln.Close()

	tmp := t.TempDir()
	screenshot = filepath.Join(tmp, "report.png")
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
		"--proxy-server=http://" + ln.Addr().String(),
		"--proxy-bypass-list=<-loopback>",
		"--host-resolver-rules=MAP * ~NOTFOUND",
	}
	url := "file://" + abs

	dom := runChromium(t, append(base, "--user-data-dir="+filepath.Join(tmp, "profile-dom"), "--dump-dom", url))
	runChromium(t, append(base, "--user-data-dir="+filepath.Join(tmp, "profile-shot"),
		"--screenshot="+screenshot, "--window-size=1280,2400", url))
	if fi, err := os.Stat(screenshot); err != nil || fi.Size() == 0 {
		t.Fatalf("chromium wrote no screenshot at %s: %v", screenshot, err)
	}
	if n := attempts.Load(); n != 0 {
		t.Errorf("the page made %d network connection attempt(s); a report must load nothing", n)
	}

	if dir := os.Getenv("XBORDER_ARTIFACTS"); dir != "" {
		if err := copyFile(screenshot, filepath.Join(dir, "report.png")); err != nil {
			t.Errorf("copy the screenshot to XBORDER_ARTIFACTS: %v", err)
		}
	} else {
		t.Logf("screenshot of the rendered report: %s", screenshot)
	}
	return VisibleText(dom), screenshot
}

func runChromium(t testing.TB, args []string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, ChromiumPath, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("chromium timed out; stderr:\n%s", stderr.String())
		}
		t.Fatalf("chromium failed: %v; stderr:\n%s", err, stderr.String())
	}
	return stdout.String()
}

var (
	invisibleBlocks = regexp.MustCompile(`(?is)<(head|style|script|noscript|template|title)\b.*?</(head|style|script|noscript|template|title)\s*>`)
	tags            = regexp.MustCompile(`(?s)<[^>]*>`)
	spaces          = regexp.MustCompile(`[ \t\r\n]+`)
)

// VisibleText approximates what a reader sees in a serialised DOM: the text outside tags, minus
// the head, styles and scripts, entities decoded, white space collapsed.
func VisibleText(dom string) string {
	s := invisibleBlocks.ReplaceAllString(dom, " ")
	s = tags.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
