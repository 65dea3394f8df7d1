package detect

import "testing"

func TestCriminalRecord(t *testing.T) {
	if !(CriminalRecord{}).Hints().Required {
		t.Fatal("criminal_record must be header-driven")
	}
	runValueCases(t, CriminalRecord{}, []valueCase{
		{"record text", "2015年因盗窃罪被判处有期徒刑一年", true, true},
		{"yes", "有", true, true},
		{"English", "theft conviction 2012", true, true},
		{"无", "无", false, false},
		{"none", "None", false, false},
		{"否", "否", false, false},
		{"no record", "无犯罪记录", false, false},
	})
}
