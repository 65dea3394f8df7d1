package report

import (
	"errors"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		name, pattern, path string
		want                bool
	}{
		{"star matches within a segment", "*.csv", "a.csv", true},
		{"star does not cross a slash", "*.csv", "hr/a.csv", false},
		{"double star matches any depth", "**/*.csv", "hr/2026/a.csv", true},
		{"double star matches zero segments", "**/*.csv", "a.csv", true},
		{"double star in the middle", "hr/**/staff.csv", "hr/staff.csv", true},
		{"double star in the middle, deeper", "hr/**/staff.csv", "hr/a/b/staff.csv", true},
		{"trailing double star matches everything below", "hr/**", "hr/a/b.csv", true},
		{"trailing double star needs the prefix", "hr/**", "sales/a.csv", false},
		{"question mark is one character", "a?.csv", "ab.csv", true},
		{"question mark is exactly one", "a?.csv", "abc.csv", false},
		{"question mark matches a Chinese character", "员?.csv", "员工.csv", true},
		{"class", "[ab].csv", "b.csv", true},
		{"negated class", "[!ab].csv", "b.csv", false},
		{"range", "file[0-9].csv", "file7.csv", true},
		{"escaped star is literal", `a\*.csv`, "a*.csv", true},
		{"escaped star does not glob", `a\*.csv`, "ab.csv", false},
		{"leading dot slash ignored in path", "hr/*.csv", "./hr/a.csv", true},
		{"backslashes in the path are separators", "hr/*.csv", `hr\a.csv`, true},
		{"exact name", "orders.csv", "orders.csv", true},
		{"star backtracks", "*-export-*.csv", "a-export-b-export-c.csv", true},
		{"suffix mismatch", "*.csv", "a.csv.gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := CompileGlob(tt.pattern)
			if err != nil {
				t.Fatalf("CompileGlob(%q): %v", tt.pattern, err)
			}
			if got := g.Match(tt.path); got != tt.want {
				t.Errorf("%q.Match(%q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
			}
		})
	}
}

func TestGlobMatchName(t *testing.T) {
	g, err := CompileGlob("金额/*")
	if err != nil {
		t.Fatal(err)
	}
	if !g.MatchName("金额/元") {
		t.Error("a slash in a column name must be an ordinary character")
	}
	g, _ = CompileGlob("*_internal")
	if !g.MatchName("cost/unit_internal") {
		t.Error("star must cross a slash in a column name")
	}
}

func TestCompileGlobRejects(t *testing.T) {
	for _, p := range []string{"", "a[b", `a\`, "a**b/c", "x/**.csv"} {
		if _, err := CompileGlob(p); !errors.Is(err, errBadGlob) {
			t.Errorf("CompileGlob(%q) = %v, want a bad glob error", p, err)
		}
	}
}
