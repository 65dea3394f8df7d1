package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report/reporttest"
)

// TestHTMLReportOfARealScanInChromium scans the sample export folder, opens the HTML report in
// headless Chromium with the network disabled and observed (RenderInChromium fails the test on
// any request the page makes), and checks what a person sees: labels, counts and reasons.
func TestHTMLReportOfARealScanInChromium(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.html")
	code, _, errOut := testApp{now: day}.run(t, "scan", "-q", "-f", "html", "-o", out, sampleDir(t))
	require.Equal(t, exitFlagged, code, errOut)
	text, shot := reporttest.RenderInChromium(t, out)
	t.Logf("screenshot: %s", shot)
	for _, want := range []string{
		"assessment", "contract", "free",
		"kyc/members-kyc.csv.gz", "orders/2026-10-orders.csv", "finance/payment-accounts.tsv",
		"12,000", "979",
		"Art. 7(2) requires a CAC security assessment",
		"Art. 8 requires a standard contract (filed with the provincial CAC within 10 working days of taking effect) or a personal-information protection certification",
		"README.pdf",
	} {
		assert.Contains(t, text, want)
	}
	// Template or number-formatting slips a person would see.
	for _, slip := range []string{"<no value>", "undefined", "NaN", "%!"} {
		assert.NotContains(t, text, slip)
	}
}
