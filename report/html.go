package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

func init() {
	registerWriter(WriterFormat{Name: "html", Ext: ".html", New: func(WriterOptions) Writer { return HTML{} }})
}

// HTML writes the report as one self-contained page for a compliance file: inline CSS and SVG,
// one small inline script (filter and search, allowed by its hash and nothing else), nothing
// loaded from anywhere (a Content-Security-Policy forbids it), printable. It scales to thousands
// of files: the verdict and every review note come first, the files follow sorted by risk, each
// collapsed to one line, and the chart draws only the riskiest files.
// html/template escapes every value for its context; input text additionally has its control
// and bidi characters made visible, so a file name can neither inject markup nor reorder text.
type HTML struct{}

//go:embed html.tmpl
var htmlSource string

// htmlScript is the page's only script: the label filter and the path search, offline.
//
//go:embed html.js
var htmlScript string

// htmlCSP allows the inline styles and exactly htmlScript, by its digest; nothing may be loaded.
var htmlCSP = func() template.HTML {
	sum := sha256.Sum256([]byte(htmlScript))
	return template.HTML(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-` +
		base64.StdEncoding.EncodeToString(sum[:]) + `'">`)
}()

// htmlTemplate is parsed once; a parse error is a programming error caught by every test.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"text":    visibleText,
	"count":   commas,
	"persons": personsLine,
	"upper":   strings.ToUpper,
	"ind":     individualsText,
	"pct":     func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) + "%" },
	"when":    func(r *Report) string { return r.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC") },
	"date":    func(f File) string { return f.Modified.UTC().Format("2006-01-02 15:04:05 UTC") },
	"labelf":  labelMeaning,
	"altline": AlternativeLine,
	"newline": newLine,
	"rule":    decisiveRule,
	"types":   func(f File) string { return strings.Join(piTypes(f), ", ") },
}).Parse(htmlSource))

// Write implements Writer.
func (HTML) Write(w io.Writer, r *Report) error {
	r = normalized(r)
	files := riskOrder(r.Files)
	data := htmlData{Report: r, Chart: buildChart(r), Sorted: files, Notes: withReview(files),
		CSP: htmlCSP, Script: template.JS(htmlScript), Thresholds: reportThresholds(r)}
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

type htmlData struct {
	*Report
	Chart chart
	// Sorted are the files, riskiest first; Notes the files with review notes, in that order.
	Sorted     []htmlFile
	Notes      []htmlFile
	CSP        template.HTML
	Script     template.JS
	Thresholds Thresholds
}

// htmlFile is a file with the anchor its collapsed section has in the page.
type htmlFile struct {
	File
	ID string
}

// riskRank orders labels by what they demand: assessment first, then files that could not be
// read (they may hold anything), then contract, then free.
func riskRank(label string) int {
	switch label {
	case LabelAssessment:
		return 0
	case LabelError:
		return 1
	case LabelContract:
		return 2
	case LabelFree:
		return 3
	}
	return 4
}

// riskOrder returns the files riskiest first: by label, then most sensitive individuals, then
// most individuals, then path. Each keeps an anchor from its place in the report.
func riskOrder(files []File) []htmlFile {
	out := make([]htmlFile, len(files))
	for i, f := range files {
		out[i] = htmlFile{File: f, ID: "f" + strconv.Itoa(i+1)}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if ra, rb := riskRank(a.Verdict.Label), riskRank(b.Verdict.Label); ra != rb {
			return ra < rb
		}
		if a.SensitiveIndividuals != b.SensitiveIndividuals {
			return a.SensitiveIndividuals > b.SensitiveIndividuals
		}
		if a.Individuals != b.Individuals {
			return a.Individuals > b.Individuals
		}
		return a.Path < b.Path
	})
	return out
}

// withReview are the files that carry review notes, in the order given.
func withReview(files []htmlFile) []htmlFile {
	var out []htmlFile
	for _, f := range files {
		if len(f.Verdict.Review) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// reportThresholds are the policy's volume limits the report was decided with, or the
// defaults for a report that does not carry them.
func reportThresholds(r *Report) Thresholds {
	if r.thresholds == (Thresholds{}) {
		return DefaultPolicy().Thresholds
	}
	return r.thresholds
}

// labelMeaning is the plain-language consequence of a label, for readers who do not know the
// rule ids. It restates the label; it decides nothing.
func labelMeaning(label string) string {
	switch label {
	case LabelFree:
		return "Exempt: no CAC filing needed for this transfer"
	case LabelContract:
		return "Standard contract (or certification) required before transfer"
	case LabelAssessment:
		return "CAC security assessment required before transfer"
	case LabelError:
		return "Some files could not be read: the verdict is not final"
	}
	return ""
}

// visibleText replaces control, bidi and zero-width characters with visible escapes, and shows
// invalid UTF-8 as \xNN (see inputText); html/template does the HTML escaping afterwards.
func visibleText(s string) string {
	if !utf8.ValidString(s) || strings.Contains(s, `\`) {
		return safeText(s)
	}
	clean := true
	for _, r := range s {
		if controlEscape(r) != "" {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if esc := controlEscape(r); esc != "" {
			b.WriteString(esc)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Chart geometry, in SVG user units.
const (
	chartWidth    = 960
	chartLeft     = 250 // room for row labels
	chartRight    = 40
	chartTop      = 54 // room for threshold labels
	chartRowH     = 34
	chartBarH     = 11
	chartBottom   = 34 // axis labels and legend
	chartMaxPath  = 30 // characters of a file path shown as a row label
	chartMaxFiles = 25 // files drawn; the rest are summarised under the chart
)

type chart struct {
	Width, Height int
	PlotLeft      int
	PlotRight     int
	PlotTop       int
	PlotBottom    int
	Rows          []chartRow
	Ticks         []chartTick
	Thresholds    []chartThreshold
	LegendY       int
	// More counts the readable files not drawn; MoreInd and MoreSens are the largest counts
	// among them.
	More              int
	MoreInd, MoreSens int64
}

type chartRow struct {
	Label, Title        string
	Label2              string // verdict label, for colour
	Y                   int
	TextY               int
	BarY, SensY         int
	IndW, SensW         float64
	IndText, SensText   string
	IndTextX, SensTextX float64
	IndTextY, SensTextY int
	Batch               bool
}

type chartTick struct {
	X     float64
	Label string
}

type chartThreshold struct {
	X      float64
	Label  string
	Detail string
	Color  string
	LabelY int
}

// buildChart lays out a horizontal bar chart on a log scale: for the batch and the riskiest
// chartMaxFiles readable files, the individuals and the sensitive individuals, against the
// volume thresholds of the policy. The numbers are computed here so the template stays
// declarative.
func buildChart(r *Report) chart {
	th := reportThresholds(r)
	maxV := max(int64(10_000_000), 10*th.AssessmentIndividuals, 10*th.ContractIndividuals, 10*th.AssessmentSensitive)
	for _, f := range r.Files {
		maxV = max(maxV, f.Individuals, f.SensitiveIndividuals)
	}
	maxV = max(maxV, r.Summary.Individuals, r.Summary.SensitiveIndividuals)
	decades := int(math.Ceil(math.Log10(float64(maxV))))

	c := chart{Width: chartWidth, PlotLeft: chartLeft, PlotRight: chartWidth - chartRight, PlotTop: chartTop}
	plotW := float64(c.PlotRight - c.PlotLeft)
	scale := func(v int64) float64 {
		if v <= 0 {
			return 0
		}
		return plotW * math.Log10(float64(v)+1) / float64(decades)
	}
	rows := []chartRow{{Label: "Whole batch", Title: "Whole batch (union of all files)", Label2: r.Summary.Verdict.Label, Batch: true}}
	rows[0].IndW, rows[0].SensW = scale(r.Summary.Individuals), scale(r.Summary.SensitiveIndividuals)
	rows[0].IndText = countCell(r.Summary.Individuals, r.Summary.IndividualsMethod)
	rows[0].SensText = countCell(r.Summary.SensitiveIndividuals, r.Summary.IndividualsMethod)
	for _, f := range riskOrder(r.Files) {
		if f.Verdict.Label == LabelError {
			continue
		}
		if len(rows) > chartMaxFiles {
			c.More++
			c.MoreInd, c.MoreSens = max(c.MoreInd, f.Individuals), max(c.MoreSens, f.SensitiveIndividuals)
			continue
		}
		p := visibleText(f.Path)
		rows = append(rows, chartRow{
			Label: middleRunes(p, chartMaxPath), Title: p, Label2: f.Verdict.Label,
			IndW: scale(f.Individuals), SensW: scale(f.SensitiveIndividuals),
			IndText:  countCell(f.Individuals, f.IndividualsMethod),
			SensText: countCell(f.SensitiveIndividuals, f.IndividualsMethod),
		})
	}
	c.Rows = layoutRows(rows, c.PlotTop, c.PlotLeft)
	c.PlotBottom = c.PlotTop + len(rows)*chartRowH
	c.LegendY = c.PlotBottom + 22
	c.Height = c.PlotBottom + chartBottom

	for d := 0; d <= decades; d++ {
		v := int64(math.Pow10(d))
		c.Ticks = append(c.Ticks, chartTick{X: float64(c.PlotLeft) + plotW*float64(d)/float64(decades), Label: shortCount(v)})
	}
	lines := []struct {
		v             int64
		detail, color string
	}{
		{th.AssessmentSensitive, "sensitive → assessment", "#b42318"},
		{th.ContractIndividuals, "individuals → contract", "#9a6700"},
		{th.AssessmentIndividuals, "→ assessment", "#b42318"},
	}
	// One row per label, each line starting at its own label: a label never crosses a line.
	for i, l := range lines {
		c.Thresholds = append(c.Thresholds, chartThreshold{
			X: float64(c.PlotLeft) + scaleExact(plotW, l.v, decades), Label: shortCount(l.v),
			Detail: l.detail, Color: l.color, LabelY: 14 + 14*i,
		})
	}
	return c
}

// scaleExact places v on a log axis of the given decades without the +1 of the bars, so a
// threshold line sits exactly on its power of ten.
func scaleExact(plotW float64, v int64, decades int) float64 {
	if v <= 0 {
		return 0
	}
	return plotW * math.Log10(float64(v)) / float64(decades)
}

// layoutRows places each row of the chart below the one before.
func layoutRows(rows []chartRow, top, left int) []chartRow {
	for i := range rows {
		row := &rows[i]
		row.Y = top + i*chartRowH
		row.TextY = row.Y + chartRowH/2 + 4
		row.BarY = row.Y + chartRowH/2 - chartBarH - 1
		row.SensY = row.Y + chartRowH/2 + 1
		row.IndTextX = float64(left) + row.IndW + 4
		row.SensTextX = float64(left) + row.SensW + 4
		row.IndTextY = row.BarY + chartBarH - 2
		row.SensTextY = row.SensY + chartBarH - 2
	}
	return rows
}

// shortCount writes powers of ten as 1, 10, 100, 1k, 10k, 100k, 1M, 10M.
func shortCount(v int64) string {
	switch {
	case v >= 1_000_000 && v%1_000_000 == 0:
		return strconv.FormatInt(v/1_000_000, 10) + "M"
	case v >= 1_000 && v%1_000 == 0:
		return strconv.FormatInt(v/1_000, 10) + "k"
	}
	return strconv.FormatInt(v, 10)
}

// middleRunes shortens s to n runes by removing its middle.
func middleRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}
