package detect

import "testing"

func TestFinancialRecord(t *testing.T) {
	if !(FinancialRecord{}).Hints().Required {
		t.Fatal("financial_record must be header-driven")
	}
	runValueCases(t, FinancialRecord{}, []valueCase{
		{"amount", "12500.00", true, true},
		{"thousands", "1,234,567.89", true, true},
		{"yuan sign", "¥8,000", true, true},
		{"yuan suffix", "8000元", true, true},
		{"ten-thousands", "30万", true, true},
		{"negative", "-325.50", true, true},
		{"credit score", "712", true, true},
		{"credit status", "逾期", true, true},
		{"rating", "AAA", true, true},
		{"text", "请尽快发货", false, false},
		{"two dots", "1.2.3", false, false},
		{"date", "2024-01-01", false, false},
	})
}
