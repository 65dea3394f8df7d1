package report

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/xborder/xborder/scanner/detect"
)

// failFunc builds the error for a key path; nil (the built-in policy) panics via compile's caller.
type failFunc func(path, msg string) error

func compile(r rawPolicy, fail failFunc) (*Policy, error) {
	c := &policyCompiler{fail: fail}
	c.version(r.Version)
	p := &Policy{
		CIIO:                 r.Handler.CIIO,
		PriorTotals:          PriorTotals(r.PriorTotals),
		TimeZone:             r.TimeZone,
		MinorAge:             r.MinorAge,
		Thresholds:           r.Thresholds,
		ExemptTransfersCount: r.ExemptTransfersCount,
		Categories:           map[string]detect.Category{},
		Exemptions:           []Exemption{},
		ImportantData:        []CatalogueEntry{},
		Detectors:            []DetectorSpec{},
		Ignore:               Ignore{Paths: nonNil(r.Ignore.Paths), Columns: nonNil(r.Ignore.Columns)},
	}
	c.priorTotals(p.PriorTotals)
	p.loc = c.timeZone(r.TimeZone)
	c.limits(r.MinorAge, r.Thresholds)

	// Custom detectors first: category overrides may name their ids.
	c.knownTypes()
	for i, d := range r.Detectors {
		c.detector(p, fmt.Sprintf("detectors[%d]", i), d)
	}
	c.categories(p, r.Categories)
	for i, e := range r.Exemptions {
		c.exemption(p, fmt.Sprintf("exemptions[%d]", i), e)
	}
	names := map[string]bool{}
	for i, e := range r.ImportantData {
		c.important(p, fmt.Sprintf("important_data[%d]", i), e, names)
	}

	p.FreeTradeZone = compileFTZ(r.Handler.FreeTradeZone, c.isType, c.bad, c.globs)
	p.Approvals = compileApprovals(r.Approvals, c.isType, p.loc, c.bad, c.globs)

	p.ignPaths = c.globs("ignore.paths", p.Ignore.Paths)
	p.ignCols = c.globs("ignore.columns", p.Ignore.Columns)

	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	return p, nil
}

// policyCompiler collects every problem of a policy, in the order of its keys, so one run of
// xborder names them all; known and custom are the type ids a policy may name.
type policyCompiler struct {
	fail   failFunc
	errs   []error
	known  map[string]bool
	custom map[string]bool
}

// bad records a problem at a key path.
func (c *policyCompiler) bad(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if c.fail == nil {
		c.errs = append(c.errs, fmt.Errorf("%s: %s", path, msg))
		return
	}
	c.errs = append(c.errs, c.fail(path, msg))
}

// globs compiles the patterns under key, recording each bad one.
func (c *policyCompiler) globs(key string, pats []string) []Glob {
	gs := make([]Glob, 0, len(pats))
	for i, s := range pats {
		g, err := CompileGlob(s)
		if err != nil {
			c.bad(fmt.Sprintf("%s[%d]", key, i), "%v", err)
			continue
		}
		gs = append(gs, g)
	}
	return gs
}

func (c *policyCompiler) isType(id string) bool { return c.known[id] || c.custom[id] }

func (c *policyCompiler) version(v *int) {
	if v == nil {
		c.bad("version", "required: the first line of a policy is \"version: %d\"", PolicyVersion)
	} else if *v != PolicyVersion {
		c.bad("version", "unsupported version %d (this xborder reads version %d)", *v, PolicyVersion)
	}
}

func (c *policyCompiler) priorTotals(pt PriorTotals) {
	if pt.Individuals < 0 {
		c.bad("prior_totals.individuals", "must not be negative")
	}
	if pt.SensitiveIndividuals < 0 {
		c.bad("prior_totals.sensitive_individuals", "must not be negative")
	}
	if (pt.Individuals > 0 || pt.SensitiveIndividuals > 0) && pt.Year == 0 {
		c.bad("prior_totals.year", "required when prior totals are set (totals count only in their calendar year)")
	} else if pt.Year != 0 && (pt.Year < 2000 || pt.Year > 9999) {
		c.bad("prior_totals.year", "%d is not a plausible calendar year", pt.Year)
	}
}

// timeZone returns the zone named, or nil (recording the problem) when it is unknown.
func (c *policyCompiler) timeZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		c.bad("time_zone", "unknown time zone %q (an IANA name such as Asia/Shanghai)", name)
		return nil
	}
	return loc
}

func (c *policyCompiler) limits(minorAge int, th Thresholds) {
	if minorAge < 1 || minorAge > 18 {
		c.bad("minor_age", "%d is outside 1..18 (the law says 14; 15 includes 14-year-olds)", minorAge)
	}
	if th.ContractIndividuals < 1 || th.AssessmentIndividuals < 1 || th.AssessmentSensitive < 1 {
		c.bad("thresholds", "every threshold must be at least 1")
	} else if th.ContractIndividuals >= th.AssessmentIndividuals {
		c.bad("thresholds.contract_individuals", "%d must be below assessment_individuals (%d)", th.ContractIndividuals, th.AssessmentIndividuals)
	}
}

// knownTypes fills the built-in type ids: those of the built-in detector registry, the one list
// of the vocabulary (docs/vocabulary.md). Policies may override only these and their own custom
// ids, so a typo cannot silently do nothing.
func (c *policyCompiler) knownTypes() {
	c.known = map[string]bool{}
	c.custom = map[string]bool{}
	for _, d := range detect.Builtin().All() {
		c.known[d.ID()] = true
	}
}

// detector checks one custom detector and adds it to the policy.
func (c *policyCompiler) detector(p *Policy, key string, d rawDetector) {
	c.detectorID(key, d.ID)
	c.custom[d.ID] = true
	cat, ok := parseCategory(d.Category)
	if !ok {
		c.bad(key+".category", "%s", categoryMsg(d.Category))
	}
	checksum := d.Checksum
	if checksum == "" {
		checksum = ChecksumNone
	}
	switch checksum {
	case ChecksumNone, ChecksumLuhn, ChecksumMod112, ChecksumMod97, ChecksumUSCC:
	default:
		c.bad(key+".checksum", "unknown checksum %q (use none, luhn, mod11-2, mod97 or uscc)", d.Checksum)
	}
	if d.ValuePattern == "" && len(d.HeaderWords) == 0 {
		c.bad(key, "needs header_words, value_pattern or both")
	}
	re := c.pattern(key, d.ValuePattern)
	desc := d.Description
	if desc == "" {
		desc = "policy detector " + d.ID
	}
	p.Detectors = append(p.Detectors, DetectorSpec{ID: d.ID, Category: cat, Description: desc, HeaderWords: nonNil(d.HeaderWords),
		ValuePattern: d.ValuePattern, Checksum: checksum, Identifying: d.Identifying})
	cd := &customDetector{id: d.ID, category: cat, description: desc, re: re, checksum: checksum,
		hints: detect.Hints{Words: normalizeWords(d.HeaderWords), Required: re == nil && checksum == ChecksumNone}}
	if d.Identifying {
		p.extra = append(p.extra, identifyingDetector{cd})
	} else {
		p.extra = append(p.extra, cd)
	}
}

func (c *policyCompiler) detectorID(key, id string) {
	switch {
	case id == "":
		c.bad(key+".id", "required")
	case !detectorIDPattern.MatchString(id):
		c.bad(key+".id", "%q must be lower-case letters, digits and underscores, starting with a letter", id)
	case c.known[id]:
		c.bad(key+".id", "%q is a built-in type id; choose another id or override its category under categories", id)
	case c.custom[id]:
		c.bad(key+".id", "duplicate detector id %q", id)
	}
}

// pattern compiles a value pattern under key (nil for none or a bad one, which is recorded).
func (c *policyCompiler) pattern(key, pat string) *regexp.Regexp {
	if pat == "" {
		return nil
	}
	re, err := anchor(pat)
	if err != nil {
		c.bad(key+".value_pattern", "bad regular expression: %s", regexpMsg(err))
		return nil
	}
	return re
}

// categories checks the category overrides in key order.
func (c *policyCompiler) categories(p *Policy, cats map[string]string) {
	keys := make([]string, 0, len(cats))
	for k := range cats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, id := range keys {
		v := cats[id]
		if !c.isType(id) {
			c.bad("categories."+id, "unknown type id %q (see `xborder detectors`)", id)
			continue
		}
		cat, ok := parseCategory(v)
		if !ok {
			c.bad("categories."+id, "%s", categoryMsg(v))
			continue
		}
		p.Categories[id] = cat
	}
}

func (c *policyCompiler) exemption(p *Policy, key string, e rawExemption) {
	if len(e.Paths) == 0 {
		c.bad(key+".paths", "required: the files this declaration covers")
	}
	gs := c.globs(key+".paths", e.Paths)
	if e.Article == "" {
		c.bad(key+".article", "required (%s)", articleList)
	} else if !contains(exemptArticles, e.Article) {
		c.bad(key+".article", "unknown article %q (use %s)", e.Article, articleList)
	}
	if strings.TrimSpace(e.Justification) == "" {
		c.bad(key+".justification", "required: say why the exemption applies (it is logged as your declaration)")
	}
	p.Exemptions = append(p.Exemptions, Exemption{Paths: nonNil(e.Paths), Article: e.Article,
		Justification: strings.TrimSpace(e.Justification), globs: gs})
}

// important checks one important-data catalogue entry; its value pattern becomes a detector.
func (c *policyCompiler) important(p *Policy, key string, e rawImportant, names map[string]bool) {
	uniqueName(c.bad, key+".name", e.Name, "", "catalogue entry", names)
	if strings.TrimSpace(e.Source) == "" {
		c.bad(key+".source", "required: the notice or published catalogue that names this data (Art. 2)")
	}
	if len(e.ColumnWords) == 0 && e.ValuePattern == "" && len(e.Paths) == 0 {
		c.bad(key, "needs column_words, value_pattern or paths")
	}
	gs := c.globs(key+".paths", e.Paths)
	entry := CatalogueEntry{Name: e.Name, ColumnWords: nonNil(e.ColumnWords), ValuePattern: e.ValuePattern,
		Paths: nonNil(e.Paths), Source: e.Source, words: normalizeWords(e.ColumnWords), globs: gs}
	if re := c.pattern(key, e.ValuePattern); re != nil {
		p.extra = append(p.extra, &customDetector{id: entry.DetectorID(), category: detect.CategoryNone,
			description: "important data: " + e.Name + " (" + e.Source + ")", re: re, checksum: ChecksumNone,
			hints: detect.Hints{Words: entry.words}})
	}
	p.ImportantData = append(p.ImportantData, entry)
}

// uniqueName checks a required name that must be unique among its siblings: "required" (with
// why) when blank, "duplicate <what>" when seen before.
func uniqueName(bad func(path, format string, args ...any), key, name, why, what string, seen map[string]bool) {
	switch {
	case strings.TrimSpace(name) == "":
		bad(key, "required%s", why)
	case seen[name]:
		bad(key, "duplicate %s %q", what, name)
	}
	seen[name] = true
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func parseCategory(s string) (detect.Category, bool) {
	switch c := detect.Category(s); c {
	case detect.CategoryNone, detect.CategoryPersonal, detect.CategorySensitive:
		return c, true
	}
	return "", false
}

func categoryMsg(v string) string {
	if v == "" {
		return "required (none, personal or sensitive)"
	}
	return fmt.Sprintf("unknown category %q (use none, personal or sensitive)", v)
}

// regexpMsg keeps the part of a regexp error that helps: "missing closing ): `(a`".
func regexpMsg(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}
