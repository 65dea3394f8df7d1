package detect

import "testing"

// valueCase is one row of a free-text detector's table: a value, whether Match accepts it and
// whether MatchHinted (the header-hinted check) accepts it.
type valueCase struct {
	name          string
	v             string
	match, hinted bool
}

// runValueCases checks Match, and MatchHinted when d implements it, against a table. A
// detector's hinted check must accept everything Match accepts.
func runValueCases(t *testing.T, d Detector, cases []valueCase) {
	t.Helper()
	hm, _ := d.(HintedMatcher)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := d.Match([]byte(c.v)); got != c.match {
				t.Errorf("%s.Match(%q) = %v, want %v", d.ID(), c.v, got, c.match)
			}
			if hm == nil {
				return
			}
			if got := hm.MatchHinted([]byte(c.v)); got != c.hinted {
				t.Errorf("%s.MatchHinted(%q) = %v, want %v", d.ID(), c.v, got, c.hinted)
			}
			if c.match && !c.hinted {
				t.Errorf("bad case: MatchHinted must accept what Match accepts")
			}
		})
	}
}

func TestWordListsLoaded(t *testing.T) {
	tests := []struct {
		name string
		n    int
		min  int
	}{
		{"surnames", len(surnameWeight), 1000},
		{"English given names", len(enGivenNames), 300},
		{"places", len(cnPlaces), 1000},
		{"ethnic groups (Chinese)", len(ethnicCN), 56},
		{"ethnic groups (English)", len(ethnicEN), 56},
		{"diagnoses (Chinese)", len(diagnosisCN), 150},
		{"diagnoses (English)", len(diagnosisEN), 60},
	}
	for _, tt := range tests {
		if tt.n < tt.min {
			t.Errorf("%s: %d entries, want ≥ %d", tt.name, tt.n, tt.min)
		}
	}
	for _, s := range []string{"王", "欧阳", "诸葛", "司马"} {
		if _, ok := surnameWeight[s]; !ok {
			t.Errorf("surname %s missing", s)
		}
	}
}

func TestRegisteredFreeTextDetectors(t *testing.T) {
	reg := Builtin()
	for _, id := range []string{"person_name", "postal_address", "gender", "ethnicity", "religion", "health", "genetic",
		"criminal_record", "financial_record", "biometric", "credential"} {
		d, ok := reg.Get(id)
		if !ok {
			t.Errorf("%s not registered", id)
			continue
		}
		if d.Describe() == "" || len(d.Hints().Words) == 0 {
			t.Errorf("%s: empty description or header hints", id)
		}
	}
}
