package detect

import "testing"

func TestEthnicity(t *testing.T) {
	runValueCases(t, Ethnicity{}, []valueCase{
		{"汉族", "汉族", true, true},
		{"维吾尔族", "维吾尔族", true, true},
		{"multi-rune name without 族", "维吾尔", true, true},
		{"蒙古族", "蒙古族", true, true},
		{"single rune only with header", "汉", false, true},
		{"其他 only with header", "其他", false, true},
		{"English only with header", "Zhuang", false, true},
		{"unknown group with 族", "上班族", false, false},
		{"colour", "白色", false, false},
		{"empty-ish", "族", false, false},
	})
}
