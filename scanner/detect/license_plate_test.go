package detect

import "testing"

func TestLicensePlateMatch(t *testing.T) {
	checkMatch(t, LicensePlate{}, []matchCase{
		{"Beijing", "京A12345", true},
		{"Guangdong letters", "粤B8K9Z2", true},
		{"lower case", "沪a1234b", true},
		{"middle dot", "京A·12345", true},
		{"space", "苏E 12345", true},
		{"trailer 挂", "鲁B1234挂", true},
		{"coach 学", "浙A1234学", true},
		{"police 警", "京A1234警", true},
		{"Hong Kong 港", "粤Z1234港", true},
		{"Macau 澳", "粤Z1234澳", true},
		{"consulate 领", "沪A1234领", true},
		{"embassy 使", "使123456", true},
		{"new energy small", "京AD12345", true},
		{"new energy small F + letter", "沪ADF1234", true},
		{"new energy large", "粤B12345D", true},
		{"authority letter I", "京I12345", false},
		{"serial with O", "京A1234O", false},
		{"unknown province", "港A12345", false},
		{"too short", "京A1234", false},
		{"too long", "京A1234567", false},
		{"new energy bad letter", "京AZ12345", false},
		{"no province", "A123456", false},
		{"bad suffix", "京A1234车", false},
		{"empty", "", false},
	})
}

func BenchmarkLicensePlateMatch(b *testing.B) {
	v := []byte("京A12345")
	for b.Loop() {
		LicensePlate{}.Match(v)
	}
}
