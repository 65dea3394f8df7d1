package detect

import "testing"

var passportCases = []matchCase{
	{"e-passport E+8", "E12345678", true},
	{"E + letter + 7", "EA1234567", true},
	{"lower case", "e12345678", true},
	{"old G+8", "G12345678", true},
	{"diplomatic DE+7", "DE1234567", true},
	{"service SE+7", "SE1234567", true},
	{"official PE+7", "PE1234567", true},
	{"diplomatic D+8", "D12345678", true},
	{"official P+8", "P12345678", true},
	{"HKSAR K+8", "K12345678", true},
	{"Macau MA+7", "MA1234567", true},
	{"all zeros", "E00000000", false},
	{"SKU", "SKU-2023-001", false},
	{"uuid", "123e4567-e89b-12d3-a456-426614174000", false},
	{"empty", "", false},
}

func TestPassportMatch(t *testing.T) {
	checkMatch(t, Passport{}, append(passportCases,
		matchCase{"E + I is not PRC", "EI1234567", false},
		matchCase{"E + O is not PRC", "EO1234567", false},
		matchCase{"E+7 too short for PRC", "E1234567", false},
		matchCase{"E+9 too long for PRC", "E123456789", false},
		matchCase{"PRC 14+7 needs header", "141234567", false},
		matchCase{"foreign letter+7 needs header", "X1234567", false},
		matchCase{"US 9 digits needs header", "912345678", false},
	))
}

func TestPassportMatchHinted(t *testing.T) {
	checkHinted(t, Passport{}, append(passportCases,
		matchCase{"PRC 14+7", "141234567", true},
		matchCase{"PRC 15+7", "151234567", true},
		matchCase{"foreign letter+7", "X1234567", true},
		matchCase{"two letters + 7", "AB1234567", true},
		matchCase{"US 9 digits", "912345678", true},
		matchCase{"5 digits", "12345", false},
		matchCase{"3 letters", "ABC123456", false},
		matchCase{"10 digits", "1234567890", false},
		matchCase{"letter + 10 digits", "E1234567890", false},
		matchCase{"all same", "11111111", false},
	))
	checkNormalize(t, Passport{}, map[string]string{"e 1234 5678": "E12345678", "X1234567": "X1234567", "12": ""})
}

func BenchmarkPassportMatch(b *testing.B) {
	v := []byte("E12345678")
	for b.Loop() {
		Passport{}.Match(v)
	}
}
