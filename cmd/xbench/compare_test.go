package main

import (
	"slices"
	"testing"
	"time"
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

func TestPairedRatiosPairRepByRep(t *testing.T) {
	ms := func(walls ...time.Duration) []measurement {
		var m []measurement
		for _, w := range walls {
			m = append(m, measurement{wall: w * time.Millisecond})
		}
		return m
	}
	// The machine slows down in rep 2: both walls double, the paired ratio stays 2.
	base, cmd := ms(200, 400, 210), ms(100, 200, 100)
	got := pairedRatios(base, cmd)
	if got.med != 2 || got.lo != 2 || got.hi != 2.1 {
		t.Errorf("pairedRatios = %+v, want median 2, range 2–2.1", got)
	}
	if s := got.String(); s != "2.00 (2.00–2.10)" {
		t.Errorf("String = %q", s)
	}
	if s := pairedRatios(ms(300), ms(100)).String(); s != "3.00" {
		t.Errorf("one rep: %q, want 3.00", s)
	}
	if s := pairedRatios(nil, nil).String(); s != "—" {
		t.Errorf("not measured: %q, want —", s)
	}
}
