package main

import (
	"slices"
	"testing"
)

func TestDiffReports(t *testing.T) {
	report := func(label string) map[string]any {
		return map[string]any{
			"summary": map[string]any{"files": 2.0},
			"files": []any{
				map[string]any{"path": "a.csv", "verdict": map[string]any{"label": "free"}},
				map[string]any{"path": "b.csv", "verdict": map[string]any{"label": label}},
			},
		}
	}
	if d := diffReports(report("contract"), report("contract")); len(d) != 0 {
		t.Errorf("same reports differ: %v", d)
	}
	if d := diffReports(report("contract"), report("free")); !slices.Equal(d, []string{"b.csv"}) {
		t.Errorf("diff = %v, want [b.csv]", d)
	}
	other := report("contract")
	other["summary"] = map[string]any{"files": 3.0}
	if d := diffReports(report("contract"), other); !slices.Equal(d, []string{"batch"}) {
		t.Errorf("diff = %v, want [batch]", d)
	}
}

func TestSelectInputs(t *testing.T) {
	all := func() []input {
		return []input{{name: "orders.csv"}, {name: "orders.parquet"}, {name: "orders.xlsx"}, {name: "folder/"}}
	}
	for _, tc := range []struct {
		only string
		want []string
	}{
		{"", []string{"orders.csv", "orders.parquet", "orders.xlsx", "folder/"}},
		{"csv,folder", []string{"orders.csv", "folder/"}},
		{"xlsx", []string{"orders.xlsx"}},
		{"nothing", nil},
	} {
		var got []string
		for _, in := range selectInputs(all(), tc.only) {
			got = append(got, in.name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("-only %q: %v, want %v", tc.only, got, tc.want)
		}
	}
}
