package reporttest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func requireChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		t.Skipf("%s not found", ChromiumPath)
	}
}

// TestObserverCatchesNetworkAccess proves the browser test can fail: a page that loads an image
// from the web must be seen by the observing proxy. (A file:// page loading from 127.0.0.1 is
// blocked by Chromium's local-network-access rules before any request is made, so it cannot be
// observed, nor can it leak.)
func TestObserverCatchesNetworkAccess(t *testing.T) {
	requireChromium(t)
	page := filepath.Join(t.TempDir(), "leaky.html")
	html := `<!DOCTYPE html><html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter"></head>` +
		`<body><p>leaky</p><img src="http://example.com/pixel.png"></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, attempts := renderObserved(t, page, false)
	if attempts < 2 {
		t.Errorf("a page loading a web font and an image made %d request(s) the proxy saw, want at least 2", attempts)
	}
}

func TestVisibleText(t *testing.T) {
	dom := `<html><head><title>T</title><style>p{}</style></head><body><p>a &lt;script&gt;</p><script>x()</script><p>b&amp;c</p></body></html>`
	if got, want := VisibleText(dom), "a <script> b&c"; got != want {
		t.Errorf("VisibleText = %q, want %q", got, want)
	}
	if strings.Contains(VisibleText(dom), "x()") {
		t.Errorf("script content counted as visible")
	}
}
