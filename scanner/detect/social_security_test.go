package detect

import "testing"

func TestSocialSecurityMatch(t *testing.T) {
	id := genID("110105", 1990, 3, 7, 123)
	checkMatch(t, SocialSecurity{}, []matchCase{
		{"resident ID", id, true},
		{"legacy resident ID", "110105900307123", true},
		{"US SSN", "123-45-6789", true},
		{"US SSN spaces", "123 45 6789", true},
		{"US SSN bare", "123456789", true},
		{"area 000", "000-45-6789", false},
		{"area 666", "666-45-6789", false},
		{"area 9xx", "912-45-6789", false},
		{"group 00", "123-00-6789", false},
		{"serial 0000", "123-45-0000", false},
		{"mixed separators", "123-45 6789", false},
		{"ID with wrong check", id[:17] + map[bool]string{true: "0", false: "X"}[id[17] == 'X'], false},
		{"card serial", "A12345678", false},
	})
	if !(SocialSecurity{}).Hints().Required {
		t.Error("social security must be header-driven")
	}
	checkNormalize(t, SocialSecurity{}, map[string]string{"110105900307123": id, "123-45-6789": "123456789", "666-45-6789": ""})
}

func BenchmarkSocialSecurityMatch(b *testing.B) {
	v := []byte("123-45-6789")
	for b.Loop() {
		SocialSecurity{}.Match(v)
	}
}
