package reporttest

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// ClickInChromium opens htmlPath in headless Chromium (network observed, as RenderInChromium),
// clicks the element selector matches with a real mouse press and release at its centre, then
// evaluates the JavaScript expression probe in the page and returns its string value, with the
// path of a 1280×1600 PNG screenshot taken after the click (logged, and copied to
// XBORDER_ARTIFACTS as name when that is set).
//
// Chromium is driven through the DevTools protocol over --remote-debugging-pipe (file
// descriptors 3 and 4, NUL-delimited JSON), so no port is opened and no library is needed.
func ClickInChromium(t testing.TB, htmlPath, selector, probe, name string) (result, screenshot string) {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing and CI is set: install the Debian package chromium so the browser test runs", ChromiumPath)
		}
		t.Skipf("%s not found: install the Debian package chromium to run the browser test", ChromiumPath)
	}
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		t.Fatalf("click in %s: %v", htmlPath, err)
	}
	proxy, err := startObserver()
	if err != nil {
		t.Fatalf("start the observing proxy: %v", err)
	}
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cdp, err := startDevTools(ctx, append(chromiumFlags(proxy.addr()), "--user-data-dir="+filepath.Join(tmp, "profile-click"),
		"--window-size=1280,1600", "--remote-debugging-pipe", "about:blank"))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	defer cdp.close()

	png, result, err := cdp.clickAndProbe(ctx, "file://"+abs, selector, probe)
	if err != nil {
		t.Fatalf("click %s in %s: %v; chromium stderr:\n%s", selector, htmlPath, err, cdp.stderr.String())
	}
	screenshot = filepath.Join(tmp, name)
	if err := os.WriteFile(screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("XBORDER_ARTIFACTS"); dir != "" {
		if err := copyFile(screenshot, filepath.Join(dir, name)); err != nil {
			t.Errorf("copy the screenshot to XBORDER_ARTIFACTS: %v", err)
		}
	}
	t.Logf("screenshot after clicking %s: %s", selector, screenshot)

	cdp.close()
	page, background := proxy.stop()
	for _, req := range background {
		t.Logf("ignored Chromium's own background request: %s", req)
	}
	for _, req := range page {
		t.Logf("request through the observing proxy: %s", req)
	}
	if len(page) != 0 {
		t.Errorf("the page made %d network request(s) (logged above); a report must load nothing", len(page))
	}
	return result, screenshot
}

// devTools is one Chromium process driven over its DevTools pipe.
type devTools struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	stderr strings.Builder
	nextID int
	// replies receives every message Chromium writes; the reader goroutine closes it at EOF.
	replies chan map[string]json.RawMessage
	once    sync.Once
}

func startDevTools(ctx context.Context, args []string) (*devTools, error) {
	toChrome, chromeIn, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	chromeOut, fromChrome, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	d := &devTools{cmd: exec.CommandContext(ctx, ChromiumPath, args...), in: chromeIn, replies: make(chan map[string]json.RawMessage, 64)}
	d.cmd.Stderr = &d.stderr
	d.cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // fd 3: Chromium reads, fd 4: it writes
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	toChrome.Close()
	fromChrome.Close()
	go func() {
		defer close(d.replies)
		r := bufio.NewReader(chromeOut)
		for {
			msg, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m map[string]json.RawMessage
			if json.Unmarshal(msg[:len(msg)-1], &m) == nil {
				d.replies <- m
			}
		}
	}()
	return d, nil
}

// call sends one command (to a page session when session is set) and waits for its reply;
// events arriving meanwhile are passed to onEvent.
func (d *devTools) call(ctx context.Context, session, method string, params any, onEvent func(method string, m map[string]json.RawMessage)) (json.RawMessage, error) {
	d.nextID++
	id := d.nextID
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := d.in.Write(append(b, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: %w", method, ctx.Err())
		case m, ok := <-d.replies:
			if !ok {
				return nil, fmt.Errorf("%s: chromium closed the pipe", method)
			}
			var got int
			if raw, isReply := m["id"]; isReply && json.Unmarshal(raw, &got) == nil && got == id {
				if e, failed := m["error"]; failed {
					return nil, fmt.Errorf("%s: %s", method, e)
				}
				return m["result"], nil
			}
			if ev, isEvent := m["method"]; isEvent && onEvent != nil {
				var name string
				_ = json.Unmarshal(ev, &name)
				onEvent(name, m)
			}
		}
	}
}

// clickAndProbe loads url in a new page, clicks selector, evaluates probe and takes a screenshot.
func (d *devTools) clickAndProbe(ctx context.Context, url, selector, probe string) (png []byte, result string, err error) {
	var target struct{ TargetID string }
	if err := d.into(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, "", err
	}
	var attached struct{ SessionID string }
	if err := d.into(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return nil, "", err
	}
	s := attached.SessionID
	if err := d.into(ctx, s, "Page.enable", map[string]any{}, nil); err != nil {
		return nil, "", err
	}
	loaded := false
	onEvent := func(method string, _ map[string]json.RawMessage) { loaded = loaded || method == "Page.loadEventFired" }
	if _, err := d.call(ctx, s, "Page.navigate", map[string]any{"url": url}, onEvent); err != nil {
		return nil, "", err
	}
	if !loaded {
		if err := d.waitEvent(ctx, "Page.loadEventFired"); err != nil {
			return nil, "", err
		}
	}
	centre := fmt.Sprintf(`(function(){var e=document.querySelector(%q); if(!e) return ""; e.scrollIntoView({block:"center"});
var r=e.getBoundingClientRect(); return JSON.stringify([r.left+r.width/2, r.top+r.height/2]);})()`, selector)
	at, err := d.eval(ctx, s, centre)
	if err != nil || at == "" {
		return nil, "", fmt.Errorf("no element %s to click (%v)", selector, err)
	}
	var xy [2]float64
	if err := json.Unmarshal([]byte(at), &xy); err != nil {
		return nil, "", err
	}
	for _, kind := range []string{"mousePressed", "mouseReleased"} {
		ev := map[string]any{"type": kind, "x": xy[0], "y": xy[1], "button": "left", "clickCount": 1}
		if err := d.into(ctx, s, "Input.dispatchMouseEvent", ev, nil); err != nil {
			return nil, "", err
		}
	}
	if result, err = d.eval(ctx, s, probe); err != nil {
		return nil, "", err
	}
	var shot struct{ Data string }
	if err := d.into(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return nil, "", err
	}
	png, err = base64.StdEncoding.DecodeString(shot.Data)
	return png, result, err
}

// waitEvent reads Chromium's messages until the event named arrives.
func (d *devTools) waitEvent(ctx context.Context, name string) error {
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", name, ctx.Err())
		case m, ok := <-d.replies:
			if !ok {
				return fmt.Errorf("waiting for %s: chromium closed the pipe", name)
			}
			var got string
			if json.Unmarshal(m["method"], &got) == nil && got == name {
				return nil
			}
		}
	}
}

// into calls method and decodes its result into out (when not nil).
func (d *devTools) into(ctx context.Context, session, method string, params, out any) error {
	raw, err := d.call(ctx, session, method, params, nil)
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// eval evaluates a JavaScript expression in the page and returns its value as a string.
func (d *devTools) eval(ctx context.Context, session, expr string) (string, error) {
	var res struct {
		Result struct {
			Value any `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	if err := d.into(ctx, session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res); err != nil {
		return "", err
	}
	if res.ExceptionDetails != nil {
		return "", fmt.Errorf("script error: %s", res.ExceptionDetails.Text)
	}
	return fmt.Sprint(res.Result.Value), nil
}

// close ends Chromium: politely first, then by killing the process the test started.
func (d *devTools) close() {
	d.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = d.call(ctx, "", "Browser.close", map[string]any{}, nil)
		cancel()
		d.in.Close()
		done := make(chan struct{})
		go func() { _ = d.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = d.cmd.Process.Kill()
			<-done
		}
	})
}
