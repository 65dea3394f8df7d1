package report

import (
	"testing"

	"github.com/xborder/xborder/scanner"
)

// TestDecideVolume: the ledger's year view uses the same boundaries as the file verdicts.
func TestDecideVolume(t *testing.T) {
	tests := []struct {
		name  string
		n, s  int64
		label string
		rule  string
	}{
		{"art5.4: 99,999 persons, none sensitive", 99999, 0, LabelFree, RuleArt54},
		{"art8: exactly 100,000 persons", 100000, 0, LabelContract, RuleArt8},
		{"art8: one sensitive person", 10, 1, LabelContract, RuleArt8},
		{"art7.2: exactly 10,000 sensitive persons", 20000, 10000, LabelAssessment, RuleArt72},
		{"art7.2: exactly 1,000,000 persons", 1000000, 0, LabelAssessment, RuleArt72},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := DecideVolume(Counts{N: tc.n, S: tc.s, NEstimate: tc.n, SEstimate: tc.s, Method: scanner.MethodExact}, nil, " recorded in 2026")
			if v.Label != tc.label || len(v.Reasons) == 0 || v.Reasons[0].Rule != tc.rule {
				t.Fatalf("got %s %+v, want %s %s", v.Label, v.Reasons, tc.label, tc.rule)
			}
		})
	}
}
