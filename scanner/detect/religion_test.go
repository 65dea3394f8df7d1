package detect

import "testing"

func TestReligion(t *testing.T) {
	runValueCases(t, Religion{}, []valueCase{
		{"佛教", "佛教", true, true},
		{"伊斯兰教", "伊斯兰教", true, true},
		{"no religious belief", "无宗教信仰", true, true},
		{"English", "Catholic", true, true},
		{"English lower", "muslim", true, true},
		{"无 only with header", "无", false, true},
		{"none only with header", "None", false, true},
		{"unrelated word", "教育", false, false},
		{"name", "Christian Smith", false, false},
	})
}
