package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// HTML writes the report as one self-contained page for a compliance file: inline CSS and SVG,
// no scripts, nothing loaded from anywhere (a Content-Security-Policy forbids it), printable.
// html/template escapes every value for its context; input text additionally has its control
// and bidi characters made visible, so a file name can neither inject markup nor reorder text.
type HTML struct{}

//go:embed html.tmpl
var htmlSource string

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
	"rule":    decisiveRule,
	"types":   func(f File) string { return strings.Join(piTypes(f), ", ") },
}).Parse(htmlSource))

// Write implements Writer.
func (HTML) Write(w io.Writer, r *Report) error {
	r = normalized(r)
	data := htmlData{Report: r, Chart: buildChart(r)}
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

type htmlData struct {
	*Report
	Chart chart
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
	chartWidth   = 960
	chartLeft    = 250 // room for row labels
	chartRight   = 40
	chartTop     = 54 // room for threshold labels
	chartRowH    = 34
	chartBarH    = 11
	chartBottom  = 34 // axis labels and legend
	chartMaxPath = 30 // characters of a file path shown as a row label
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
	LabelY int
}

// buildChart lays out a horizontal bar chart on a log scale: for the batch and each file, the
// individuals and the sensitive individuals, against the 10,000 / 100,000 / 1,000,000 lines
// of the volume test. The numbers are computed here so the template stays declarative.
func buildChart(r *Report) chart {
	maxV := int64(10_000_000)
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
	for _, f := range r.Files {
		if f.Verdict.Label == LabelError {
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
	for i := range rows {
		row := &rows[i]
		row.Y = c.PlotTop + i*chartRowH
		row.TextY = row.Y + chartRowH/2 + 4
		row.BarY = row.Y + chartRowH/2 - chartBarH - 1
		row.SensY = row.Y + chartRowH/2 + 1
		row.IndTextX = float64(c.PlotLeft) + row.IndW + 4
		row.SensTextX = float64(c.PlotLeft) + row.SensW + 4
		row.IndTextY = row.BarY + chartBarH - 2
		row.SensTextY = row.SensY + chartBarH - 2
	}
	c.Rows = rows
	c.PlotBottom = c.PlotTop + len(rows)*chartRowH
	c.LegendY = c.PlotBottom + 22
	c.Height = c.PlotBottom + chartBottom

	for d := 0; d <= decades; d++ {
		v := int64(math.Pow10(d))
		c.Ticks = append(c.Ticks, chartTick{X: float64(c.PlotLeft) + plotW*float64(d)/float64(decades), Label: shortCount(v)})
	}
	thresholds := []struct {
		v      int64
		detail string
	}{
		{10_000, "sensitive → assessment"},
		{100_000, "individuals → contract"},
		{1_000_000, "→ assessment"},
	}
	// One row per label, each line starting at its own label: a label never crosses a line.
	for i, th := range thresholds {
		c.Thresholds = append(c.Thresholds, chartThreshold{
			X: float64(c.PlotLeft) + plotW*math.Log10(float64(th.v))/float64(decades), Label: shortCount(th.v),
			Detail: th.detail, LabelY: 14 + 14*i,
		})
	}
	return c
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
