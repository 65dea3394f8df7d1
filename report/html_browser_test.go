package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xborder/xborder/report/reporttest"
)

// TestHTMLReportRendersOfflineInChromium opens the golden HTML report in a real browser with the
// network observed: the page must load nothing, show the verdicts, counts and reasons, and show
// the hostile column name as text instead of running it.
func TestHTMLReportRendersOfflineInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, render(t, "html", WriterOptions{}, goldenReport()), 0o644); err != nil {
		t.Fatal(err)
	}
	text, _ := reporttest.RenderInChromium(t, page)

	for _, want := range []string{
		"Batch verdict", "ASSESSMENT", "CAC security assessment required",
		"free", "contract", "assessment", "error",
		"14,250 sensitive individuals this year (30 from the ledger) is at least 10,000",
		"48,000 individuals and no sensitive PI this year",
		"183,000", "14,250", "~120,000 (≤121,500)",
		"10k sensitive → assessment", "100k individuals → contract", "1M → assessment",
		"open broken/corrupt.xlsx: zip: not a valid zip file",
		"possible important data: 40000 coordinates at street precision",
		"员工名单", "手机号", "138****5678",
		// Shown as text: had it been parsed as an element, VisibleText would have dropped it.
		"crm/" + hostileScript + ".csv",
		hostileFormula,
		`\x1b[31mred\nline.parquet`,
		`card\u202egpj.exe`,
		"unsupported format",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered page does not show %q", want)
		}
	}
}

// TestHTMLFilterClickedInChromium clicks the "assessment" filter of the 2,000-file report in a
// real browser: only the assessment files stay shown, and the screenshot taken after the click is
// kept (its path is logged; with XBORDER_ARTIFACTS set it is copied there as
// report-filtered.png).
func TestHTMLFilterClickedInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	r := manyFilesReport(2000)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, render(t, "html", WriterOptions{}, r), 0o644); err != nil {
		t.Fatal(err)
	}
	probe := `JSON.stringify([document.querySelectorAll("details.file:not([hidden])").length,
		document.querySelectorAll("details.file:not([hidden])[data-label=assessment]").length,
		document.getElementById("shown").textContent,
		document.querySelector('button[data-filter=assessment]').getAttribute("aria-pressed")])`
	got, shot := reporttest.ClickInChromium(t, page, `button[data-filter="assessment"]`, probe, "report-filtered.png")
	want := fmt.Sprintf(`[%d,%d,"%d of 2000 files shown","true"]`, r.Summary.Assessment, r.Summary.Assessment, r.Summary.Assessment)
	if got != want {
		t.Errorf("after clicking the assessment filter: %s, want %s", got, want)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 {
		t.Errorf("no screenshot kept at %s: %v", shot, err)
	}
}
