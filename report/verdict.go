package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// This file is the only place the law lives (regulation.md sections (a), (b) and (d)). Decide
// applies the ordered procedure of CAC Order No. 16 to one file, DecideBatch to everything sent
// together. Both are pure: same facts and policy, same verdict.

// Counts are distinct persons as the volume test sees them: this file or batch plus the persons
// recorded earlier this calendar year who are not in it. N and S are upper bounds (equal to the
// counts when exact); the *Estimate fields are the point counts, used only in explanations.
type Counts struct {
	N, S                 int64
	NEstimate, SEstimate int64
	// PriorN and PriorS are the part of N and S recorded earlier this year (ledger and policy
	// prior_totals), not in this file or batch.
	PriorN, PriorS int64
	Method         scanner.Method
}

// Facts is everything Decide needs to know about one file.
type Facts struct {
	// Path is relative to the scan root (exemption and negative-list globs match it).
	Path string
	// Err is set when the file could not be read.
	Err error
	// Columns are the file's columns with their types, categories already after policy overrides.
	Columns []ColumnFacts
	// Important names the catalogue entries the file matches (Policy.ImportantMatches).
	Important []string
	Counts
}

// ColumnFacts is one column as the rules see it.
type ColumnFacts struct {
	Table, Name   string
	Rows          int64 // rows of the column's table
	PrecisionLost bool
	Types         []TypeFacts
}

// TypeFacts is one detected type of a column. Examples are masked.
type TypeFacts struct {
	Type             string
	Category         detect.Category
	Confidence       float64
	Matched, Sampled int64
	Examples         []string
}

// Hint levels that only raise review notes (regulation.md (d)); they never change a label.
const (
	// reviewLocations: street-precision coordinates at or above this estimated count.
	reviewLocations = 10_000
	// reviewVehiclePersons: car data of more than this many persons is important data under the
	// Automotive Data Provisions (2021) Art. 3.
	reviewVehiclePersons = 100_000
	// lowConfidence: a PI column typed below this confidence deserves a look.
	lowConfidence = 0.7
)

// importantHeaderWords suggest unpublished government data, critical-infrastructure operations,
// military, surveying or export-controlled data. Compared after detect.NormalizeHeader.
var importantHeaderWords = []string{
	"军事", "军队", "部队", "国防", "军工", "涉密", "机密", "绝密", "内部资料", "未公开",
	"测绘", "大地坐标", "高程", "地形图", "关键信息基础设施", "电网调度", "油气管网", "管网",
	"水利设施", "出口管制", "两用物项", "管制物项",
	"military", "defence", "defense", "classified", "topsecret", "unpublished",
	"surveying", "geodetic", "elevation", "criticalinfrastructure", "scada", "gridload",
	"pipeline", "exportcontrol", "dualuse", "eccn", "itar",
}

// customerWords suggest data about customers or consignees rather than employees (Art. 5(2)
// covers employee PI only).
var customerWords = []string{
	"收货人", "收件人", "客户", "顾客", "买家", "会员", "消费者",
	"consignee", "recipient", "customer", "client", "buyer", "shipto", "member",
}

// articleNames explain a declared article in words.
var articleNames = map[string]string{
	RuleArt4:  "Art. 4 (personal information collected abroad, processed in China and sent back)",
	RuleArt51: "Art. 5(1) (concluding or performing a contract with the individual)",
	RuleArt52: "Art. 5(2) (cross-border human-resources management)",
	RuleArt53: "Art. 5(3) (protecting life, health or property in an emergency)",
}

// Decide applies regulation.md section (a) to one file. The first rule that matches decides:
// error, important data, Art. 3, Art. 6, Art. 4 / 5(1)-(3), Art. 7(1), then the volume test.
// A nil policy means DefaultPolicy.
func Decide(f Facts, p *Policy) Verdict {
	if p == nil {
		p = DefaultPolicy()
	}
	if f.Err != nil {
		return Verdict{Label: LabelError, Reasons: []Reason{{RuleError,
			fmt.Sprintf("The file could not be read (%v), so nothing can be said about what it holds.", f.Err)}},
			Review: []string{}}
	}
	v := Verdict{Review: []string{}}
	exemption, declared := p.Exemption(f.Path)
	c := fileCounts(f, &v)
	pi := hasPI(f.Columns)

	switch {
	case len(f.Important) > 0:
		v.Label = LabelAssessment
		v.Reasons = []Reason{{RuleImportantData, importantDetail(f.Important, p)}}
		if declared {
			v.Review = append(v.Review, fmt.Sprintf(
				"the declared %s exemption does not apply: no exemption covers important data (Art. 5, last paragraph)", exemption.Article))
		}
	case !pi:
		v.Label = LabelFree
		v.Reasons = []Reason{{RuleArt3, "No personal information and no important data were found: free to transfer under Art. 3."}}
	case p.FreeTradeZone.Enabled && !p.FTZCovers(f.Path, columnNames(f.Columns)):
		v.Label = LabelFree
		v.Reasons = []Reason{{RuleArt6, fmt.Sprintf(
			"The policy declares the handler in the pilot free trade zone %s and the zone's negative list as configured does not cover this file: exempt under Art. 6 by that declaration, not a detected fact; the findings are still listed.",
			quoteOr(p.FreeTradeZone.Name, "(unnamed)"))}}
	case declared:
		v.Label = LabelFree
		v.Reasons = []Reason{{exemption.Article, fmt.Sprintf(
			"Exempt under %s by the user's declaration for this path, not a detected fact (justification: %q); the findings are still listed.",
			articleNames[exemption.Article], exemption.Justification)}}
	case p.CIIO:
		v.Label = LabelAssessment
		v.Reasons = []Reason{{RuleArt71, fmt.Sprintf(
			"The policy declares the handler a critical information infrastructure operator and the file holds personal information (%s): Art. 7(1) requires a CAC security assessment.",
			personsPhrase(c.N, c.NEstimate, c.PriorN, c.Method, "distinct persons"))}}
	default:
		v.Label, v.Reasons = volume(c, p.Thresholds, "")
	}
	v.counts = c
	v.Review = append(v.Review, reviewNotes(f, c, p, exemption, declared && len(f.Important) == 0)...)
	return v
}

// fileCounts makes the counts agree with the categories the policy decided: a file with no
// sensitive type after overrides has no sensitive persons of its own, and a file with a
// sensitive type has at least one.
func fileCounts(f Facts, v *Verdict) Counts {
	c := f.Counts
	sensitive := false
	for _, col := range f.Columns {
		for _, t := range col.Types {
			if t.Category == detect.CategorySensitive {
				sensitive = true
			}
		}
	}
	switch own := c.S - c.PriorS; {
	case !sensitive && own > 0:
		c.S, c.SEstimate = c.PriorS, c.PriorS
	case sensitive && own <= 0:
		// Counting marks the person of every sensitive value; none marked means the rows
		// could not be attributed (a sketch, a record without sets). The conservative reading:
		// every person of the file is sensitive, and at least one.
		ownN := max(1, c.N-c.PriorN)
		c.S, c.SEstimate = c.PriorS+ownN, c.PriorS+ownN
		v.Review = append(v.Review, fmt.Sprintf("sensitive types were found but no person could be attributed to them while counting; every person of the file (%s) is assumed to have sensitive personal information", commas(ownN)))
	}
	if c.NEstimate == 0 && c.N > 0 {
		c.NEstimate = c.N
	}
	if c.SEstimate == 0 && c.S > 0 {
		c.SEstimate = c.S
	}
	return c
}

// DecideVolume applies only the volume test (Arts. 7(2), 8 and 5(4)) to year totals, for the
// ledger's view of what this year's transfers so far require; scope qualifies the counts
// (e.g. " recorded in 2026").
func DecideVolume(c Counts, p *Policy, scope string) Verdict {
	if p == nil {
		p = DefaultPolicy()
	}
	label, reasons := volume(c, p.Thresholds, scope)
	return Verdict{Label: label, Reasons: reasons, Review: []string{}}
}

// volume is the test of Arts. 7(2), 8 and 5(4) for a non-CIIO handler. Boundaries follow Civil
// Code Art. 1259 (以上 includes the number, 不满 excludes it), so the clauses meet without gap.
// scope ("over 3 files") qualifies the counts in batch explanations.
func volume(c Counts, th Thresholds, scope string) (string, []Reason) {
	n := personsPhrase(c.N, c.NEstimate, c.PriorN, c.Method, "distinct persons with personal information"+scope)
	s := personsPhrase(c.S, c.SEstimate, c.PriorS, c.Method, "distinct persons with sensitive personal information"+scope)
	var rs []Reason
	if c.S >= th.AssessmentSensitive {
		rs = append(rs, Reason{RuleArt72, fmt.Sprintf("%s is at least %s: Art. 7(2) requires a CAC security assessment.", s, commas(th.AssessmentSensitive))})
	}
	if c.N >= th.AssessmentIndividuals {
		rs = append(rs, Reason{RuleArt72, fmt.Sprintf("%s is at least %s: Art. 7(2) requires a CAC security assessment.", n, commas(th.AssessmentIndividuals))})
	}
	if len(rs) > 0 {
		return LabelAssessment, rs
	}
	if c.S >= 1 {
		rs = append(rs, Reason{RuleArt8, fmt.Sprintf("%s is at least 1 and below %s: Art. 8 requires a standard contract or certification.", s, commas(th.AssessmentSensitive))})
	}
	if c.N >= th.ContractIndividuals {
		tail := ""
		if c.S == 0 {
			tail = ", and no sensitive personal information"
		}
		rs = append(rs, Reason{RuleArt8, fmt.Sprintf("%s is at least %s and below %s%s: Art. 8 requires a standard contract or certification.",
			n, commas(th.ContractIndividuals), commas(th.AssessmentIndividuals), tail)})
	}
	if len(rs) > 0 {
		return LabelContract, rs
	}
	return LabelFree, []Reason{{RuleArt54, fmt.Sprintf("%s is below %s and none has sensitive personal information: free to transfer under Art. 5(4).",
		n, commas(th.ContractIndividuals))}}
}

// personsPhrase: "120,345 distinct persons … (including 80,000 recorded earlier this year)",
// with "up to" and the point estimate when the count is a sketch's upper bound.
func personsPhrase(upper, estimate, prior int64, m scanner.Method, what string) string {
	if upper == 1 {
		what = strings.Replace(what, "persons", "person", 1)
	}
	var b strings.Builder
	if m == scanner.MethodEstimate && estimate != upper {
		fmt.Fprintf(&b, "up to %s %s (estimated %s", commas(upper), what, commas(estimate))
		if prior > 0 {
			fmt.Fprintf(&b, ", including %s recorded earlier this year", commas(prior))
		}
		b.WriteString(")")
		return b.String()
	}
	fmt.Fprintf(&b, "%s %s", commas(upper), what)
	if m == scanner.MethodRows {
		b.WriteString(" (counted as one per row: no identifying column")
		if prior > 0 {
			fmt.Fprintf(&b, "; including %s recorded earlier this year", commas(prior))
		}
		b.WriteString(")")
	} else if prior > 0 {
		fmt.Fprintf(&b, " (including %s recorded earlier this year)", commas(prior))
	}
	return b.String()
}

func importantDetail(names []string, p *Policy) string {
	parts := make([]string, 0, len(names))
	for _, n := range names {
		src := ""
		for _, e := range p.ImportantData {
			if e.Name == n {
				src = e.Source
			}
		}
		if src != "" {
			parts = append(parts, fmt.Sprintf("%q (%s)", n, src))
		} else {
			parts = append(parts, strconv.Quote(n))
		}
	}
	noun := "entry"
	if len(parts) > 1 {
		noun = "entries"
	}
	return fmt.Sprintf("The file matches the important-data catalogue %s %s: Art. 7 requires a CAC security assessment, and no exemption covers important data (Arts. 3-5).",
		noun, strings.Join(parts, ", "))
}

func hasPI(cols []ColumnFacts) bool {
	for _, c := range cols {
		for _, t := range c.Types {
			if t.Category == detect.CategoryPersonal || t.Category == detect.CategorySensitive {
				return true
			}
		}
	}
	return false
}

func columnNames(cols []ColumnFacts) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// reviewNotes are the regulation.md (d) hints and the checks on declarations. They never change
// the label. checkDeclared is set when a declared exemption decided the file.
func reviewNotes(f Facts, c Counts, p *Policy, e Exemption, checkDeclared bool) []string {
	var notes []string
	var suspicious []string
	for _, col := range f.Columns {
		if headerHasWord([]string{col.Name}, importantHeaderWords) {
			suspicious = append(suspicious, strconv.Quote(col.Name))
		}
		if col.PrecisionLost {
			notes = append(notes, fmt.Sprintf("column %q: a spreadsheet stored long numbers as floating point, so digits may be lost and identifiers undercounted", col.Name))
		}
		for _, t := range col.Types {
			switch t.Type {
			case "precise_location":
				if est := estimateCount(col.Rows, t.Matched, t.Sampled); est >= reviewLocations {
					notes = append(notes, fmt.Sprintf("possible important data: about %s coordinates at street precision in column %q (bulk high-precision location)", commas(est), col.Name))
				}
			case "genetic":
				notes = append(notes, fmt.Sprintf("possible important data: genetic data in column %q; human genetic resources also need filing with or approval by the science ministry (HGR Regulations 2019) whatever this verdict says", col.Name))
			case "license_plate":
				if own := c.N - c.PriorN; own > reviewVehiclePersons {
					notes = append(notes, fmt.Sprintf("possible important data: vehicle plates in column %q with %s persons (car data of more than %s persons, Automotive Data Provisions Art. 3)", col.Name, commas(own), commas(reviewVehiclePersons)))
				}
			}
			if t.Confidence < lowConfidence && t.Category != detect.CategoryNone {
				notes = append(notes, fmt.Sprintf("column %q typed %s with low confidence (%.2f): check it by hand", col.Name, t.Type, t.Confidence))
			}
		}
	}
	if len(suspicious) > 0 {
		notes = append(notes, fmt.Sprintf("possible important data: column headers %s suggest unpublished government, critical-infrastructure, military, surveying or export-controlled data", strings.Join(suspicious, ", ")))
	}
	if checkDeclared {
		notes = append(notes, contradictions(f.Columns, e)...)
	}
	if c.Method == scanner.MethodEstimate {
		notes = append(notes, fmt.Sprintf("persons were estimated with a sketch (%s, %s sensitive); the verdict used the upper bounds %s and %s",
			commas(c.NEstimate-c.PriorN), commas(c.SEstimate-c.PriorS), commas(c.N-c.PriorN), commas(c.S-c.PriorS)))
	}
	return notes
}

// contradictions flags data that a declared exemption does not fit.
func contradictions(cols []ColumnFacts, e Exemption) []string {
	var notes []string
	for _, col := range cols {
		switch e.Article {
		case RuleArt4:
			for _, t := range col.Types {
				switch {
				case t.Type == "cn_resident_id":
					notes = append(notes, fmt.Sprintf("declared Art. 4 (foreign personal information), but column %q holds mainland resident ID numbers", col.Name))
				case t.Type == "license_plate":
					notes = append(notes, fmt.Sprintf("declared Art. 4 (foreign personal information), but column %q holds mainland vehicle plates", col.Name))
				case t.Type == "phone_number" && anyMainlandMobile(t.Examples):
					notes = append(notes, fmt.Sprintf("declared Art. 4 (foreign personal information), but column %q holds mainland mobile numbers", col.Name))
				}
			}
		case RuleArt52:
			if hasPIType(col.Types) && headerHasWord([]string{col.Name}, customerWords) {
				notes = append(notes, fmt.Sprintf("declared Art. 5(2) (employee data only), but column %q looks like customer or consignee data", col.Name))
			}
		}
	}
	return notes
}

func hasPIType(ts []TypeFacts) bool {
	for _, t := range ts {
		if t.Category != detect.CategoryNone {
			return true
		}
	}
	return false
}

// anyMainlandMobile looks at masked examples ("138****5678", "+86 138****5678"): 11 characters
// starting 1[3-9] once a +86/0086/86 prefix and separators are removed.
func anyMainlandMobile(examples []string) bool {
	for _, ex := range examples {
		s := strings.NewReplacer(" ", "", "-", "").Replace(ex)
		for _, pre := range []string{"+86", "0086"} {
			s = strings.TrimPrefix(s, pre)
		}
		if len(s) == 13 && strings.HasPrefix(s, "86") {
			s = s[2:]
		}
		if len(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' {
			return true
		}
	}
	return false
}

// estimateCount scales the sample's matches to the table: rows × matched / sampled.
func estimateCount(rows, matched, sampled int64) int64 {
	if sampled <= 0 {
		return 0
	}
	if rows < sampled {
		rows = sampled
	}
	return int64(float64(rows) * float64(matched) / float64(sampled))
}

// BatchFacts describe everything sent together. Counts are the union of the files that count
// toward the volume (Policy.CountsTowardBatch) plus prior persons not among them.
type BatchFacts struct {
	Counts
	// Incomplete is set when the scan stopped before every file was read.
	Incomplete bool
}

// DecideBatch decides the batch from its union counts and the files' verdicts:
//   - important data or Art. 7(1) in any file makes the batch `assessment`;
//   - if any file was decided by the volume test, the test is re-run on the union counts (files
//     free by Art. 3, 4, 5(1)-(3) or 6 stay free and do not need the test);
//   - otherwise the batch is `free` for the reasons its files were;
//   - an unread file (or an interrupted scan) may hold anything: unless the batch is already
//     `assessment` (the highest label), it becomes `error`, never `free` or `contract` over
//     data nobody looked at; the reasons say how many files could not be read.
func DecideBatch(b BatchFacts, files []Verdict, p *Policy) Verdict {
	if p == nil {
		p = DefaultPolicy()
	}
	v := Verdict{Label: LabelFree, Reasons: []Reason{}, Review: []string{}}
	var errs, important, ciio, byVolume int
	free := map[string]int{}
	var freeOrder []string
	for _, f := range files {
		rule := ""
		if len(f.Reasons) > 0 {
			rule = f.Reasons[0].Rule
		}
		switch rule {
		case RuleError:
			errs++
		case RuleImportantData:
			important++
		case RuleArt71:
			ciio++
		case RuleArt72, RuleArt8, RuleArt54:
			byVolume++
		default:
			if free[rule] == 0 {
				freeOrder = append(freeOrder, rule)
			}
			free[rule]++
		}
	}
	n := len(files)
	if important > 0 {
		v.Label = LabelAssessment
		v.Reasons = append(v.Reasons, Reason{RuleImportantData, fmt.Sprintf(
			"%s match the important-data catalogue: the batch requires a CAC security assessment (Art. 7), whatever its volume.", countOf(important, n))})
	}
	if ciio > 0 {
		v.Label = LabelAssessment
		v.Reasons = append(v.Reasons, Reason{RuleArt71, fmt.Sprintf(
			"The handler is a critical information infrastructure operator and %s hold personal information: Art. 7(1) requires a CAC security assessment.", countOf(ciio, n))})
	}
	c := b.Counts
	if c.NEstimate == 0 {
		c.NEstimate = c.N
	}
	if c.SEstimate == 0 {
		c.SEstimate = c.S
	}
	if byVolume > 0 && v.Label != LabelAssessment {
		label, rs := volume(c, p.Thresholds, fmt.Sprintf(" over the %s sent together", countFiles(n)))
		v.Label = label
		v.Reasons = append(v.Reasons, rs...)
	}
	// The batch is everything sent together: it is never below any of its files.
	if top, ti := highestFile(files); rank(top) > rank(v.Label) {
		v.Label = top
		v.Reasons = append(v.Reasons, Reason{files[ti].Reasons[0].Rule, fmt.Sprintf(
			"A file of the batch requires %s on its own (%s); the batch, which includes it, requires at least as much.",
			labelPhrase(top), files[ti].Reasons[0].Rule)})
	}
	if v.Label == LabelFree {
		for _, rule := range freeOrder {
			v.Reasons = append(v.Reasons, Reason{rule, batchFreeDetail(rule, free[rule], n)})
		}
		if byVolume == 0 && len(freeOrder) == 0 && errs == 0 {
			v.Reasons = append(v.Reasons, Reason{RuleArt3, "No file was scanned, so no personal information or important data was found (Art. 3)."})
		}
		if free[RuleArt3] < n-errs {
			v.Review = append(v.Review, "free does not lift the duties to inform and obtain separate consent (PIPL Art. 39), to run a personal-information impact assessment (Art. 55) and to protect the data (Order No. 16 Arts. 10-11)")
		}
	}
	if errs > 0 || b.Incomplete {
		var why string
		switch {
		case errs > 0 && b.Incomplete:
			why = fmt.Sprintf("%s could not be read and the scan was interrupted", countOf(errs, n))
		case errs > 0:
			why = fmt.Sprintf("%s could not be read", countOf(errs, n))
		default:
			why = "The scan was interrupted before every file was read"
		}
		if v.Label == LabelAssessment {
			v.Reasons = append(v.Reasons, Reason{RuleError, capitalize(why) + "; the batch already requires an assessment, which they cannot lower."})
		} else {
			v.Reasons = append([]Reason{{RuleError, fmt.Sprintf("%s; an unread file may hold anything, so the batch cannot be cleared (the files that were read alone would be %s).",
				capitalize(why), v.Label)}}, v.Reasons...)
			v.Label = LabelError
		}
	}
	if c.Method == scanner.MethodEstimate {
		v.Review = append(v.Review, fmt.Sprintf("batch persons were estimated with a sketch (%s, %s sensitive); the verdict used the upper bounds %s and %s",
			commas(c.NEstimate-c.PriorN), commas(c.SEstimate-c.PriorS), commas(c.N-c.PriorN), commas(c.S-c.PriorS)))
	}
	if !p.ExemptTransfersCount && (free[RuleArt4]+free[RuleArt51]+free[RuleArt52]+free[RuleArt53]) > 0 {
		v.Review = append(v.Review, "files under declared exemptions were left out of the batch volume (policy exempt_transfers_count: false)")
	}
	reviewed := 0
	for _, f := range files {
		if len(f.Review) > 0 {
			reviewed++
		}
	}
	if reviewed > 0 {
		v.Review = append(v.Review, fmt.Sprintf("%s have notes for a reviewer", countOf(reviewed, n)))
	}
	return v
}

// rank orders the labels a file can be decided with; error is not among them (an unread file
// has its own batch rule).
func rank(label string) int {
	switch label {
	case LabelContract:
		return 1
	case LabelAssessment:
		return 2
	}
	return 0
}

// highestFile returns the highest label of the read files and the index of the first file with
// it.
func highestFile(files []Verdict) (string, int) {
	top, at := LabelFree, -1
	for i, f := range files {
		if f.Label == LabelError || len(f.Reasons) == 0 {
			continue
		}
		if at < 0 || rank(f.Label) > rank(top) {
			top, at = f.Label, i
		}
	}
	return top, at
}

func labelPhrase(label string) string {
	switch label {
	case LabelAssessment:
		return "a CAC security assessment"
	case LabelContract:
		return "a standard contract or certification"
	}
	return "nothing"
}

func batchFreeDetail(rule string, k, n int) string {
	switch rule {
	case RuleArt3:
		return fmt.Sprintf("%s hold no personal information and no important data (Art. 3).", countOf(k, n))
	case RuleArt6:
		return fmt.Sprintf("%s are exempt under Art. 6 (pilot free trade zone) by the policy's declaration.", countOf(k, n))
	default:
		return fmt.Sprintf("%s are exempt under %s by the user's declaration, not a detected fact.", countOf(k, n), articleNames[rule])
	}
}

// countOf: "1 of 3 files".
func countOf(k, n int) string {
	if n == 1 {
		return fmt.Sprintf("%d of 1 file", k)
	}
	return fmt.Sprintf("%s of %s files", commas(int64(k)), commas(int64(n)))
}

func countFiles(n int) string {
	if n == 1 {
		return "1 file"
	}
	return commas(int64(n)) + " files"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func quoteOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return strconv.Quote(s)
}

// commas writes n with thousands separators: 1234567 → "1,234,567".
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
