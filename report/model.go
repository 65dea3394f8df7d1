// Package report turns scan results into the report of docs/report-schema.md: it applies the legal rules
// (verdict.go, the only place the law lives, with its companions approval.go for approvals and
// reading.go for the second reading of sensitive), parses the policy file (policy.go, ftz.go for
// negative-list packs), and renders the report in every output format (one writer per file).
package report

import "time"

// SchemaVersion is the report JSON schema version (docs/report-schema.md).
const SchemaVersion = 1

// Labels (docs/report-schema.md, verdict.label).
const (
	LabelFree       = "free"
	LabelContract   = "contract"
	LabelAssessment = "assessment"
	LabelError      = "error"
)

// Rule ids (docs/report-schema.md, reasons[].rule).
const (
	RuleImportantData = "important-data"
	RuleArt3          = "art3"
	RuleArt4          = "art4"
	RuleArt51         = "art5.1"
	RuleArt52         = "art5.2"
	RuleArt53         = "art5.3"
	RuleArt54         = "art5.4"
	RuleArt6          = "art6"
	RuleArt71         = "art7.1"
	RuleArt72         = "art7.2"
	RuleArt8          = "art8"
	RuleError         = "error"
	// Added with the 2025-2026 instruments (extensions of schema v1, docs/report-schema.md).
	RuleFTZList  = "ftz-list"  // an item of a free-trade-zone negative list the file falls under
	RuleNDSMR356 = "ndsmr35.6" // declared: to perform a statutory duty or obligation (NDSMR Art. 35(6))
	RuleTreaty   = "treaty"    // declared: a treaty or agreement China concluded or joined (NDSMR Art. 36)
	RuleGBA      = "gba"       // declared: the Greater Bay Area standard contract
)

// Report is the whole report, field for field the JSON of docs/report-schema.md. Fields added beyond
// schema v1 are optional and documented in docs/report-schema.md.
type Report struct {
	SchemaVersion int        `json:"schema_version"`
	Tool          Tool       `json:"tool"`
	GeneratedAt   time.Time  `json:"generated_at"`
	Roots         []string   `json:"roots"`
	Policy        PolicyRef  `json:"policy"`
	Ledger        *LedgerRef `json:"ledger,omitempty"`
	Summary       Summary    `json:"summary"`
	Files         []File     `json:"files"`
	Skipped       []Skipped  `json:"skipped"`
	Incomplete    bool       `json:"incomplete,omitempty"`
	// ExamplesOmitted says the masked examples were left out on purpose (--no-examples).
	ExamplesOmitted bool          `json:"examples_omitted,omitempty"`
	Declarations    []Declaration `json:"declarations,omitempty"`
	// Archives are the archive files opened (extension): their members are in Files.
	Archives []Archive `json:"archives,omitempty"`
	// thresholds are the policy's volume limits, for the writers that draw them (the HTML
	// chart); zero when the report was not built by Build (then the defaults are drawn).
	thresholds Thresholds
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// PolicyRef identifies the policy that decided.
type PolicyRef struct {
	SHA256 string `json:"sha256"`
	CIIO   bool   `json:"ciio"`
	Source string `json:"source"`
}

// LedgerRef describes the ledger the run counted against.
type LedgerRef struct {
	Path                      string `json:"path"`
	Year                      int    `json:"year"`
	PriorIndividuals          int64  `json:"prior_individuals"`
	PriorSensitiveIndividuals int64  `json:"prior_sensitive_individuals"`
}

// Summary is the batch view: counts per label and the verdict for everything sent together.
type Summary struct {
	Files      int64 `json:"files"`
	Free       int64 `json:"free"`
	Contract   int64 `json:"contract"`
	Assessment int64 `json:"assessment"`
	Error      int64 `json:"error"`
	// Skipped counts every entry of Report.Skipped: NotExamined + Excluded.
	Skipped int64 `json:"skipped"`
	// NotExamined and Excluded split Skipped (extensions, omitted when 0).
	NotExamined          int64   `json:"not_examined,omitempty"`
	Excluded             int64   `json:"excluded,omitempty"`
	Individuals          int64   `json:"individuals"`
	SensitiveIndividuals int64   `json:"sensitive_individuals"`
	IndividualsMethod    string  `json:"individuals_method,omitempty"`
	Verdict              Verdict `json:"verdict"`
	// New splits the batch's persons into new this year and already transferred (extension;
	// only when a ledger was consulted).
	New *NewPersons `json:"new,omitempty"`
}

// NewPersons splits the persons of a file or the batch by the ledger (extension): those not
// transferred yet this year, and those the ledger already holds. A nightly run that only sends
// again who was sent before adds nothing to the year.
type NewPersons struct {
	Individuals                 int64 `json:"individuals"`
	SensitiveIndividuals        int64 `json:"sensitive_individuals"`
	AlreadyIndividuals          int64 `json:"already_individuals"`
	AlreadySensitiveIndividuals int64 `json:"already_sensitive_individuals"`
}

// Verdict is a label with the rules that decided it and notes for a reviewer.
type Verdict struct {
	Label   string   `json:"label"`
	Reasons []Reason `json:"reasons"`
	Review  []string `json:"review"`
	// Alternative is the verdict under the other reading of identity-document numbers
	// (extension; reading.go); absent for an unread file.
	Alternative *Alternative `json:"alternative,omitempty"`
	// Approvals say how each approval the file or batch fits met it (extension; approval.go).
	Approvals []ApprovalUse `json:"approvals,omitempty"`
	// counts are the counts the volume test used for a file (after the category checks of
	// fileCounts), so the batch can be held to be never below any of its files.
	counts Counts
	// alt is the whole alternative verdict, fits the indexes of the policy's approvals whose
	// scope the file fits, path the file's path: the batch decides from them.
	alt  *Verdict
	fits []int
	path string
}

// Reason names a rule and says why in one sentence with the numbers.
type Reason struct {
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
}

// File is one scanned file.
type File struct {
	Path                 string    `json:"path"`
	Format               string    `json:"format"`
	SizeBytes            int64     `json:"size_bytes"`
	SHA256               string    `json:"sha256"`
	Modified             time.Time `json:"modified"`
	Encoding             string    `json:"encoding"`
	Rows                 int64     `json:"rows"`
	SampledRows          int64     `json:"sampled_rows"`
	Tables               []Table   `json:"tables"`
	Individuals          int64     `json:"individuals"`
	SensitiveIndividuals int64     `json:"sensitive_individuals"`
	IndividualsMethod    string    `json:"individuals_method"`
	// IndividualsUpper and SensitiveUpper are the upper error bounds when the method is
	// "estimate" (extension; omitted otherwise).
	IndividualsUpper int64    `json:"individuals_upper,omitempty"`
	SensitiveUpper   int64    `json:"sensitive_individuals_upper,omitempty"`
	Verdict          Verdict  `json:"verdict"`
	Error            string   `json:"error"`
	Notes            []string `json:"notes,omitempty"`
	// Container is the archive file on disk holding this member (extension; Path is then
	// "a.zip!/dir/m.csv").
	Container string `json:"container,omitempty"`
	// New splits the file's persons into new this year and already transferred (extension;
	// only when a ledger was consulted).
	New *NewPersons `json:"new,omitempty"`
}

// Table is one table (sheet) of a file.
type Table struct {
	Name    string   `json:"name"`
	Rows    int64    `json:"rows"`
	Columns []Column `json:"columns"`
	// Persons are the persons a row can describe, each counted on their own (extension; see
	// docs/rules.md, "Persons, not rows"); omitted for a table without personal information.
	Persons []Role `json:"persons,omitempty"`
	// SharedColumns are sensitive columns no person owns: their values mark every person of
	// the row sensitive (extension).
	SharedColumns []string `json:"shared_columns,omitempty"`
}

// Role is one person a row of a table can describe, and how they were counted (extension).
type Role struct {
	// Role is the role the headers name (receiver, guardian, …), or "person" ("person 2", …).
	Role string `json:"role"`
	// Columns are the columns that describe this person.
	Columns []string `json:"columns"`
	// KeyColumns identify them (identifiers, or name and address); empty when each row that
	// describes them counts as one person.
	KeyColumns []string `json:"key_columns"`
	// Rows counts the rows that described this person.
	Rows int64 `json:"rows"`
}

// Column is one column with its detected types, best first.
type Column struct {
	Name     string `json:"name"`
	Index    int    `json:"index"`
	NonEmpty int64  `json:"non_empty"`
	Types    []Type `json:"types"`
	// Extensions: sampled values already masked or hashed, and spreadsheet precision loss.
	MaskedValues  int64 `json:"masked_values,omitempty"`
	HashedValues  int64 `json:"hashed_values,omitempty"`
	PrecisionLost bool  `json:"precision_lost,omitempty"`
}

// Type is one detected type of a column.
type Type struct {
	Type       string   `json:"type"`
	Category   string   `json:"category"`
	Confidence float64  `json:"confidence"`
	Matched    int64    `json:"matched"`
	Sampled    int64    `json:"sampled"`
	Examples   []string `json:"examples"`
}

// Skipped is a path that was not scanned, with the reason.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
	// Status is SkippedNotExamined or SkippedExcluded (extension; reports written before it
	// have none: treat a missing status as not examined).
	Status string `json:"status,omitempty"`
}

// Skipped statuses. A path not examined (unsupported format, link not followed, special file)
// may hold anything, so it keeps the batch from being cleared; an excluded path was left out on
// purpose (--exclude, the policy's ignore.paths) and its reason names the rule.
const (
	SkippedNotExamined = "not_examined"
	SkippedExcluded    = "excluded"
)

// NotExaminedPaths are the entries of Skipped that were not examined (a missing status counts
// as not examined).
func (r *Report) NotExaminedPaths() []Skipped { return r.skippedWith(false) }

// ExcludedPaths are the entries of Skipped left out on purpose.
func (r *Report) ExcludedPaths() []Skipped { return r.skippedWith(true) }

func (r *Report) skippedWith(excluded bool) []Skipped {
	var out []Skipped
	for _, s := range r.Skipped {
		if (s.Status == SkippedExcluded) == excluded {
			out = append(out, s)
		}
	}
	return out
}

// Archive is an archive file the scan opened (extension): its digest and how many members it
// held; each member is a file of the report.
type Archive struct {
	Path      string `json:"path"`
	SHA256    string `json:"sha256"`
	SizeBytes int64  `json:"size_bytes"`
	Members   int64  `json:"members"`
}

// Declaration records a user-declared exemption that applied to files of this run (extension).
type Declaration struct {
	Paths         []string `json:"paths"`
	Rule          string   `json:"rule"`
	Justification string   `json:"justification"`
}
