package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaFile is the SARIF 2.1.0 JSON schema (the OASIS schema as published at
// 2.1.0-rtm.5, the release the standard was approved from), taken from the npm package
// @microsoft/jest-sarif 1.0.0-beta.0 (MIT), which validates SARIF logs with it.
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

var sarifOfficialSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	data, err := os.ReadFile(sarifSchemaFile)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://json.schemastore.org/sarif-2.1.0-rtm.5.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

// sarifOf renders r as SARIF, validates it against the official schema and decodes it.
func sarifOf(t *testing.T, r *Report) (map[string]any, string) {
	t.Helper()
	out := render(t, "sarif", WriterOptions{}, r)
	s, err := sarifOfficialSchema()
	if err != nil {
		t.Fatalf("SARIF schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not match the SARIF 2.1.0 schema: %v\n%s", err, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m, string(out)
}

type sarifResultView struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	Properties map[string]any `json:"properties"`
}

type sarifRunView struct {
	Tool struct {
		Driver struct {
			Rules []struct {
				ID string `json:"id"`
			} `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	Artifacts []json.RawMessage `json:"artifacts"`
	Results   []sarifResultView `json:"results"`
}

func sarifRunOf(t *testing.T, r *Report) sarifRunView {
	t.Helper()
	_, out := sarifOf(t, r)
	var log struct {
		Version string         `json:"version"`
		Runs    []sarifRunView `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with one run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	for i, res := range run.Results {
		rules := run.Tool.Driver.Rules
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at rule %q", i, res.RuleIndex, res.RuleID)
		}
	}
	return run
}

func TestSARIFGoldenReport(t *testing.T) {
	r := goldenReport()
	run := sarifRunOf(t, r)
	if len(run.Artifacts) != len(r.Files) {
		t.Errorf("%d artifacts, want one per file (%d)", len(run.Artifacts), len(r.Files))
	}
	// The batch, every file that is not free (contract, assessment, error) and the path not
	// examined; the excluded path and the free files are no result.
	want := []struct{ rule, level, uri string }{
		{"assessment/art7.2", "error", ""},
		{"contract/art8", "warning", "crm/%3Cscript%3Ealert%281%29%3C/script%3E.csv"},
		{"assessment/art7.2", "error", "payments/%1B%5B31mred%0Aline.parquet"},
		{"error/unread", "error", "broken/corrupt.xlsx"},
		{"error/not-examined", "error", "notes.docx"},
	}
	if len(run.Results) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(run.Results), len(want), run.Results)
	}
	for i, w := range want {
		got := run.Results[i]
		if got.RuleID != w.rule || got.Level != w.level {
			t.Errorf("result %d: %s/%s, want %s/%s", i, got.RuleID, got.Level, w.rule, w.level)
		}
		if w.uri == "" {
			if len(got.Locations) != 0 || got.Properties["scope"] != "batch" {
				t.Errorf("result %d: the batch result has locations %+v or scope %v", i, got.Locations, got.Properties["scope"])
			}
			continue
		}
		if len(got.Locations) != 1 {
			t.Fatalf("result %d: %d locations, want 1", i, len(got.Locations))
		}
		loc := got.Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != w.uri || loc.URIBaseID != "ROOT" {
			t.Errorf("result %d: location %q (base %q), want %q relative to ROOT", i, loc.URI, loc.URIBaseID, w.uri)
		}
	}
}

// TestSARIFHasNoCellValues: not even the masked examples of the report are written.
func TestSARIFHasNoCellValues(t *testing.T) {
	r := goldenReport()
	_, out := sarifOf(t, r)
	var decoded any // decoded: the JSON may escape an example's characters
	if err := json.Unmarshal([]byte(out), &decoded); err != nil {
		t.Fatal(err)
	}
	var plain strings.Builder
	collectStrings(decoded, &plain)
	for _, f := range r.Files {
		for _, tb := range f.Tables {
			for _, c := range tb.Columns {
				for _, ty := range c.Types {
					for _, ex := range ty.Examples {
						if strings.Contains(plain.String(), ex) {
							t.Errorf("the example %q of %s is in the SARIF log", ex, c.Name)
						}
					}
				}
			}
		}
	}
}

func collectStrings(v any, b *strings.Builder) {
	switch x := v.(type) {
	case string:
		b.WriteString(x)
		b.WriteByte('\n')
	case []any:
		for _, e := range x {
			collectStrings(e, b)
		}
	case map[string]any:
		for _, e := range x {
			collectStrings(e, b)
		}
	}
}

// TestSARIFBatchOfFreeFiles: files free on their own can add up to a contract; the log must
// still carry a result, or a CI gate reading only results would pass the batch.
func TestSARIFBatchOfFreeFiles(t *testing.T) {
	r := &Report{SchemaVersion: SchemaVersion, Tool: Tool{Name: "xborder"}, GeneratedAt: ts("2026-11-23T02:00:00Z"),
		Files: []File{
			{Path: "a.csv", Format: "csv", Verdict: Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt54, Detail: "60,000 individuals"}}}},
			{Path: "b.csv", Format: "csv", Verdict: Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt54, Detail: "60,000 individuals"}}}},
		},
		Summary: Summary{Files: 2, Free: 2, Individuals: 120000,
			Verdict: Verdict{Label: LabelContract, Reasons: []Reason{{Rule: RuleArt8, Detail: "120,000 individuals over the 2 files"}}}},
	}
	run := sarifRunOf(t, r)
	if len(run.Results) != 1 || run.Results[0].RuleID != "contract/art8" || run.Results[0].Properties["scope"] != "batch" {
		t.Fatalf("results %+v, want the batch's contract/art8 alone", run.Results)
	}
	r.Summary.Verdict = Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt54}}}
	if run := sarifRunOf(t, r); len(run.Results) != 0 || len(run.Tool.Driver.Rules) != 0 {
		t.Errorf("a free batch of free files has results %+v", run.Results)
	}
}

func TestSARIFEmptyReportIsValid(t *testing.T) {
	run := sarifRunOf(t, &Report{SchemaVersion: SchemaVersion})
	if len(run.Results) != 0 || len(run.Artifacts) != 0 {
		t.Errorf("an empty report has results or artifacts: %+v", run)
	}
}

// TestSARIFLocations: hostile names, absolute paths, object URLs and archive members all make
// valid URI references (the schema check asserts format uri-reference).
func TestSARIFLocations(t *testing.T) {
	files := []File{
		{Path: "new\nline.csv", Verdict: Verdict{Label: LabelError}},
		{Path: "bad\xff名.csv", Verdict: Verdict{Label: LabelContract, Reasons: []Reason{{Rule: RuleArt8}}}},
		{Path: "/data/exports/x y.csv", Verdict: Verdict{Label: LabelAssessment, Reasons: []Reason{{Rule: RuleArt72}}}},
		{Path: "a:b.csv", Verdict: Verdict{Label: LabelError, Reasons: []Reason{{Rule: RuleError}}}},
		{Path: "in.zip!/dir/m.csv", Container: "in.zip", Verdict: Verdict{Label: LabelContract, Reasons: []Reason{{Rule: RuleFTZList}}}},
		{Path: "s3://bucket/k%1.csv", Verdict: Verdict{Label: LabelError}},
		{Path: "../up/f.csv", Verdict: Verdict{Label: LabelError}},
	}
	want := []struct{ uri, base string }{
		{"new%0Aline.csv", "ROOT"},
		{"bad%FF%E5%90%8D.csv", "ROOT"},
		{"file:///data/exports/x%20y.csv", ""},
		{"a%3Ab.csv", "ROOT"},
		{"in.zip", "ROOT"},
		{"s3://bucket/k%251.csv", ""},
		{"../up/f.csv", "ROOT"},
	}
	r := &Report{SchemaVersion: SchemaVersion, Files: files, Skipped: []Skipped{{Path: "skip\x1b.pdf", Reason: "unsupported format"}}}
	run := sarifRunOf(t, r)
	if len(run.Results) != len(files)+1 {
		t.Fatalf("%d results, want %d", len(run.Results), len(files)+1)
	}
	for i, w := range want {
		loc := run.Results[i].Locations[0].PhysicalLocation.ArtifactLocation
		if loc.URI != w.uri || loc.URIBaseID != w.base {
			t.Errorf("%q: uri %q base %q, want %q base %q", files[i].Path, loc.URI, loc.URIBaseID, w.uri, w.base)
		}
	}
	last := run.Results[len(files)]
	if !strings.Contains(last.Message.Text, `skip\x1b.pdf`) || !strings.Contains(last.Message.Text, "unsupported format") {
		t.Errorf("the not-examined result says %q", last.Message.Text)
	}
	if !strings.Contains(run.Results[1].Message.Text, `bad\xff名.csv`) {
		t.Errorf("an invalid byte is not shown escaped: %q", run.Results[1].Message.Text)
	}
}
