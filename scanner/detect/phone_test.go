package detect

import "testing"

func TestPhoneMatch(t *testing.T) {
	checkMatch(t, Phone{}, []matchCase{
		{"mobile", "13812345678", true},
		{"mobile 199", "19912345678", true},
		{"mobile 166", "16612345678", true},
		{"mobile +86", "+86 138 1234 5678", true},
		{"mobile 0086", "0086-13812345678", true},
		{"mobile 86 no plus", "8613812345678", true},
		{"mobile hyphens", "138-1234-5678", true},
		{"bracketed country code", "(+86) 138 1234 5678", true},
		{"mobile full width", "１３８１２３４５６７８", true},
		{"Beijing landline", "010-62751234", true},
		{"Beijing landline brackets", "(010) 6275 1234", true},
		{"Guangzhou landline", "02087654321", true},
		{"Shenzhen 0755 7 digits", "0755-2345678", true},
		{"landline with 转 extension", "010-62751234转8001", true},
		{"landline with ext", "0571-87654321 ext 12", true},
		{"landline with hyphen extension", "010-62751234-123", true},
		{"landline +86 without 0", "+86 10 6275 1234", true},
		{"US E.164", "+1 415 555 2671", true},
		{"UK E.164", "+44 20 7946 0958", true},
		{"HK E.164", "+852 2345 6789", true},
		{"154 unassigned", "15412345678", false},
		{"194 unassigned", "19412345678", false},
		{"140 IoT", "14012345678", false},
		{"10000000000", "10000000000", false},
		{"tracking number 11 digits starting 12", "12345678901", false},
		{"mobile all same tail", "13888888888", false},
		{"400 number", "400-800-1234", false},
		{"400 number bare", "4008001234", false},
		{"800 number", "800-820-8820", false},
		{"400 with +86", "+86 400 800 1234", false},
		{"95 short service", "95588", false},
		{"95 long service", "95105105", false},
		{"local number without area code", "62751234", false},
		{"landline local starts 1", "010-12345678", false},
		{"Beijing 7 digits", "010-6275123", false},
		{"13-digit timestamp", "1700000000000", false},
		{"10-digit timestamp", "1700000000", false},
		{"12-digit SF waybill", "SF1234567890", false},
		{"18-digit ID", genID("110105", 1990, 3, 7, 123), false},
		{"price", "138.00", false},
		{"unknown country code", "+999 1234567", false},
		{"plus then too few digits", "+1 555", false},
		{"letters", "138abc45678", false},
		{"empty", "", false},
	})
}

func TestPhoneNormalize(t *testing.T) {
	checkNormalize(t, Phone{}, map[string]string{
		"13812345678":       "+8613812345678",
		"+86 138-1234-5678": "+8613812345678",
		"0086 13812345678":  "+8613812345678",
		"010-62751234":      "+861062751234",
		"+86 10 62751234":   "+861062751234",
		"010-62751234转8001": "+861062751234x8001",
		"+44 20 7946 0958":  "+442079460958",
		"4008001234":        "",
	})
}

func BenchmarkPhoneMatch(b *testing.B) {
	v := []byte("13812345678")
	for b.Loop() {
		Phone{}.Match(v)
	}
}

func BenchmarkPhoneMatchFormatted(b *testing.B) {
	v := []byte("+86 138-1234-5678")
	for b.Loop() {
		Phone{}.Match(v)
	}
}
