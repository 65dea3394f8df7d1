package detect

import (
	"slices"
	"testing"
)

func TestIPAddressMatch(t *testing.T) {
	checkMatch(t, IPAddress{}, []matchCase{
		{"public v4", "8.8.8.8", true},
		{"private v4", "192.168.1.10", true},
		{"loopback v4", "127.0.0.1", true},
		{"zero octets", "10.0.0.0", true},
		{"max octets", "255.255.255.255", true},
		{"v6 full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", true},
		{"v6 compressed", "2001:db8::1", true},
		{"v6 loopback", "::1", true},
		{"v4-mapped v6", "::ffff:192.0.2.1", true},
		{"octet 256", "192.168.1.256", false},
		{"leading zero", "192.168.01.1", false},
		{"three parts", "192.168.1", false},
		{"five parts", "1.2.3.4.5", false},
		{"trailing dot", "1.2.3.4.", false},
		{"price", "12.50", false},
		{"v6 unspecified", "::", false},
		{"MAC", "00:1A:2B:3C:4D:5E", false},
		{"time", "12:30:45", false},
		{"v6 bad hex", "2001:db8::g", false},
		{"empty", "", false},
	})
}

func TestIPAddressVersionHeaderExcluded(t *testing.T) {
	h := IPAddress{}.Hints()
	if !slices.Contains(h.Exclude, "version") || !slices.Contains(h.Exclude, "版本") {
		t.Errorf("a version header must veto ip_address, Exclude = %v", h.Exclude)
	}
}

func BenchmarkIPAddressMatch(b *testing.B) {
	v := []byte("192.168.100.254")
	for b.Loop() {
		IPAddress{}.Match(v)
	}
}
