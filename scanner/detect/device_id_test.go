package detect

import "testing"

var deviceCases = []matchCase{
	{"IMEI", genCard("35209900176148"), true},
	{"IMEI 86 prefix", genCard("86123456789012"), true},
	{"MAC colons", "00:1A:2B:3C:4D:5E", true},
	{"MAC hyphens lower", "00-1a-2b-3c-4d-5e", true},
	{"IMEI wrong Luhn", "352099001761482", genCard("35209900176148") == "352099001761482"},
	{"MAC all zero", "00:00:00:00:00:00", false},
	{"MAC broadcast", "FF:FF:FF:FF:FF:FF", false},
	{"MAC mixed separators", "00:1A-2B:3C:4D:5E", false},
	{"MAC bad hex", "00:1G:2B:3C:4D:5E", false},
	{"legacy ID 15 digits passing no Luhn", "110105900307123", luhn([]byte("110105900307123"))},
	{"all same 15", "000000000000000", false},
	{"sha256 hex", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", false},
	{"empty", "", false},
}

func TestDeviceIDMatch(t *testing.T) {
	checkMatch(t, DeviceID{}, append(deviceCases,
		matchCase{"UUID needs header", "123e4567-e89b-12d3-a456-426614174000", false},
	))
}

func TestDeviceIDMatchHinted(t *testing.T) {
	checkHinted(t, DeviceID{}, append(deviceCases,
		matchCase{"IDFA", "6D92078A-8246-4BA4-AE5B-76104861E7DC", true},
		matchCase{"GAID 32 hex", "38400000e89b12d3a456426614174000", true},
		matchCase{"limited ad tracking zeros", "00000000-0000-0000-0000-000000000000", false},
		matchCase{"UUID bad hyphens", "123e4567e-89b-12d3-a456-426614174000", false},
	))
	checkNormalize(t, DeviceID{}, map[string]string{
		"00-1A-2B-3C-4D-5E":                    "00:1a:2b:3c:4d:5e",
		"6D92078A82464BA4AE5B76104861E7DC":     "6d92078a-8246-4ba4-ae5b-76104861e7dc",
		genCard("35209900176148"):              genCard("35209900176148"),
		"00000000-0000-0000-0000-000000000000": "",
	})
}

func BenchmarkDeviceIDMatch(b *testing.B) {
	v := []byte("00:1A:2B:3C:4D:5E")
	for b.Loop() {
		DeviceID{}.Match(v)
	}
}
