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
			checkPrefilter(t, d, c.v)
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

func TestFreeTextDetectorsDoNotAllocate(t *testing.T) {
	values := [][]byte{[]byte("王伟"), []byte("欧阳娜娜"), []byte("Zhang Wei"), []byte("John Smith"),
		[]byte("北京市朝阳区建国路88号２号楼"), []byte("1600 Pennsylvania Ave NW"), []byte("男"), []byte("汉族"),
		[]byte("佛教"), []byte("2型糖尿病，口服二甲双胍"), []byte("ACGTTGCAACGTAGCTAGCTAGGCT"), []byte("rs429358"),
		[]byte("¥8,000"), []byte("blob:812:Rk1SACAyMAAAAAAA"), []byte("$2b$12$KIXQJ8FzvZ1pQ5cK4wXqUeJ7oVn0f8p8dM9xX7YHjG1QdKqkC6mWq")}
	dets := []Detector{PersonName{}, PostalAddress{}, Gender{}, Ethnicity{}, Religion{}, Health{}, Genetic{},
		CriminalRecord{}, FinancialRecord{}, Biometric{}, Credential{}}
	for _, d := range dets {
		hm, _ := d.(HintedMatcher)
		allocs := testing.AllocsPerRun(20, func() {
			for _, v := range values {
				d.Match(v)
				if hm != nil {
					hm.MatchHinted(v)
				}
			}
		})
		if allocs != 0 {
			t.Errorf("%s allocates %.1f times per run of %d values", d.ID(), allocs, len(values))
		}
	}
}
