package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// This file is the only place the law lives (docs/rules.md). Decide
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
	// On is the transfer date: approvals are checked against it (zero: not checked).
	On time.Time
	// alternative is set while deciding under the alternative reading of sensitive (reading.go).
	alternative bool
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

// Hint levels that only raise review notes (docs/rules.md, "Review notes"); they never change a label.
const (
	// reviewLocations: street-precision coordinates at or above this estimated count.
	reviewLocations = 10_000
	// reviewLargeHandler: a handler of the personal information of this many persons or more
	// takes on the duties of an important-data handler (NDSMR Art. 28).
	reviewLargeHandler = 10_000_000
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
	RuleArt4:     "Art. 4 (personal information collected abroad, processed in China and sent back)",
	RuleArt51:    "Art. 5(1) (concluding or performing a contract with the individual)",
	RuleArt52:    "Art. 5(2) (cross-border human-resources management)",
	RuleArt53:    "Art. 5(3) (protecting life, health or property in an emergency)",
	RuleNDSMR356: "NDSMR Art. 35(6) (performing a statutory duty or obligation; Network Data Security Management Regulations, State Council Decree No. 790, in force 2025-01-01)",
	RuleTreaty:   "NDSMR Art. 36 (a treaty or agreement the People's Republic of China concluded or joined)",
	RuleGBA:      "the Greater Bay Area standard contract (mainland GBA cities and Hong Kong/Macau; CAC and HK ITIB guideline, 2023-12)",
}

// Decide applies docs/rules.md, "Order of evaluation" to one file. The first rule that matches decides:
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
	v := Verdict{Review: []string{}, path: f.Path}
	exemption, declared := p.Exemption(f.Path)
	c := fileCounts(f, &v)
	pi := hasPI(f.Columns)
	zone := zoneFacts(f, c, p, &v)

	switch {
	case len(f.Important) > 0 || zone.important != nil:
		v.Label = LabelAssessment
		if len(f.Important) > 0 {
			v.Reasons = []Reason{{RuleImportantData, importantDetail(f.Important, p)}}
		} else {
			v.Reasons = []Reason{{RuleImportantData, zone.importantDetail(c)}}
		}
		if declared {
			v.Review = append(v.Review, notCoveredByDeclaration(exemption.Article))
		}
	case !pi:
		v.Label = LabelFree
		v.Reasons = []Reason{{RuleArt3, "No personal information and no important data were found: free to transfer under Art. 3."}}
	case zone.exempt():
		v.Label = LabelFree
		v.Reasons = []Reason{{RuleArt6, zone.exemptDetail()}}
	case declared && exemption.Article == RuleGBA:
		v.Label, v.Reasons = gbaRoute(c, p, exemption)
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
	zone.apply(&v)
	v.counts = c
	v.Review = append(v.Review, reviewNotes(f, c, p, exemption, declared && len(f.Important) == 0)...)
	if !f.alternative {
		v.fits = p.approvalsFor(f.Path, f.Columns)
		rs, notes, uses := checkApprovals(v, c, v.fits, p, f.On, p.Thresholds)
		v.Reasons = append(v.Reasons, rs...)
		v.Review = append(v.Review, notes...)
		v.Approvals = uses
		v.Alternative, v.alt = decideAlternative(f, p, v)
	}
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

// contractRoutes names both routes of the `contract` label: the standard contract (SC Measures
// Arts. 7-8) and certification (Certification Measures, CAC/SAMR Order No. 20, in force 2026-01-01).
const contractRoutes = "a standard contract (filed with the provincial CAC within 10 working days of taking effect) or a personal-information protection certification"

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
		rs = append(rs, Reason{RuleArt8, fmt.Sprintf("%s is at least 1 and below %s: Art. 8 requires %s.", s, commas(th.AssessmentSensitive), contractRoutes)})
	}
	if c.N >= th.ContractIndividuals {
		tail := ""
		if c.S == 0 {
			tail = ", and no sensitive personal information"
		}
		rs = append(rs, Reason{RuleArt8, fmt.Sprintf("%s is at least %s and below %s%s: Art. 8 requires %s.",
			n, commas(th.ContractIndividuals), commas(th.AssessmentIndividuals), tail, contractRoutes)})
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

// reviewNotes are the docs/rules.md, "Review notes" hints and the checks on declarations. They never change
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
				notes = append(notes, fmt.Sprintf("vehicle data: plates in column %q; the Automotive Data Outbound Security Guidelines (MIIT, CAC et al., 2026-02-03) apply the national bands to car data (as this verdict does) and list scenarios that need no mechanism (e.g. vulnerability, incident and OTA data after a report to MIIT/SAMR): check whether the transfer is one; vehicle-flow, charging-network and exterior video data may be important data", col.Name))
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
	if n := largeHandler(c); n != "" {
		notes = append(notes, n)
	}
	return notes
}

// largeHandler is the NDSMR Art. 28 note: a handler of 10 million persons' personal information
// or more has the duties of an important-data handler (a network data security officer and
// body, an annual risk assessment reported to the authorities).
func largeHandler(c Counts) string {
	if c.N < reviewLargeHandler {
		return ""
	}
	return fmt.Sprintf("%s persons this year reach %s: a handler of that many persons' personal information takes on the duties of an important-data handler (NDSMR Art. 28: network data security officer, annual risk assessment), whatever this verdict says",
		commas(c.N), commas(reviewLargeHandler))
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
	// AltCounts are the counts under the alternative reading of identity-document numbers
	// (reading.go); zero when no file has an alternative.
	AltCounts Counts
	// On is the transfer date (approvals).
	On time.Time
	// alternative is set while deciding the batch under the alternative reading.
	alternative bool
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
	t := tallyBatch(files)
	n := len(files)
	t.categoryRules(&v, n)
	c := b.Counts
	if c.NEstimate == 0 {
		c.NEstimate = c.N
	}
	if c.SEstimate == 0 {
		c.SEstimate = c.S
	}
	if t.byVolume > 0 && v.Label != LabelAssessment {
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
		t.freeReasons(&v, n)
	}
	unreadRule(&v, t.errs, b.Incomplete, n)
	t.review(&v, c, p)
	rs, uses := batchApprovals(v, c, files, p, b.On)
	v.Reasons, v.Approvals = append(v.Reasons, rs...), uses
	reviewed := 0
	for _, f := range files {
		if len(f.Review) > 0 {
			reviewed++
		}
	}
	if reviewed > 0 {
		v.Review = append(v.Review, fmt.Sprintf("%s have notes for a reviewer", countOf(reviewed, n)))
	}
	v.Alternative, v.alt = alternativeBatch(b, files, p, v)
	return v
}

// batchTally counts the files of a batch by the rule that decided each: unread, important
// data, Art. 7(1), the volume test, and each free rule in the order first seen.
type batchTally struct {
	errs, important, ciio, byVolume int
	free                            map[string]int
	freeOrder                       []string
}

func tallyBatch(files []Verdict) batchTally {
	t := batchTally{free: map[string]int{}}
	for _, f := range files {
		switch rule := decisiveRule(f); rule {
		case RuleError:
			t.errs++
		case RuleImportantData:
			t.important++
		case RuleArt71:
			t.ciio++
		case RuleArt72, RuleArt8, RuleArt54, RuleFTZList, RuleGBA:
			// A list item's mechanism and the GBA route are contract-or-above routes: the batch
			// takes the volume test, and is never below the file (highestFile).
			t.byVolume++
		default:
			if t.free[rule] == 0 {
				t.freeOrder = append(t.freeOrder, rule)
			}
			t.free[rule]++
		}
	}
	return t
}

// categoryRules applies the rules that need no count: important data and Art. 7(1).
func (t batchTally) categoryRules(v *Verdict, n int) {
	if t.important > 0 {
		v.Label = LabelAssessment
		v.Reasons = append(v.Reasons, Reason{RuleImportantData, fmt.Sprintf(
			"%s match the important-data catalogue: the batch requires a CAC security assessment (Art. 7), whatever its volume.", countOf(t.important, n))})
	}
	if t.ciio > 0 {
		v.Label = LabelAssessment
		v.Reasons = append(v.Reasons, Reason{RuleArt71, fmt.Sprintf(
			"The handler is a critical information infrastructure operator and %s hold personal information: Art. 7(1) requires a CAC security assessment.", countOf(t.ciio, n))})
	}
}

// freeReasons says why a free batch is free: the free rules of its files.
func (t batchTally) freeReasons(v *Verdict, n int) {
	for _, rule := range t.freeOrder {
		v.Reasons = append(v.Reasons, Reason{rule, batchFreeDetail(rule, t.free[rule], n)})
	}
	if t.byVolume == 0 && len(t.freeOrder) == 0 && t.errs == 0 {
		v.Reasons = append(v.Reasons, Reason{RuleArt3, "No file was scanned, so no personal information or important data was found (Art. 3)."})
	}
	if t.free[RuleArt3] < n-t.errs {
		v.Review = append(v.Review, "free does not lift the duties to inform and obtain separate consent (PIPL Art. 39), to run a personal-information impact assessment (Art. 55) and to protect the data (Order No. 16 Arts. 10-11)")
	}
}

// unreadRule makes a batch with unread files or an interrupted scan `error` unless it already
// requires an assessment: data nobody looked at is never cleared.
func unreadRule(v *Verdict, errs int, incomplete bool, n int) {
	if errs == 0 && !incomplete {
		return
	}
	var why string
	switch {
	case errs > 0 && incomplete:
		why = fmt.Sprintf("%s could not be read and the scan was interrupted", countOf(errs, n))
	case errs > 0:
		why = fmt.Sprintf("%s could not be read", countOf(errs, n))
	default:
		why = "The scan was interrupted before every file was read"
	}
	if v.Label == LabelAssessment {
		v.Reasons = append(v.Reasons, Reason{RuleError, capitalize(why) + "; the batch already requires an assessment, which they cannot lower."})
		return
	}
	v.Reasons = append([]Reason{{RuleError, fmt.Sprintf("%s; an unread file may hold anything, so the batch cannot be cleared (the files that were read alone would be %s).",
		capitalize(why), v.Label)}}, v.Reasons...)
	v.Label = LabelError
}

// review adds the batch's notes for a reviewer: estimates, exempt files left out of the volume,
// a large handler.
func (t batchTally) review(v *Verdict, c Counts, p *Policy) {
	if c.Method == scanner.MethodEstimate {
		v.Review = append(v.Review, fmt.Sprintf("batch persons were estimated with a sketch (%s, %s sensitive); the verdict used the upper bounds %s and %s",
			commas(c.NEstimate-c.PriorN), commas(c.SEstimate-c.PriorS), commas(c.N-c.PriorN), commas(c.S-c.PriorS)))
	}
	if !p.ExemptTransfersCount && (t.free[RuleArt4]+t.free[RuleArt51]+t.free[RuleArt52]+t.free[RuleArt53]+t.free[RuleNDSMR356]+t.free[RuleTreaty]) > 0 {
		v.Review = append(v.Review, "files under declared exemptions were left out of the batch volume (policy exempt_transfers_count: false)")
	}
	if n := largeHandler(c); n != "" {
		v.Review = append(v.Review, n)
	}
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
		return "a standard contract (filed within 10 working days) or certification"
	}
	return "nothing"
}

func batchFreeDetail(rule string, k, n int) string {
	switch rule {
	case RuleArt3:
		return fmt.Sprintf("%s hold no personal information and no important data (Art. 3).", countOf(k, n))
	case RuleArt6:
		return fmt.Sprintf("%s are exempt under Art. 6: the policy assigns them to a scenario of a pilot free trade zone's negative list that names none of their data.", countOf(k, n))
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

// zoneDecision is what the free-trade-zone lists say about one file (Order No. 16 Art. 6, read
// as the lists are written: each speaks only for the scenarios it names).
type zoneDecision struct {
	list       *ListPack
	scenario   *ListScenario
	assignment Assignment
	// binds: the list applies where the handler is registered (its zone, a zone that applies
	// it, or its city when the list is city-wide).
	binds bool
	// important is the first important-data item the file reaches; hits the other items it
	// reaches (their mechanisms apply).
	important *ListItem
	hits      []ListItem
}

// zoneFacts finds the file's assignment and the items it hits, adding review notes for a list
// that does not bind the handler and for items whose own threshold is not reached yet.
func zoneFacts(f Facts, c Counts, p *Policy, v *Verdict) zoneDecision {
	var z zoneDecision
	l, sc, a, ok := p.FTZAssignment(f.Path)
	if !ok || sc == nil {
		return z
	}
	z.list, z.scenario, z.assignment = l, sc, a
	z.binds = l.appliesTo(p.FreeTradeZone.Name, p.FreeTradeZone.City)
	if !z.binds {
		where := "only in " + l.Zone
		if len(l.AppliedBy) > 0 {
			where += " and the zones that apply it (" + strings.Join(l.AppliedBy, ", ") + ")"
		}
		if l.Scope == ScopeCity {
			where += " and anywhere in " + l.City
		}
		v.Review = append(v.Review, fmt.Sprintf("the file is assigned to list %s, which binds handlers %s; the policy registers the handler in %s: the national rules apply instead of Art. 6",
			l.label(), where, quoteOr(strings.TrimSpace(p.FreeTradeZone.Name+" "+p.FreeTradeZone.City), "no zone or city")))
		return z
	}
	for _, h := range listHits(sc, f.Columns, c) {
		it := h.item
		switch {
		case h.below && it.ImportantData:
			v.Review = append(v.Review, fmt.Sprintf("list %s designates %q important data %s (a volume trigger); this file's %s persons (%s sensitive), earlier transfers included, are below it: watch the year's volume",
				l.label(), it.Name, it.thresholdPhrase(), commas(c.N), commas(c.S)))
		case h.below:
			v.Review = append(v.Review, fmt.Sprintf("list %s item %q needs a %s only %s; this file's %s persons (%s sensitive) are below it",
				l.label(), it.Name, mechanismName(it.Mechanism), it.thresholdPhrase(), commas(c.N), commas(c.S)))
		case it.ImportantData && z.important == nil:
			z.important = &it
		default:
			z.hits = append(z.hits, it)
		}
	}
	return z
}

// exempt: assigned to a scenario of a binding list, and no item of it reached.
func (z zoneDecision) exempt() bool {
	return z.binds && z.important == nil && len(z.hits) == 0
}

func (z zoneDecision) exemptDetail() string {
	return fmt.Sprintf("The policy assigns this file to scenario %q (%s) of the pilot free trade zone negative list %s (justification: %q), and no item of that scenario covers its data: exempt under Art. 6 by that assignment, not a detected fact; the findings are still listed.",
		z.scenario.ID, orDash(joinNonEmpty(" / ", z.scenario.Sector, z.scenario.Name)), z.list.label(), z.assignment.Justification)
}

func (z zoneDecision) importantDetail(c Counts) string {
	it := z.important
	when := ""
	if t := it.thresholdPhrase(); t != "" {
		when = fmt.Sprintf(" %s (this file: %s persons, %s sensitive, earlier transfers included)", t, commas(c.N), commas(c.S))
	}
	return fmt.Sprintf("The pilot free trade zone negative list %s designates %q, which this file holds, important data%s: Art. 7 requires a CAC security assessment, and no exemption covers important data (NDSMR Art. 37).",
		z.list.label(), it.Name, when)
}

// apply raises the label to the mechanism of every list item the file reaches: the list does not
// exempt the data it names, and never lowers what the national rules require for it. A declared
// exemption (Arts. 4-5) still applies: the list only narrows Art. 6.
func (z zoneDecision) apply(v *Verdict) {
	if len(z.hits) == 0 || v.Label == LabelError || (len(v.Reasons) > 0 && isDeclaredRule(v.Reasons[0].Rule)) {
		return
	}
	for _, it := range z.hits {
		label := LabelContract
		if it.Mechanism == MechanismAssessment {
			label = LabelAssessment
		}
		detail := fmt.Sprintf("The file is assigned to scenario %q of the pilot free trade zone negative list %s, whose item %q it holds%s: the list requires %s for it, so Art. 6 does not exempt it.",
			z.scenario.ID, z.list.label(), it.Name, thresholdSuffix(it), labelPhrase(label))
		if rank(label) > rank(v.Label) {
			v.Label = label
			v.Reasons = append([]Reason{{RuleFTZList, detail}}, v.Reasons...)
		} else {
			v.Reasons = append(v.Reasons, Reason{RuleFTZList, detail})
		}
	}
}

func thresholdSuffix(it ListItem) string {
	if t := it.thresholdPhrase(); t != "" {
		return " " + t
	}
	return ""
}

func mechanismName(m string) string {
	if m == MechanismAssessment {
		return "security assessment"
	}
	return "standard contract or certification"
}

// isDeclaredRule: a rule that frees a file on the user's declaration.
func isDeclaredRule(rule string) bool {
	switch rule {
	case RuleArt4, RuleArt51, RuleArt52, RuleArt53, RuleNDSMR356, RuleTreaty:
		return true
	}
	return false
}

// notCoveredByDeclaration: important data under a declared exemption or route.
func notCoveredByDeclaration(article string) string {
	if article == RuleGBA {
		return "the declared GBA standard contract does not apply: it excludes important data (GBA guideline, 2023-12)"
	}
	return fmt.Sprintf("the declared %s exemption does not apply: no exemption covers important data (Art. 5, last paragraph; NDSMR Art. 37)", article)
}

// gbaRoute decides a file declared under the Greater Bay Area standard contract: the route
// replaces the national mechanisms for transfers between mainland GBA cities and Hong Kong or
// Macau, so a transfer the national test would send to a contract or an assessment needs the GBA
// standard contract (filed like the national one); one the test frees stays free. A CIIO is not
// offered the route here (the guideline is read conservatively): Art. 7(1) applies.
func gbaRoute(c Counts, p *Policy, e Exemption) (string, []Reason) {
	if p.CIIO {
		return LabelAssessment, []Reason{{RuleArt71, fmt.Sprintf(
			"The policy declares the handler a critical information infrastructure operator and the file holds personal information (%s): Art. 7(1) requires a CAC security assessment; the declared GBA standard contract is not relied on for an operator.",
			personsPhrase(c.N, c.NEstimate, c.PriorN, c.Method, "distinct persons"))}}
	}
	label, rs := volume(c, p.Thresholds, "")
	if label == LabelFree {
		return label, rs
	}
	return LabelContract, append([]Reason{{RuleGBA, fmt.Sprintf(
		"Declared under %s (justification: %q): the GBA standard contract must be signed and filed; it takes the place of what the national test requires (%s); the conditions the data cannot show (both parties registered in the GBA, no onward transfer outside it) are the user's declaration.",
		articleNames[RuleGBA], e.Justification, labelPhrase(label))}}, rs...)
}

// batchApprovals checks the approvals every file needing a mechanism fits, against the batch's
// year counts.
func batchApprovals(v Verdict, c Counts, files []Verdict, p *Policy, on time.Time) ([]Reason, []ApprovalUse) {
	var common []int
	first := true
	for _, f := range files {
		if f.Label != LabelContract && f.Label != LabelAssessment {
			continue
		}
		if first {
			common, first = append([]int{}, f.fits...), false
			continue
		}
		var keep []int
		for _, i := range common {
			for _, j := range f.fits {
				if i == j {
					keep = append(keep, i)
				}
			}
		}
		common = keep
	}
	rs, _, uses := checkApprovals(v, c, common, p, on, p.Thresholds)
	return rs, uses
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
