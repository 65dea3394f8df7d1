package detect

import "testing"

func TestHealth(t *testing.T) {
	runValueCases(t, Health{}, []valueCase{
		{"diagnosis word", "高血压", true, true},
		{"diagnosis inside text", "2型糖尿病，口服二甲双胍", true, true},
		{"hepatitis B", "慢性乙型肝炎", true, true},
		{"English word", "Type 2 Diabetes", true, true},
		{"English HIV", "HIV positive", true, true},
		{"ICD code only with header", "I10", false, true},
		{"ICD code with decimals only with header", "E11.65", false, true},
		{"ICD code with dotless subcode only with header", "J459", false, true},
		{"U codes rejected", "U07.1", false, false},
		{"SKU shape", "A12-BLK", false, false},
		{"blood-pressure monitor is not a diagnosis", "欧姆龙血压计", false, false},
		{"plain text", "物流很快", false, false},
		{"English substring is not a word", "Cancellation", false, false},
	})
}
