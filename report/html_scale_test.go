package report

import (
	"fmt"
	"strings"
	"testing"
)

// manyFilesReport is a report of n files shaped like a nightly run over an export share: every
// label, Chinese and long paths, four detected columns with masked examples per file, review
// notes on some, an error on a few.
func manyFilesReport(n int) *Report {
	r := goldenReport()
	r.Files = r.Files[:0]
	r.Summary = Summary{Verdict: r.Summary.Verdict}
	for i := range n {
		f := File{
			Path:   fmt.Sprintf("exports/区域-%02d/2026-11/订单明细_%05d_customer_orders_export.csv", i%37, i),
			Format: "csv", SizeBytes: int64(10_000 + i*997), SHA256: fmt.Sprintf("%064x", i*7919+1),
			Modified: ts("2026-11-22T18:00:00Z"), Encoding: "utf-8", Rows: int64(1000 + i), SampledRows: 1000,
			Individuals: int64(100 + i*53), IndividualsMethod: "exact",
			Tables: []Table{{Rows: int64(1000 + i), Columns: []Column{
				{Name: "姓名", Index: 1, NonEmpty: 1000, Types: []Type{{Type: "person_name", Category: "personal", Confidence: 0.97, Matched: 970, Sampled: 1000, Examples: []string{"张*", "李**", "欧阳**"}}}},
				{Name: "手机号", Index: 2, NonEmpty: 1000, Types: []Type{{Type: "phone_number", Category: "personal", Confidence: 0.99, Matched: 990, Sampled: 1000, Examples: []string{"138*******8", "139*******1", "186*******0"}}}},
				{Name: "邮箱", Index: 3, NonEmpty: 1000, Types: []Type{{Type: "email", Category: "personal", Confidence: 0.98, Matched: 980, Sampled: 1000, Examples: []string{"al***@*******.com", "b**@**.com"}}}},
				{Name: "收货地址", Index: 4, NonEmpty: 1000, Types: []Type{{Type: "postal_address", Category: "personal", Confidence: 0.92, Matched: 920, Sampled: 1000, Examples: []string{"北京市朝阳区****"}}}},
			}}},
		}
		switch {
		case i%500 == 7:
			f.Verdict = Verdict{Label: LabelError, Reasons: []Reason{{Rule: RuleError, Detail: "the file could not be read"}}}
			f.Error = "open: permission denied"
			f.Tables = nil
			r.Summary.Error++
		case i%97 == 3:
			f.SensitiveIndividuals = int64(12_000 + i)
			f.Verdict = Verdict{Label: LabelAssessment, Reasons: []Reason{{Rule: RuleArt72, Detail: fmt.Sprintf("%s sensitive individuals this year is at least 10,000", commas(f.SensitiveIndividuals))}}}
			r.Summary.Assessment++
		case i%13 == 5:
			f.SensitiveIndividuals = int64(1 + i%40)
			f.Verdict = Verdict{Label: LabelContract, Reasons: []Reason{{Rule: RuleArt8, Detail: fmt.Sprintf("%d sensitive individuals this year (fewer than 10,000)", f.SensitiveIndividuals)}}}
			r.Summary.Contract++
		default:
			f.Verdict = Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt54, Detail: fmt.Sprintf("%s individuals and no sensitive PI this year stay under 100,000", commas(f.Individuals))}}}
			r.Summary.Free++
		}
		if i%50 == 11 {
			f.Verdict.Review = []string{"possible important data: 40000 coordinates at street precision"}
		}
		r.Files = append(r.Files, f)
		r.Summary.Files++
		r.Summary.Individuals += f.Individuals
		r.Summary.SensitiveIndividuals += f.SensitiveIndividuals
	}
	return r
}

// TestHTMLScalesTo2000Files holds the 2,000-file report under 2 MB, with the chart capped and
// the rest summarised, the files riskiest first and every review note listed at the top.
func TestHTMLScalesTo2000Files(t *testing.T) {
	r := manyFilesReport(2000)
	out := string(render(t, "html", WriterOptions{}, r))
	const limit = 2 << 20
	t.Logf("2,000-file HTML report: %d bytes", len(out))
	if len(out) >= limit {
		t.Errorf("2,000-file HTML report is %d bytes, want under %d", len(out), limit)
	}
	// One bar per charted row, plus the legend's swatch.
	if bars := strings.Count(out, `fill="#3d5a98"/>`) - 1; bars != chartMaxFiles+1 {
		t.Errorf("%d individuals bars drawn, want %d (batch + the riskiest %d files)", bars, chartMaxFiles+1, chartMaxFiles)
	}
	if !strings.Contains(out, "more readable files are not drawn") {
		t.Errorf("the files left out of the chart are not summarised")
	}
	if got := strings.Count(out, `<details class="file"`); got != 2000 {
		t.Errorf("%d collapsed file sections, want 2000", got)
	}
	first := strings.Index(out, `<details class="file"`)
	if !strings.HasPrefix(out[first:], `<details class="file" id="f`) || !strings.Contains(out[first:first+200], `data-label="assessment"`) {
		t.Errorf("the first file listed is not an assessment: %.200s", out[first:])
	}
	review, files := strings.Index(out, `id="review"`), strings.Index(out, `id="files"`)
	if review < 0 || review > files {
		t.Errorf("the review notes do not come before the files")
	}
	if got := strings.Count(out[review:files], "possible important data"); got != 40 {
		t.Errorf("%d review notes listed at the top, want 40", got)
	}
}

func TestHTMLFilesSortedByRisk(t *testing.T) {
	files := riskOrder([]File{
		{Path: "free-big", Individuals: 90_000, Verdict: Verdict{Label: LabelFree}},
		{Path: "contract", Individuals: 10, SensitiveIndividuals: 1, Verdict: Verdict{Label: LabelContract}},
		{Path: "assess-small", SensitiveIndividuals: 10_000, Verdict: Verdict{Label: LabelAssessment}},
		{Path: "error", Verdict: Verdict{Label: LabelError}},
		{Path: "assess-big", SensitiveIndividuals: 20_000, Verdict: Verdict{Label: LabelAssessment}},
		{Path: "free-small", Individuals: 5, Verdict: Verdict{Label: LabelFree}},
	})
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	want := "assess-big assess-small error contract free-big free-small"
	if strings.Join(got, " ") != want {
		t.Errorf("risk order = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestHTMLThresholdsFromPolicy(t *testing.T) {
	r := goldenReport()
	r.thresholds = Thresholds{ContractIndividuals: 50_000, AssessmentIndividuals: 500_000, AssessmentSensitive: 5_000}
	out := string(render(t, "html", WriterOptions{}, r))
	for _, want := range []string{"5k sensitive → assessment", "50k individuals → contract", "500k → assessment",
		"contract from 50,000 individuals; assessment from 500,000 individuals or 5,000 sensitive individuals"} {
		if !strings.Contains(out, want) {
			t.Errorf("the HTML does not show the policy's threshold %q", want)
		}
	}
	if strings.Contains(out, "100k individuals → contract") {
		t.Errorf("the HTML draws the default threshold instead of the policy's")
	}
}
