package report

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

func TestHTMLEscapesHostileNames(t *testing.T) {
	out := string(render(t, "html", WriterOptions{}, goldenReport()))
	// The page's own script is the only one: a name can never add another.
	if n := len(regexp.MustCompile(`(?i)<script`).FindAllString(out, -1)); n != 1 || !strings.Contains(out, "<script>"+htmlScript+"</script>") {
		t.Errorf("HTML holds %d <script tags, want exactly the page's own", n)
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile column name is not shown escaped")
	}
	if strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, '\u202e') {
		t.Errorf("HTML holds a raw ESC or right-to-left override")
	}
	if !strings.Contains(out, `card\u202egpj.exe`) {
		t.Errorf("the right-to-left override is not made visible")
	}
}

func TestHTMLLoadsNothing(t *testing.T) {
	out := string(render(t, "html", WriterOptions{}, goldenReport()))
	sum := sha256.Sum256([]byte(htmlScript))
	csp := `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-` +
		base64.StdEncoding.EncodeToString(sum[:]) + `'">`
	if !strings.Contains(out, csp) {
		t.Errorf("the Content-Security-Policy meta tag, allowing only the page's own script, is missing")
	}
	// Links only within the page.
	if m := regexp.MustCompile(`(?i) href="[^#]`).FindString(out); m != "" {
		t.Errorf("HTML links outside the page: %q", m)
	}
	for _, bad := range []string{"fetch(", "XMLHttpRequest", "import(", "http", "src", "eval(", "innerHTML"} {
		if strings.Contains(htmlScript, bad) {
			t.Errorf("the page's script contains %q", bad)
		}
	}
	for _, bad := range []string{" src=", "url(", "@import", "<link", "<iframe", "<object", "<embed", "<img"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("HTML contains %q, which could load or run something", bad)
		}
	}
	if regexp.MustCompile(`(?i)<[a-z]+[^>]*\son[a-z]+=`).MatchString(out) {
		t.Errorf("HTML contains an event handler attribute")
	}
}

func TestHTMLChartScale(t *testing.T) {
	c := buildChart(goldenReport())
	if len(c.Thresholds) != 3 {
		t.Fatalf("%d threshold lines, want 3", len(c.Thresholds))
	}
	span := float64(c.PlotRight - c.PlotLeft)
	// 10^4, 10^5, 10^6 on a 7-decade axis.
	for i, want := range []float64{4.0 / 7, 5.0 / 7, 6.0 / 7} {
		if got := (c.Thresholds[i].X - float64(c.PlotLeft)) / span; got < want-1e-9 || got > want+1e-9 {
			t.Errorf("threshold %s at %.4f of the axis, want %.4f", c.Thresholds[i].Label, got, want)
		}
	}
	// The error file is not charted: batch + 5 readable files.
	if len(c.Rows) != 6 {
		t.Errorf("%d chart rows, want 6", len(c.Rows))
	}
	for _, row := range c.Rows {
		if row.IndW < 0 || row.IndW > span || row.SensW < 0 || row.SensW > span {
			t.Errorf("row %s: bar outside the plot", row.Label)
		}
	}
}
