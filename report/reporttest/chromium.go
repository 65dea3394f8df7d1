package reporttest

import (
	"bufio"
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
	"sync"
	"testing"
	"time"
)

// ChromiumPath is where the Debian package "chromium" installs the browser.
const ChromiumPath = "/usr/bin/chromium"

// RenderInChromium opens htmlPath in headless Chromium with the network disabled and observed,
// and returns the visible text of the rendered page and the path of a 1280×2400 PNG screenshot.
//
// Every request is sent to a proxy on 127.0.0.1 that records each connection's request line and
// forwards nothing (loopback included), and host resolution is disabled for everything but the
// proxy; the test fails if the page caused any request, so a report that tries to load a font,
// image or script is caught. Chromium's own start-up requests (browserBackground) are logged
// but not counted: no combination of flags silences them in Chromium 156. Without Chromium the test is
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
	dom, screenshot, attempts := renderObserved(t, htmlPath, true)
	if attempts != 0 {
		t.Errorf("the page made %d network request(s) (logged above); a report must load nothing", attempts)
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

// renderObserved runs Chromium behind the observing proxy (once for the DOM, once more for the
// screenshot if asked) and returns the serialised DOM, the screenshot path and the number of
// requests the page caused.
func renderObserved(t testing.TB, htmlPath string, withScreenshot bool) (dom, screenshot string, attempts int64) {
	t.Helper()
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		t.Fatalf("render %s: %v", htmlPath, err)
	}

	proxy, err := startObserver()
	if err != nil {
		t.Fatalf("start the observing proxy: %v", err)
	}

	tmp := t.TempDir()
	screenshot = filepath.Join(tmp, "report.png")
	base := chromiumFlags(proxy.addr())
	url := "file://" + abs

	dom = runChromium(t, append(base, "--user-data-dir="+filepath.Join(tmp, "profile-dom"), "--dump-dom", url))
	if withScreenshot {
		runChromium(t, append(base, "--user-data-dir="+filepath.Join(tmp, "profile-shot"),
			"--screenshot="+screenshot, "--window-size=1280,2400", url))
		if fi, err := os.Stat(screenshot); err != nil || fi.Size() == 0 {
			t.Fatalf("chromium wrote no screenshot at %s: %v", screenshot, err)
		}
	}
	page, background := proxy.stop()
	for _, req := range background {
		t.Logf("ignored Chromium's own background request: %s", req)
	}
	for _, req := range page {
		t.Logf("request through the observing proxy: %s", req)
	}
	return dom, screenshot, int64(len(page))
}

// chromiumFlags are the flags every run shares: headless, no background services, every request
// sent to the observing proxy at proxyAddr and no host resolved but the proxy's.
func chromiumFlags(proxyAddr string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
		// Chromium's own background services that flags can switch off.
		"--disable-extensions", "--no-pings", "--disable-domain-reliability", "--dns-prefetch-disable",
		"--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AccountConsistency,DiceWebSigninInterception",
		"--proxy-server=http://" + proxyAddr,
		"--proxy-bypass-list=<-loopback>", // observe requests to localhost too
		// Resolve nothing, except the proxy's own address: with a bare "MAP * ~NOTFOUND"
		// Chromium cannot reach the proxy either, every request fails silently before the
		// listener sees it, and the no-connection assertion would pass vacuously
		// (TestObserverCatchesNetworkAccess guards this).
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
	}
}

// browserBackground are the request lines Chromium 156 sends at start-up whatever the page and
// whatever the flags (component-updater and sign-in preconnects, the network-time query). They
// are logged, not counted. The list is exact request-line prefixes, not whole domains, so a page
// loading anything else (fonts.googleapis.com, an image, a beacon) is still counted; the static
// HTML tests additionally forbid src, href and url( altogether.
var browserBackground = []string{
	"CONNECT update.googleapis.com:443 ",
	"POST http://update.googleapis.com/service/update2/json?",
	"CONNECT accounts.google.com:443 ",
	"GET http://clients2.google.com/time/1/current?",
}

// observer is a fake HTTP proxy that never forwards anything: it reads the request line of
// each connection, remembers it and hangs up.
type observer struct {
	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	reqs []string
}

func startObserver() (*observer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	o := &observer{ln: ln}
	o.wg.Add(1)
	go func() {
		defer o.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			o.wg.Add(1)
			go func() {
				defer o.wg.Done()
				defer c.Close()
				c.SetReadDeadline(time.Now().Add(2 * time.Second))
				line, _ := bufio.NewReader(c).ReadString('\n')
				line = strings.TrimRight(line, "\r\n")
				if line == "" {
					// An idle preconnected socket closed at exit: it requested nothing.
					return
				}
				o.mu.Lock()
				o.reqs = append(o.reqs, line)
				o.mu.Unlock()
			}()
		}
	}()
	return o, nil
}

func (o *observer) addr() string { return o.ln.Addr().String() }

// stop closes the proxy and splits what it saw into requests a page could have caused and
// Chromium's own background requests.
func (o *observer) stop() (page, background []string) {
	o.ln.Close()
	o.wg.Wait()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, req := range o.reqs {
		if isBackground(req) {
			background = append(background, req)
		} else {
			page = append(page, req)
		}
	}
	return page, background
}

func isBackground(req string) bool {
	for _, prefix := range browserBackground {
		if strings.HasPrefix(req, prefix) {
			return true
		}
	}
	return false
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
