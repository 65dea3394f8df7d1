package report

import (
	"regexp"
	"time"
	_ "time/tzdata" // the CLI must resolve Asia/Shanghai on machines without a zoneinfo database

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
	// batch volume (docs/rules.md, "Where the law is open"; true is the conservative answer).
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
