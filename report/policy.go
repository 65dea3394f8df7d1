package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // the CLI must resolve Asia/Shanghai on machines without a zoneinfo database

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/xborder/xborder/scanner/detect"
)

// PolicyVersion is the only policy file version this build understands.
const PolicyVersion = 1

// SourceBuiltin is Policy.Source for the built-in default policy.
const SourceBuiltin = "built-in"

// Policy is the user's statement of everything a scan cannot see: handler status, declared
// exemptions, category choices, the important-data catalogue, custom detectors and ignores.
// It is immutable once parsed; every method is safe for concurrent use.
type Policy struct {
	// Source is the path the policy was read from, or "built-in".
	Source string
	// SHA256 is the hex digest of the policy file bytes (of PolicyInit() for the default), so a
	// report names exactly which policy decided.
	SHA256 string

	// CIIO marks the handler as a critical information infrastructure operator (Art. 7(1)).
	CIIO bool
	// FreeTradeZone holds the negative-list packs of pilot free-trade zones and the files the
	// user assigns to their scenarios (Art. 6).
	FreeTradeZone FreeTradeZone
	// PriorTotals are persons transferred this calendar year outside xborder (no ledger).
	PriorTotals PriorTotals
	// TimeZone names the zone whose calendar year the volume window follows.
	TimeZone string
	// MinorAge: persons younger than this on the transfer date are minors (PIPL Art. 28: 14).
	MinorAge int
	// Thresholds encode Arts. 7-8; they change only when the law does.
	Thresholds Thresholds
	// ExemptTransfersCount says whether files under a declared exemption still count toward the
	// batch volume (regulation.md (e) open question 2; true is the conservative answer).
	ExemptTransfersCount bool
	// Categories overrides the default category of a type id.
	Categories map[string]detect.Category
	// Exemptions are declared Art. 4 / Art. 5(1)-(3) scenarios, first match wins.
	Exemptions []Exemption
	// ImportantData is the catalogue of data an authority notified or published as important.
	ImportantData []CatalogueEntry
	// Detectors are policy-defined types.
	Detectors []DetectorSpec
	// Ignore lists files and columns the scan skips.
	Ignore Ignore
	// Approvals are assessments passed, standard contracts filed and certifications granted.
	Approvals []Approval

	loc      *time.Location
	extra    []detect.Detector
	ignPaths []Glob
	ignCols  []Glob
}

// FreeTradeZone is where the handler is registered and the negative lists it may use (Art. 6).
// A file is exempt under Art. 6 only when an assignment puts it in a scenario of a list that
// binds the handler and no item of that scenario covers its data.
type FreeTradeZone struct {
	Enabled bool
	// Name is the pilot free trade zone the handler is registered in ("" if none); City the city.
	Name, City  string
	Lists       []ListPack
	Assignments []Assignment
}

// PriorTotals are persons already transferred in Year by channels xborder did not record.
type PriorTotals struct {
	Year                 int
	Individuals          int64
	SensitiveIndividuals int64
}

// Thresholds are the volume limits of Arts. 7-8, in distinct persons since 1 January.
type Thresholds struct {
	// ContractIndividuals: at or above, personal information needs a standard contract (Art. 8).
	ContractIndividuals int64 `yaml:"contract_individuals"`
	// AssessmentIndividuals: at or above, a security assessment (Art. 7(2)).
	AssessmentIndividuals int64 `yaml:"assessment_individuals"`
	// AssessmentSensitive: sensitive persons at or above which an assessment is needed; any
	// fewer sensitive persons (one included) need a contract.
	AssessmentSensitive int64 `yaml:"assessment_sensitive"`
}

// Exemption is a declared scenario: the user asserts a purpose no file can show.
type Exemption struct {
	Paths         []string
	Article       string // a rule id: art4, art5.1, art5.2 or art5.3
	Justification string
	globs         []Glob
}

// CatalogueEntry is one item of the important-data catalogue. Paths, when given, restrict the
// entry to those files; within them the entry matches when a header contains one of
// ColumnWords or a column is typed by ValuePattern; an entry with only Paths matches every file
// under them.
type CatalogueEntry struct {
	Name         string
	ColumnWords  []string
	ValuePattern string
	Paths        []string
	Source       string
	words        []string
	globs        []Glob
}

// DetectorID is the type id under which an entry's value pattern types columns.
func (e CatalogueEntry) DetectorID() string { return ImportantPrefix + e.Name }

// ImportantPrefix starts the type id of every important-data detector.
const ImportantPrefix = "important:"

// DetectorSpec is a custom detector as written in the policy.
type DetectorSpec struct {
	ID           string
	Category     detect.Category
	Description  string
	HeaderWords  []string
	ValuePattern string
	Checksum     string
	Identifying  bool
}

// Ignore lists paths (globs) and columns (exact names or globs) the scan leaves out.
type Ignore struct {
	Paths   []string
	Columns []string
}

// Vocabulary is the type id list of spec section 5. Policies may override only these, the
// built-in registry's ids and their own custom ids, so a typo cannot silently do nothing.
var Vocabulary = []string{
	"person_name", "phone_number", "email", "postal_address", "birth_date", "gender",
	"cn_resident_id", "passport_number", "travel_permit", "social_security_number",
	"license_plate", "ip_address", "device_id", "bank_card", "iban", "financial_record",
	"precise_location", "health", "genetic", "religion", "ethnicity", "criminal_record",
	"biometric", "credential", "minor", "org_credit_code",
}

// Articles and routes a declaration may name: the exemptions of Order No. 16 Arts. 4-5(3), the
// statutory-duty route of NDSMR Art. 35(6), treaties (NDSMR Art. 36) and the Greater Bay Area
// standard contract.
var exemptArticles = []string{RuleArt4, RuleArt51, RuleArt52, RuleArt53, RuleNDSMR356, RuleTreaty, RuleGBA}

// articleList is exemptArticles for messages.
const articleList = "art4, art5.1, art5.2, art5.3, ndsmr35.6, treaty or gba"

var detectorIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// DefaultPolicy is the built-in policy: the law's thresholds and the conservative categories.
func DefaultPolicy() *Policy {
	p, err := compile(defaultRaw(), nil)
	if err != nil {
		panic("report: built-in policy is invalid: " + err.Error()) // a programming error
	}
	p.Source = SourceBuiltin
	p.SHA256 = digest([]byte(PolicyInit()))
	return p
}

// ParsePolicy reads a policy file strictly: unknown keys, wrong types, bad globs, regexps or
// categories are errors naming the line and the key, never ignored. source names the file in
// messages and in Policy.Source.
func ParsePolicy(data []byte, source string) (*Policy, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, convertYAMLError(err, source, nil)
	}
	loc := locate(file)
	raw := defaultRaw()
	raw.Version = nil
	if tag := firstTag(file); tag != nil {
		// A policy has no use for YAML tags, and the decoder panics on some of them
		// ("paths: !x" over a list field): refuse them with their line.
		pos := tag.GetToken().Position
		return nil, &PolicyError{Source: source, Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf("YAML tag %s is not supported in a policy", describeToken(tag.Start.Value))}
	}
	if len(strings.TrimSpace(string(data))) > 0 {
		if err := unmarshalPolicy(data, &raw); err != nil {
			return nil, convertYAMLError(err, source, loc)
		}
	}
	p, err := compile(raw, func(path, msg string) error {
		line, col := loc.find(path)
		return &PolicyError{Source: source, Line: line, Column: col, Key: path, Msg: msg}
	})
	if err != nil {
		return nil, err
	}
	p.Source = source
	p.SHA256 = digest(data)
	return p, nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// PolicyError is a policy file problem at a line and column. Key is the dotted key path
// ("exemptions[0].article"), empty for syntax errors.
type PolicyError struct {
	Source       string
	Line, Column int
	Key          string
	Msg          string
}

func (e *PolicyError) Error() string {
	pos := e.Source
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.Source, e.Line, e.Column)
	}
	if e.Key != "" && !strings.HasPrefix(e.Msg, "unknown key") {
		return fmt.Sprintf("%s: %s: %s", pos, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", pos, e.Msg)
}

// raw* mirror the YAML exactly; compile turns them into a Policy.
type rawPolicy struct {
	Version              *int              `yaml:"version"`
	Handler              rawHandler        `yaml:"handler"`
	PriorTotals          rawPrior          `yaml:"prior_totals"`
	TimeZone             string            `yaml:"time_zone"`
	MinorAge             int               `yaml:"minor_age"`
	Thresholds           Thresholds        `yaml:"thresholds"`
	ExemptTransfersCount bool              `yaml:"exempt_transfers_count"`
	Categories           map[string]string `yaml:"categories"`
	Exemptions           []rawExemption    `yaml:"exemptions"`
	ImportantData        []rawImportant    `yaml:"important_data"`
	Detectors            []rawDetector     `yaml:"detectors"`
	Ignore               rawIgnore         `yaml:"ignore"`
	Approvals            []rawApproval     `yaml:"approvals"`
}

type rawHandler struct {
	CIIO          bool   `yaml:"ciio"`
	FreeTradeZone rawFTZ `yaml:"free_trade_zone"`
}

type rawFTZ struct {
	Enabled bool   `yaml:"enabled"`
	Name    string `yaml:"name"`
	City    string `yaml:"city"`
	// NegativeList is the removed key, kept only to refuse it with a message that says what
	// replaced it.
	NegativeList any             `yaml:"negative_list"`
	Lists        []rawPack       `yaml:"lists"`
	Assignments  []rawAssignment `yaml:"assignments"`
}

type rawPrior struct {
	Year                 int   `yaml:"year"`
	Individuals          int64 `yaml:"individuals"`
	SensitiveIndividuals int64 `yaml:"sensitive_individuals"`
}

type rawExemption struct {
	Paths         []string `yaml:"paths"`
	Article       string   `yaml:"article"`
	Justification string   `yaml:"justification"`
}

type rawImportant struct {
	Name         string   `yaml:"name"`
	ColumnWords  []string `yaml:"column_words"`
	ValuePattern string   `yaml:"value_pattern"`
	Paths        []string `yaml:"paths"`
	Source       string   `yaml:"source"`
}

type rawDetector struct {
	ID           string   `yaml:"id"`
	Category     string   `yaml:"category"`
	Description  string   `yaml:"description"`
	HeaderWords  []string `yaml:"header_words"`
	ValuePattern string   `yaml:"value_pattern"`
	Checksum     string   `yaml:"checksum"`
	Identifying  bool     `yaml:"identifying"`
}

type rawIgnore struct {
	Paths   []string `yaml:"paths"`
	Columns []string `yaml:"columns"`
}

func defaultRaw() rawPolicy {
	v := PolicyVersion
	return rawPolicy{
		Version:  &v,
		TimeZone: "Asia/Shanghai",
		MinorAge: 14,
		Thresholds: Thresholds{
			ContractIndividuals:   100_000,
			AssessmentIndividuals: 1_000_000,
			AssessmentSensitive:   10_000,
		},
		ExemptTransfersCount: true,
	}
}

// failFunc builds the error for a key path; nil (the built-in policy) panics via compile's caller.
type failFunc func(path, msg string) error

func compile(r rawPolicy, fail failFunc) (*Policy, error) {
	var errs []error
	bad := func(path, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if fail == nil {
			errs = append(errs, fmt.Errorf("%s: %s", path, msg))
			return
		}
		errs = append(errs, fail(path, msg))
	}
	if r.Version == nil {
		bad("version", "required: the first line of a policy is \"version: %d\"", PolicyVersion)
	} else if *r.Version != PolicyVersion {
		bad("version", "unsupported version %d (this xborder reads version %d)", *r.Version, PolicyVersion)
	}

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

	compileGlobs := func(key string, pats []string) []Glob {
		gs := make([]Glob, 0, len(pats))
		for i, s := range pats {
			g, err := CompileGlob(s)
			if err != nil {
				bad(fmt.Sprintf("%s[%d]", key, i), "%v", err)
				continue
			}
			gs = append(gs, g)
		}
		return gs
	}

	pt := p.PriorTotals
	if pt.Individuals < 0 {
		bad("prior_totals.individuals", "must not be negative")
	}
	if pt.SensitiveIndividuals < 0 {
		bad("prior_totals.sensitive_individuals", "must not be negative")
	}
	if (pt.Individuals > 0 || pt.SensitiveIndividuals > 0) && pt.Year == 0 {
		bad("prior_totals.year", "required when prior totals are set (totals count only in their calendar year)")
	} else if pt.Year != 0 && (pt.Year < 2000 || pt.Year > 9999) {
		bad("prior_totals.year", "%d is not a plausible calendar year", pt.Year)
	}

	if loc, err := time.LoadLocation(r.TimeZone); err != nil || r.TimeZone == "" {
		bad("time_zone", "unknown time zone %q (an IANA name such as Asia/Shanghai)", r.TimeZone)
	} else {
		p.loc = loc
	}
	if r.MinorAge < 1 || r.MinorAge > 18 {
		bad("minor_age", "%d is outside 1..18 (the law says 14; 15 includes 14-year-olds)", r.MinorAge)
	}
	th := r.Thresholds
	if th.ContractIndividuals < 1 || th.AssessmentIndividuals < 1 || th.AssessmentSensitive < 1 {
		bad("thresholds", "every threshold must be at least 1")
	} else if th.ContractIndividuals >= th.AssessmentIndividuals {
		bad("thresholds.contract_individuals", "%d must be below assessment_individuals (%d)", th.ContractIndividuals, th.AssessmentIndividuals)
	}

	// Custom detectors first: category overrides may name their ids.
	known := map[string]bool{}
	for _, id := range Vocabulary {
		known[id] = true
	}
	for _, d := range detect.Builtin().All() {
		known[d.ID()] = true
	}
	custom := map[string]bool{}
	for i, d := range r.Detectors {
		key := fmt.Sprintf("detectors[%d]", i)
		switch {
		case d.ID == "":
			bad(key+".id", "required")
		case !detectorIDPattern.MatchString(d.ID):
			bad(key+".id", "%q must be lower-case letters, digits and underscores, starting with a letter", d.ID)
		case known[d.ID]:
			bad(key+".id", "%q is a built-in type id; choose another id or override its category under categories", d.ID)
		case custom[d.ID]:
			bad(key+".id", "duplicate detector id %q", d.ID)
		}
		custom[d.ID] = true
		cat, ok := parseCategory(d.Category)
		if !ok {
			bad(key+".category", "%s", categoryMsg(d.Category))
		}
		checksum := d.Checksum
		if checksum == "" {
			checksum = ChecksumNone
		}
		switch checksum {
		case ChecksumNone, ChecksumLuhn, ChecksumMod112, ChecksumMod97, ChecksumUSCC:
		default:
			bad(key+".checksum", "unknown checksum %q (use none, luhn, mod11-2, mod97 or uscc)", d.Checksum)
		}
		if d.ValuePattern == "" && len(d.HeaderWords) == 0 {
			bad(key, "needs header_words, value_pattern or both")
		}
		var re *regexp.Regexp
		if d.ValuePattern != "" {
			var err error
			if re, err = anchor(d.ValuePattern); err != nil {
				bad(key+".value_pattern", "bad regular expression: %s", regexpMsg(err))
			}
		}
		desc := d.Description
		if desc == "" {
			desc = "policy detector " + d.ID
		}
		spec := DetectorSpec{ID: d.ID, Category: cat, Description: desc, HeaderWords: nonNil(d.HeaderWords),
			ValuePattern: d.ValuePattern, Checksum: checksum, Identifying: d.Identifying}
		p.Detectors = append(p.Detectors, spec)
		cd := &customDetector{id: d.ID, category: cat, description: desc, re: re, checksum: checksum,
			hints: detect.Hints{Words: normalizeWords(d.HeaderWords), Required: re == nil && checksum == ChecksumNone}}
		if d.Identifying {
			p.extra = append(p.extra, identifyingDetector{cd})
		} else {
			p.extra = append(p.extra, cd)
		}
	}

	catKeys := make([]string, 0, len(r.Categories))
	for k := range r.Categories {
		catKeys = append(catKeys, k)
	}
	sort.Strings(catKeys)
	for _, id := range catKeys {
		v := r.Categories[id]
		if !known[id] && !custom[id] {
			bad("categories."+id, "unknown type id %q (see `xborder detectors`)", id)
			continue
		}
		cat, ok := parseCategory(v)
		if !ok {
			bad("categories."+id, "%s", categoryMsg(v))
			continue
		}
		p.Categories[id] = cat
	}

	for i, e := range r.Exemptions {
		key := fmt.Sprintf("exemptions[%d]", i)
		if len(e.Paths) == 0 {
			bad(key+".paths", "required: the files this declaration covers")
		}
		gs := compileGlobs(key+".paths", e.Paths)
		if e.Article == "" {
			bad(key+".article", "required (%s)", articleList)
		} else if !contains(exemptArticles, e.Article) {
			bad(key+".article", "unknown article %q (use %s)", e.Article, articleList)
		}
		if strings.TrimSpace(e.Justification) == "" {
			bad(key+".justification", "required: say why the exemption applies (it is logged as your declaration)")
		}
		p.Exemptions = append(p.Exemptions, Exemption{Paths: nonNil(e.Paths), Article: e.Article,
			Justification: strings.TrimSpace(e.Justification), globs: gs})
	}

	names := map[string]bool{}
	for i, e := range r.ImportantData {
		key := fmt.Sprintf("important_data[%d]", i)
		uniqueName(bad, key+".name", e.Name, "", "catalogue entry", names)
		if strings.TrimSpace(e.Source) == "" {
			bad(key+".source", "required: the notice or published catalogue that names this data (Art. 2)")
		}
		if len(e.ColumnWords) == 0 && e.ValuePattern == "" && len(e.Paths) == 0 {
			bad(key, "needs column_words, value_pattern or paths")
		}
		gs := compileGlobs(key+".paths", e.Paths)
		entry := CatalogueEntry{Name: e.Name, ColumnWords: nonNil(e.ColumnWords), ValuePattern: e.ValuePattern,
			Paths: nonNil(e.Paths), Source: e.Source, words: normalizeWords(e.ColumnWords), globs: gs}
		if e.ValuePattern != "" {
			re, err := anchor(e.ValuePattern)
			if err != nil {
				bad(key+".value_pattern", "bad regular expression: %s", regexpMsg(err))
			} else {
				p.extra = append(p.extra, &customDetector{id: entry.DetectorID(), category: detect.CategoryNone,
					description: "important data: " + e.Name + " (" + e.Source + ")", re: re, checksum: ChecksumNone,
					hints: detect.Hints{Words: entry.words}})
			}
		}
		p.ImportantData = append(p.ImportantData, entry)
	}

	isType := func(id string) bool { return known[id] || custom[id] }
	p.FreeTradeZone = compileFTZ(r.Handler.FreeTradeZone, isType, bad, compileGlobs)
	p.Approvals = compileApprovals(r.Approvals, isType, p.loc, bad, compileGlobs)

	p.ignPaths = compileGlobs("ignore.paths", p.Ignore.Paths)
	p.ignCols = compileGlobs("ignore.columns", p.Ignore.Columns)

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
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

// Registry adds the policy's custom and important-data detectors to base.
func (p *Policy) Registry(base *detect.Registry) *detect.Registry {
	return base.With(p.extra...)
}

// Category returns the policy's category for a type id, or def when the policy says nothing.
func (p *Policy) Category(typeID string, def detect.Category) detect.Category {
	if c, ok := p.Categories[typeID]; ok {
		return c
	}
	return def
}

// IgnorePath reports whether the file at rel (relative to its scan root) is left out.
func (p *Policy) IgnorePath(rel string) bool {
	for _, g := range p.ignPaths {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// IgnoreColumn reports whether a column is left out of detection, by exact name or glob.
func (p *Policy) IgnoreColumn(name string) bool {
	for i, g := range p.ignCols {
		if p.Ignore.Columns[i] == name || g.MatchName(name) {
			return true
		}
	}
	return false
}

// Exemption returns the first declared exemption covering rel.
func (p *Policy) Exemption(rel string) (Exemption, bool) {
	if i := p.exemptionIndex(rel); i >= 0 {
		return p.Exemptions[i], true
	}
	return Exemption{}, false
}

func (p *Policy) exemptionIndex(rel string) int {
	for i, e := range p.Exemptions {
		if anyGlob(e.globs, rel) {
			return i
		}
	}
	return -1
}

// CountsTowardBatch reports whether the persons of the file at rel belong in the batch union
// (every file unless it is under a declared exemption and exempt_transfers_count is false).
// The caller building the batch tally must union only these files.
func (p *Policy) CountsTowardBatch(rel string) bool {
	if p.ExemptTransfersCount {
		return true
	}
	e, declared := p.Exemption(rel)
	// The GBA standard contract is a contract route, not an exemption: its persons count.
	return !declared || e.Article == RuleGBA
}

// Location is the time zone whose calendar year bounds the volume window and decides ages.
func (p *Policy) Location() *time.Location {
	if p.loc == nil {
		return time.UTC
	}
	return p.loc
}

// Prior returns the policy's prior totals when they are for year, else zeros.
func (p *Policy) Prior(year int) (individuals, sensitive int64) {
	if p.PriorTotals.Year != year {
		return 0, 0
	}
	return p.PriorTotals.Individuals, p.PriorTotals.SensitiveIndividuals
}

// Ref is the report's record of this policy.
func (p *Policy) Ref() PolicyRef {
	return PolicyRef{SHA256: p.SHA256, CIIO: p.CIIO, Source: p.Source}
}

// ImportantMatches returns the names of the catalogue entries a file matches, given its column
// names and the type ids detected in it (important:<name> ids come from value patterns).
func (p *Policy) ImportantMatches(rel string, columns, typeIDs []string) []string {
	var out []string
	for _, e := range p.ImportantData {
		if len(e.globs) > 0 && !anyGlob(e.globs, rel) {
			continue
		}
		hasTest := len(e.words) > 0 || e.ValuePattern != ""
		if !hasTest || headerHasWord(columns, e.words) || contains(typeIDs, e.DetectorID()) {
			out = append(out, e.Name)
		}
	}
	return out
}

func anyGlob(gs []Glob, rel string) bool {
	for _, g := range gs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// headerHasWord reports whether a normalised column name contains one of the normalised words.
func headerHasWord(columns, words []string) bool {
	if len(words) == 0 {
		return false
	}
	for _, c := range columns {
		n := detect.NormalizeHeader(c)
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
	}
	return false
}

// positions maps key paths ("exemptions[0].article") to where they are written, and back.
type positions struct {
	byPath map[string][2]int
	byPos  map[[2]int]string
}

// unmarshalPolicy decodes strictly, turning a panic of the YAML library on malformed input into
// an error, so a bad policy file is reported rather than crashing the run.
func unmarshalPolicy(data []byte, raw *rawPolicy) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML decoder failed on this file (%T)", r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, raw, yaml.DisallowUnknownField())
}

// firstTag returns the first YAML tag node (!x) of the file, or nil.
func firstTag(f *ast.File) *ast.TagNode {
	var found *ast.TagNode
	for _, d := range f.Docs {
		if found != nil || d.Body == nil {
			break
		}
		ast.Walk(tagFinder{&found}, d.Body)
	}
	return found
}

type tagFinder struct{ found **ast.TagNode }

func (v tagFinder) Visit(n ast.Node) ast.Visitor {
	if *v.found != nil {
		return nil
	}
	if t, ok := n.(*ast.TagNode); ok {
		*v.found = t
		return nil
	}
	return v
}

func locate(f *ast.File) *positions {
	ps := &positions{byPath: map[string][2]int{}, byPos: map[[2]int]string{}}
	for _, d := range f.Docs {
		ps.walk(d.Body, "")
	}
	return ps
}

func (ps *positions) record(path string, n ast.Node, isKey bool) {
	if n == nil || n.GetToken() == nil {
		return
	}
	pos := n.GetToken().Position
	at := [2]int{pos.Line, pos.Column}
	if _, seen := ps.byPath[path]; !seen || isKey {
		ps.byPath[path] = at
	}
	if _, seen := ps.byPos[at]; !seen || !isKey {
		ps.byPos[at] = path
	}
}

func (ps *positions) walk(n ast.Node, path string) {
	switch n := n.(type) {
	case *ast.MappingNode:
		ps.record(path, n, false)
		for _, mv := range n.Values {
			ps.walk(mv, path)
		}
	case *ast.MappingValueNode:
		k := join(path, n.Key.GetToken().Value)
		ps.record(k, n.Key, true)
		ps.record(k, n.Value, false)
		ps.walk(n.Value, k)
	case *ast.SequenceNode:
		ps.record(path, n, false)
		for i, v := range n.Values {
			ps.record(fmt.Sprintf("%s[%d]", path, i), firstKey(v), false)
			ps.walk(v, fmt.Sprintf("%s[%d]", path, i))
		}
	case *ast.TagNode:
		ps.walk(n.Value, path)
	case *ast.AnchorNode:
		ps.walk(n.Value, path)
	}
}

// firstKey is where a block mapping visibly starts (its first key), for list items.
func firstKey(n ast.Node) ast.Node {
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return m.Values[0].Key
		}
	case *ast.MappingValueNode:
		return m.Key
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// find returns where a key path is written, falling back to its closest written parent.
func (ps *positions) find(path string) (line, col int) {
	for p := path; p != ""; p = parentPath(p) {
		if at, ok := ps.byPath[p]; ok {
			return at[0], at[1]
		}
	}
	return 0, 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// allKeys is every key of the policy schema, for "did you mean" suggestions.
var allKeys = collectKeys(reflect.TypeOf(rawPolicy{}), nil)

func collectKeys(t reflect.Type, acc []string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return acc
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tag := f.Tag.Get("yaml"); tag != "" && !contains(acc, tag) {
			acc = append(acc, tag)
		}
		acc = collectKeys(f.Type, acc)
	}
	return acc
}

// convertYAMLError turns a go-yaml error into a PolicyError users can act on.
func convertYAMLError(err error, source string, ps *positions) error {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	tk := ye.GetToken()
	pe := &PolicyError{Source: source, Line: tk.Position.Line, Column: tk.Position.Column, Msg: ye.GetMessage()}
	if ps != nil {
		pe.Key = ps.byPos[[2]int{pe.Line, pe.Column}]
	}
	var (
		uf *yaml.UnknownFieldError
		te *yaml.TypeError
		ue *yaml.UnexpectedNodeTypeError
	)
	switch {
	case errors.As(err, &uf):
		pe.Msg = fmt.Sprintf("unknown key %q", tk.Value)
		if s := suggest(tk.Value); s != "" {
			pe.Msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	case errors.As(err, &te):
		pe.Msg = fmt.Sprintf("expected %s, got %s", kindName(te.DstType), describeToken(tk.Value))
	case errors.As(err, &ue):
		pe.Msg = fmt.Sprintf("expected %s, got %s", nodeName(ue.Expected), nodeName(ue.Actual))
	default:
		if m := duplicateKey.FindStringSubmatch(pe.Msg); m != nil {
			pe.Msg = fmt.Sprintf("duplicate key %q (first written at line %s)", m[1], m[2])
		}
	}
	return pe
}

var duplicateKey = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]`)

func nodeName(t ast.NodeType) string {
	switch t {
	case ast.SequenceType:
		return "a list"
	case ast.MappingType, ast.MappingValueType:
		return "a mapping"
	case ast.StringType:
		return "text"
	case ast.IntegerType, ast.FloatType:
		return "a number"
	case ast.BoolType:
		return "true or false"
	case ast.NullType:
		return "nothing"
	}
	return t.YAMLName()
}

func describeToken(v string) string {
	switch v {
	case "[", "-":
		return "a list"
	case "{":
		return "a mapping"
	}
	return fmt.Sprintf("%q", maskIfPI(v))
}

// maskIfPI masks a policy value that a built-in identifier detector recognises (someone pasted an
// ID number where a count belongs): error messages are logged and never hold a full PI value.
func maskIfPI(v string) string {
	for _, d := range detect.Builtin().All() {
		if _, ok := d.(detect.Identifier); ok && d.Match([]byte(v)) {
			return detect.Mask(d.ID(), []byte(v))
		}
	}
	return v
}

func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}

// suggest returns the schema key closest to k (edit distance at most 2), or "".
func suggest(k string) string {
	best, bestD := "", 3
	for _, c := range allKeys {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
