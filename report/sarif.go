package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

func init() {
	registerWriter(WriterFormat{Name: "sarif", Ext: ".sarif", New: func(WriterOptions) Writer { return SARIF{} }})
}

// SARIF writes the report as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange
// Format), the format CI systems read for code-scanning alerts. There is one result per file
// that is not free (contract, assessment or error), one per path not examined, and one for the
// batch when the batch is not free (a batch of free files can still need a contract once its
// persons are added up). Rule ids are "<label>/<rule>" ("contract/art8", "assessment/art7.2",
// "error/unread", "error/not-examined"). Locations are artifact URIs relative to the root the
// file was found under (uriBaseId ROOT; an archive member points at its archive). Every file
// read is listed in run.artifacts with its label. No cell value is written, not even a masked
// example: only type ids, counts and the reasons. Text from input (paths, errors) goes through
// safeText, since CI systems show it in their own pages and logs.
type SARIF struct{}

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	sarifBaseID  = "ROOT"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	Artifacts          []sarifArtifact                  `json:"artifacts"`
	Results            []sarifResult                    `json:"results"`
	Invocations        []sarifInvocation                `json:"invocations"`
	Properties         map[string]any                   `json:"properties"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	ShortDescription     sarifMessage      `json:"shortDescription"`
	DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
	Properties           map[string]any    `json:"properties"`
}

type sarifRuleDefaults struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Index       *int          `json:"index,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

type sarifArtifact struct {
	Location   sarifArtifactLocation `json:"location"`
	Length     int64                 `json:"length"`
	Roles      []string              `json:"roles"`
	Hashes     map[string]string     `json:"hashes,omitempty"`
	Properties map[string]any        `json:"properties"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool   `json:"executionSuccessful"`
	EndTimeUTC          string `json:"endTimeUtc"`
}

// Write implements Writer.
func (SARIF) Write(w io.Writer, r *Report) error {
	b := &sarifBuilder{rules: []sarifRule{}, ruleIndex: map[string]int{}}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: r.Tool.Name, Version: r.Tool.Version}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{sarifBaseID: {Description: &sarifMessage{
			Text: "the folder or file argument each path was found under (one of properties.roots)"}}},
		Artifacts:   b.artifacts(r.Files),
		Results:     b.results(r),
		Invocations: []sarifInvocation{{ExecutionSuccessful: !r.Incomplete, EndTimeUTC: r.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")}},
		Properties:  sarifRunProperties(r),
	}
	run.Tool.Driver.Rules = b.rules
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifBuilder collects the rules in the order results first use them, and the index of each
// file's artifact.
type sarifBuilder struct {
	rules     []sarifRule
	ruleIndex map[string]int
	artifact  map[string]int
}

func (b *sarifBuilder) artifacts(files []File) []sarifArtifact {
	b.artifact = map[string]int{}
	out := make([]sarifArtifact, 0, len(files))
	for _, f := range files {
		a := sarifArtifact{
			Location: sarifFileLocation(f),
			Length:   f.SizeBytes,
			Roles:    []string{"analysisTarget"},
			Properties: map[string]any{
				"path": safeText(f.Path), "format": f.Format, "label": f.Verdict.Label, "rule": decisiveRule(f.Verdict),
			},
		}
		if f.SHA256 != "" {
			a.Hashes = map[string]string{"sha-256": f.SHA256}
		}
		if f.Container != "" {
			a.Properties["container"] = safeText(f.Container)
		}
		b.artifact[f.Path] = len(out)
		out = append(out, a)
	}
	return out
}

func (b *sarifBuilder) results(r *Report) []sarifResult {
	out := []sarifResult{}
	if v := r.Summary.Verdict; v.Label != LabelFree && v.Label != "" {
		res := b.result(v, "incomplete", "batch: "+strings.ToUpper(v.Label), nil)
		res.Properties["scope"] = "batch"
		res.Properties["individuals"] = r.Summary.Individuals
		res.Properties["sensitive_individuals"] = r.Summary.SensitiveIndividuals
		out = append(out, res)
	}
	for _, f := range r.Files {
		if f.Verdict.Label == LabelFree {
			continue
		}
		loc := sarifFileLocation(f)
		idx := b.artifact[f.Path]
		loc.Index = &idx
		res := b.result(f.Verdict, "unread", safeText(f.Path)+": "+f.Verdict.Label, []sarifLocation{{sarifPhysicalLocation{loc}}})
		res.Properties["scope"] = "file"
		res.Properties["path"] = safeText(f.Path)
		res.Properties["individuals"] = f.Individuals
		res.Properties["sensitive_individuals"] = f.SensitiveIndividuals
		res.Properties["individuals_method"] = f.IndividualsMethod
		res.Properties["types"] = orEmpty(piTypes(f))
		if f.Error != "" {
			res.Message.Text += " (" + safeText(f.Error) + ")"
		}
		out = append(out, res)
	}
	for _, s := range r.NotExaminedPaths() {
		loc := sarifArtifactLocation{URI: sarifURI(s.Path)}
		if !sarifAbsolute(s.Path) {
			loc.URIBaseID = sarifBaseID
		}
		v := Verdict{Label: LabelError, Reasons: []Reason{{Rule: "not-examined", Detail: s.Reason}}}
		res := b.result(v, "", safeText(s.Path)+": not examined", []sarifLocation{{sarifPhysicalLocation{loc}}})
		res.Properties["scope"] = "path"
		res.Properties["path"] = safeText(s.Path)
		out = append(out, res)
	}
	return out
}

// result makes the result of a verdict: its rule is the decisive reason's (unread when that is
// the plain error rule), its message the subject followed by every reason and review note.
func (b *sarifBuilder) result(v Verdict, unread, subject string, locs []sarifLocation) sarifResult {
	id := sarifRuleID(v, unread)
	var msg []string
	for _, rs := range v.Reasons {
		msg = append(msg, safeText(rs.Rule)+": "+safeText(rs.Detail))
	}
	for _, n := range v.Review {
		msg = append(msg, "review: "+safeText(n))
	}
	return sarifResult{
		RuleID:     id,
		RuleIndex:  b.rule(id, v.Label),
		Level:      sarifLevel(v.Label),
		Message:    sarifMessage{Text: subject + " (" + id + "): " + strings.Join(msg, "; ")},
		Locations:  locs,
		Properties: map[string]any{"label": v.Label},
	}
}

// rule returns the index of a rule id in the driver's rules, adding it on first use.
func (b *sarifBuilder) rule(id, label string) int {
	if i, ok := b.ruleIndex[id]; ok {
		return i
	}
	_, rule, _ := strings.Cut(id, "/")
	b.ruleIndex[id] = len(b.rules)
	b.rules = append(b.rules, sarifRule{
		ID:                   id,
		ShortDescription:     sarifMessage{Text: sarifLabelText(label) + ": " + sarifRuleText(rule)},
		DefaultConfiguration: sarifRuleDefaults{Level: sarifLevel(label)},
		Properties:           map[string]any{"label": label, "rule": rule},
	})
	return b.ruleIndex[id]
}

// sarifRuleID is "<label>/<decisive rule>"; an error decided by the plain error rule is
// "error/<unread>" ("error/unread" for a file, "error/incomplete" for the batch).
func sarifRuleID(v Verdict, unread string) string {
	rule := decisiveRule(v)
	if (rule == "" || rule == RuleError) && unread != "" {
		rule = unread
	}
	return v.Label + "/" + rule
}

// sarifLevel maps a label to a SARIF level: an approval the law requires is a warning, an
// assessment or something not read an error.
func sarifLevel(label string) string {
	if label == LabelContract {
		return "warning"
	}
	if label == LabelFree {
		return "note"
	}
	return "error"
}

// sarifRuleTexts describe the rule ids a result can carry (docs/rules.md has the full text).
var sarifRuleTexts = map[string]string{
	RuleImportantData: "important data (Art. 7(1) of the Provisions)",
	RuleArt4:          "Art. 4: data collected abroad and processed in China",
	RuleArt6:          "Art. 6: a free-trade-zone negative list",
	RuleArt71:         "Art. 7(1): critical information infrastructure operator",
	RuleArt72:         "Art. 7(2): at least 1,000,000 persons, or 10,000 with sensitive personal information",
	RuleArt8:          "Art. 8: 100,000 to 999,999 persons, or fewer than 10,000 with sensitive personal information",
	RuleFTZList:       "an item of a free-trade-zone negative list",
	RuleGBA:           "the Greater Bay Area standard contract",
	"unread":          "the file could not be read: the run never calls unread data free",
	"incomplete":      "something found was not read or not examined: the batch is never called free",
	"not-examined":    "a path found was not examined (unsupported format, link not followed, special file)",
}

func sarifLabelText(label string) string {
	switch label {
	case LabelAssessment:
		return "CAC security assessment required"
	case LabelContract:
		return "standard contract or certification required"
	case LabelError:
		return "never free"
	}
	return label
}

func sarifRuleText(rule string) string {
	if t, ok := sarifRuleTexts[rule]; ok {
		return t
	}
	return "rule " + rule + " (docs/rules.md)"
}

// sarifFileLocation is where a file of the report is: an archive member is located at its
// archive, the file on disk.
func sarifFileLocation(f File) sarifArtifactLocation {
	p := f.Path
	if f.Container != "" {
		p = f.Container
	}
	loc := sarifArtifactLocation{URI: sarifURI(p)}
	if !sarifAbsolute(p) {
		loc.URIBaseID = sarifBaseID
	}
	return loc
}

func sarifAbsolute(p string) bool {
	return strings.HasPrefix(filepath.ToSlash(p), "/") || filepath.IsAbs(p) || strings.Contains(p, "://")
}

// sarifURI turns a path as reported into a URI reference: slashes as separators, every byte
// outside the unreserved characters percent-encoded (an invalid UTF-8 byte or a newline in a
// name stays unambiguous), an absolute path as a file: URI, an object URL with its scheme.
func sarifURI(p string) string {
	if scheme, rest, ok := strings.Cut(p, "://"); ok {
		return scheme + "://" + sarifEscape(rest, false)
	}
	p = filepath.ToSlash(p)
	drive := filepath.VolumeName(p) != ""
	switch {
	case strings.HasPrefix(p, "/"):
		return "file://" + sarifEscape(p, false)
	case drive:
		return "file:///" + sarifEscape(p, true)
	}
	return sarifEscape(p, false)
}

// sarifEscape percent-encodes every byte of p but the unreserved characters and '/', and the
// colon of a drive letter when drive is set.
func sarifEscape(p string, drive bool) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' && drive && i == 1 ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// sarifRunProperties carries the batch figures a CI gate may want beside the results.
func sarifRunProperties(r *Report) map[string]any {
	s := r.Summary
	return map[string]any{
		"schema_version": r.SchemaVersion,
		"roots":          sarifTexts(r.Roots),
		"policy_sha256":  r.Policy.SHA256,
		"summary": map[string]any{
			"label": s.Verdict.Label, "rule": decisiveRule(s.Verdict),
			"files": s.Files, "free": s.Free, "contract": s.Contract, "assessment": s.Assessment, "error": s.Error,
			"not_examined": s.NotExamined, "excluded": s.Excluded,
			"individuals": s.Individuals, "sensitive_individuals": s.SensitiveIndividuals,
		},
	}
}

func sarifTexts(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = safeText(v)
	}
	return out
}
