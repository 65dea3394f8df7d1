package report

import (
	"regexp"
	"strings"
	"testing"
)

func TestHTMLEscapesHostileNames(t *testing.T) {
	out := string(render(t, "html", WriterOptions{}, goldenReport()))
	if regexp.MustCompile(`(?i)<script`).MatchString(out) {
		t.Errorf("HTML holds a raw <script")
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
	if !strings.Contains(out, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`) {
		t.Errorf("the Content-Security-Policy meta tag is missing")
	}
	for _, bad := range []string{" src=", " href=", "url(", "@import", "<link", "<iframe", "<object", "<embed", "<img"} {
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
