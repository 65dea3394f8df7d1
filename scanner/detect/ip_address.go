package detect

import "net/netip"

// IPAddress recognises IPv4 dotted quads and IPv6 addresses. Private and loopback addresses
// match as well: in a log export they still tie a row to a device and a person. Version strings
// such as 1.2.3.4 look like addresses, so "version" headers veto the type (Hints.Exclude).
type IPAddress struct{}

var _ Detector = IPAddress{}

func init() { register(IPAddress{}) }

// validIPv4 checks a dotted quad of 0–255 without leading zeros.
func validIPv4(b []byte) bool {
	parts, n, digits := 0, 0, 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		c := b[i]
		if !isDigit(c) || digits == 3 || (digits == 1 && n == 0) {
			return false
		}
		n = n*10 + int(c-'0')
		digits++
	}
	return parts == 4
}

// validIPv6 pre-screens the characters, then lets net/netip parse (only values with two colons
// get this far, so the string conversion is rare).
func validIPv6(b []byte) bool {
	colons := 0
	for _, c := range b {
		switch {
		case c == ':':
			colons++
		case isHex(c), c == '.':
		default:
			return false
		}
	}
	if colons < 2 {
		return false
	}
	a, err := netip.ParseAddr(string(b))
	return err == nil && a.Is6() && !a.IsUnspecified()
}

// ID implements Detector.
func (IPAddress) ID() string { return "ip_address" }

// Category implements Detector.
func (IPAddress) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (IPAddress) Describe() string {
	return "IP address: IPv4 dotted quad 0-255 without leading zeros, or IPv6 (not ::); private and loopback included; a version header vetoes"
}

// Match implements Detector.
func (IPAddress) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, false, 45)
	if !ok || len(b) < 2 {
		return false
	}
	if len(b) <= 15 && validIPv4(b) {
		return true
	}
	return validIPv6(b)
}

// Hints implements Detector.
func (IPAddress) Hints() Hints {
	return Hints{
		Words:   []string{"ip地址", "ipaddr", "ipaddress", "ip", "ipv4", "ipv6", "clientip", "loginip", "remoteaddr", "srcip", "dstip", "来源ip", "登录ip"},
		Exclude: []string{"version", "版本", "release", "zip", "ship", "recipient", "description", "tip"},
	}
}

// MayMatch implements Prefilter: a dotted quad (dots, at least 4 digits) or an IPv6 address (colons).
func (IPAddress) MayMatch(s Shape) bool { return (s.Has('.') && s.Digits >= 4) || s.Has(':') }

var _ Prefilter = IPAddress{}
