package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xborder/xborder/report/reporttest"
)

func TestJSONGoldenMatchesSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(goldenDir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	reporttest.ValidateJSON(t, data)
}

func TestJSONRoundTripsTheReport(t *testing.T) {
	data := render(t, "json", WriterOptions{}, goldenReport())
	reporttest.ValidateJSON(t, data)
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	want := normalized(goldenReport())
	if !reflect.DeepEqual(&back, want) {
		t.Errorf("decoded report differs from the one written:\n got %+v\nwant %+v", back, *want)
	}
}

func TestJSONLayout(t *testing.T) {
	data := render(t, "json", WriterOptions{}, goldenReport())
	if !bytes.HasPrefix(data, []byte("{\n  \"schema_version\": 1,\n")) {
		t.Errorf("not two-space indented or schema_version not first: %q", data[:40])
	}
	if !bytes.HasSuffix(data, []byte("}\n")) || bytes.HasSuffix(data, []byte("\n\n")) {
		t.Errorf("output must end with exactly one newline")
	}
	if bytes.Contains(data, []byte("<script>")) {
		t.Errorf("HTML escaping is on by design: <script> must appear as \\u003cscript\\u003e")
	}
}

func TestJSONWritesEmptyListsNotNull(t *testing.T) {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "xborder", Version: "dev"},
		Summary:       Summary{Verdict: Verdict{Label: LabelFree}},
		Files: []File{{Path: "a.csv", Format: "csv", IndividualsMethod: "rows",
			Verdict: Verdict{Label: LabelFree},
			Tables:  []Table{{Columns: []Column{{Name: "x", Types: []Type{{Type: "email", Category: "personal"}}}, {Name: "y"}}}}}},
		Declarations: []Declaration{{Rule: RuleArt4, Justification: "re-export"}},
	}
	data := render(t, "json", WriterOptions{}, r)
	reporttest.ValidateJSON(t, data)
	if bytes.Contains(data, []byte("null")) {
		t.Errorf("output holds null where an empty list belongs:\n%s", data)
	}
	for _, want := range []string{`"roots": []`, `"skipped": []`, `"reasons": []`, `"review": []`, `"types": []`, `"examples": []`, `"paths": []`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestSchemaRejectsBrokenReports(t *testing.T) {
	valid := render(t, "json", WriterOptions{}, goldenReport())
	for _, tc := range []struct {
		name   string
		mutate func(m map[string]any)
	}{
		{"missing schema_version", func(m map[string]any) { delete(m, "schema_version") }},
		{"schema_version 2", func(m map[string]any) { m["schema_version"] = 2 }},
		{"unknown label", func(m map[string]any) {
			m["summary"].(map[string]any)["verdict"].(map[string]any)["label"] = "maybe"
		}},
		{"null types", func(m map[string]any) {
			f := m["files"].([]any)[0].(map[string]any)
			f["tables"].([]any)[0].(map[string]any)["columns"].([]any)[0].(map[string]any)["types"] = nil
		}},
		{"four examples", func(m map[string]any) {
			f := m["files"].([]any)[0].(map[string]any)
			col := f["tables"].([]any)[0].(map[string]any)["columns"].([]any)[1].(map[string]any)
			col["types"].([]any)[0].(map[string]any)["examples"] = []any{"a", "b", "c", "d"}
		}},
		{"negative individuals", func(m map[string]any) { m["summary"].(map[string]any)["individuals"] = -1 }},
		{"unknown rule", func(m map[string]any) {
			m["summary"].(map[string]any)["verdict"].(map[string]any)["reasons"] = []any{map[string]any{"rule": "art99", "detail": ""}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(valid, &m); err != nil {
				t.Fatal(err)
			}
			tc.mutate(m)
			data, _ := json.Marshal(m)
			if err := reporttest.Validate(data); err == nil {
				t.Errorf("schema accepted a report with %s", tc.name)
			} else if strings.Contains(err.Error(), "compile") {
				t.Errorf("schema did not compile: %v", err)
			}
		})
	}
}
