package detect

// DeviceID recognises device identifiers: IMEIs (15 digits, Luhn, also written in hyphenated
// groups), MAC addresses (six hex octets separated by ':' or '-', or Cisco's aabb.ccdd.eeff,
// neither all zero nor broadcast) and, only under a device header (MatchHinted, since such
// shapes are far more often record ids or digests): advertising and vendor ids (IDFA, IDFV,
// GAID, OAID: UUID-shaped), 16-hex OAIDs and Android ids, 14-hex MEIDs and bare 12-hex MACs.
// The all-zero ids a device reports when the user limits ad tracking are nobody's and never
// match.
type DeviceID struct{}

var (
	_ Detector      = DeviceID{}
	_ Identifier    = DeviceID{}
	_ HintedMatcher = DeviceID{}
)

func init() { register(DeviceID{}) }

// deviceKind tells which shape a value has.
type deviceKind int

const (
	deviceNone deviceKind = iota
	deviceIMEI
	deviceMAC
	deviceUUID
	deviceHex // 16-hex OAID/Android id, 14-hex MEID, bare 12-hex MAC: header only
)

// parseDevice cleans v into buf and returns its shape.
func parseDevice(buf, v []byte) ([]byte, deviceKind) {
	b, ok := clean(buf, v, false, 36)
	if !ok {
		return nil, deviceNone
	}
	switch len(b) {
	case 12:
		if allHex(b) && !sameHex(b) && !(allDigits(b)) && !isBroadcastHex(b) {
			return b, deviceHex
		}
	case 14:
		if b[4] == '.' && b[9] == '.' {
			var m [17]byte
			n := 0
			for _, c := range b {
				if c == '.' {
					continue
				}
				if n > 0 && n%3 == 2 {
					m[n] = ':'
					n++
				}
				m[n] = c
				n++
			}
			if n == 17 && validMAC(m[:]) {
				return append(b[:0], m[:]...), deviceMAC
			}
			return nil, deviceNone
		}
		// MEID: 14 hex digits, the first two A0–FF (decimal-looking ones are too common).
		if allHex(b) && !sameHex(b) && b[0]|0x20 >= 'a' {
			return b, deviceHex
		}
	case 15:
		if validIMEI(b) {
			return b, deviceIMEI
		}
	case 16:
		if allHex(b) && !sameHex(b) && !allDigits(b) {
			return b, deviceHex
		}
	case 17:
		if validMAC(b) {
			return b, deviceMAC
		}
		if d := stripDigitSeparators(b); len(d) == 15 && validIMEI(d) {
			return d, deviceIMEI
		}
	case 18, 19:
		if d := stripDigitSeparators(b); len(d) == 15 && validIMEI(d) {
			return d, deviceIMEI
		}
	case 32, 36:
		if validUUID(b) {
			return b, deviceUUID
		}
	}
	return nil, deviceNone
}

func validIMEI(b []byte) bool {
	return allDigits(b) && !allSame(b) && !sequential(b[:14]) && luhn(b)
}

// stripDigitSeparators removes spaces and hyphens from b in place when everything else is a
// digit ("35-209900-176148-1"), and returns nil otherwise.
func stripDigitSeparators(b []byte) []byte {
	out := b[:0]
	for _, c := range b {
		switch {
		case isDigit(c):
			out = append(out, c)
		case c == ' ' || c == '-':
		default:
			return nil
		}
	}
	return out
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHex(c) {
			return false
		}
	}
	return len(b) > 0
}

func isBroadcastHex(b []byte) bool {
	for _, c := range b {
		if c != 'f' && c != 'F' {
			return false
		}
	}
	return true
}

// validMAC checks six hex octets with one consistent separator.
func validMAC(b []byte) bool {
	sep := b[2]
	if sep != ':' && sep != '-' {
		return false
	}
	zero, ones := true, true
	for i := 0; i < 17; i++ {
		c := b[i]
		if i%3 == 2 {
			if c != sep {
				return false
			}
			continue
		}
		if !isHex(c) {
			return false
		}
		zero = zero && c == '0'
		ones = ones && (c == 'f' || c == 'F')
	}
	return !zero && !ones
}

// validUUID checks 8-4-4-4-12 hex (or 32 hex digits), not the all-zero id that devices report
// when ad tracking is limited.
func validUUID(b []byte) bool {
	zero := true
	for i, c := range b {
		if len(b) == 36 && (i == 8 || i == 13 || i == 18 || i == 23) {
			if c != '-' {
				return false
			}
			continue
		}
		if !isHex(c) {
			return false
		}
		zero = zero && c == '0'
	}
	return !zero
}

// ID implements Detector.
func (DeviceID) ID() string { return "device_id" }

// Category implements Detector.
func (DeviceID) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (DeviceID) Describe() string {
	return "device id: IMEI (15 digits, Luhn), MAC (6 hex octets with : or - or aabb.ccdd.eeff, not all-zero/broadcast); with a device header also IDFA/IDFV/GAID/OAID UUIDs, 16-hex OAID/Android id, 14-hex MEID, bare 12-hex MAC; all-zero (limit-ad-tracking) ids never"
}

// Match implements Detector.
func (DeviceID) Match(v []byte) bool {
	var buf [normBufSize]byte
	_, k := parseDevice(buf[:], v)
	return k == deviceIMEI || k == deviceMAC
}

// MatchHinted implements HintedMatcher.
func (DeviceID) MatchHinted(v []byte) bool {
	var buf [normBufSize]byte
	_, k := parseDevice(buf[:], v)
	return k != deviceNone
}

// Hints implements Detector.
func (DeviceID) Hints() Hints {
	return Hints{Words: []string{"设备", "imei", "macaddr", "macaddress", "mac地址", "idfa", "gaid", "oaid", "androidid", "deviceid", "udid", "adid", "advertisingid", "终端",
		"idfv", "meid", "ssaid", "macaddr", "mac", "imei1", "imei2", "设备号", "设备标识", "手机串号", "串号", "广告标识", "caid"},
		Exclude: []string{"设备类型", "设备型号", "设备名称", "设备品牌", "devicetype", "devicemodel", "devicename", "devicebrand", "终端类型", "终端型号"}}
}

// Normalize implements Identifier: IMEI digits, MAC lower case with ':', UUID lower case with
// hyphens. It accepts what MatchHinted accepts.
func (DeviceID) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, k := parseDevice(buf[:], v)
	switch k {
	case deviceIMEI:
		return append(dst, b...), true
	case deviceMAC:
		for i, c := range b {
			if i%3 == 2 {
				c = ':'
			}
			dst = append(dst, lower(c))
		}
		return dst, true
	case deviceHex:
		for _, c := range b {
			dst = append(dst, lower(c))
		}
		return dst, true
	case deviceUUID:
		for i, c := range b {
			if len(b) == 32 && (i == 8 || i == 12 || i == 16 || i == 20) {
				dst = append(dst, '-')
			}
			dst = append(dst, lower(c))
		}
		return dst, true
	}
	return dst, false
}

func lower(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// Strength implements Identifier: a device stands for a person only when nothing better exists.
func (DeviceID) Strength() int { return 30 }

// sameHex reports whether every hex digit of b is the same, whatever its case: "aaaaaaaaaaaaaaaA"
// is as empty an id as "aaaaaaaaaaaaaaaa", so Normalize's output never fails its own check.
func sameHex(b []byte) bool {
	for _, c := range b {
		if lower(c) != lower(b[0]) {
			return false
		}
	}
	return true
}

// MaskHead implements Masker.
func (DeviceID) MaskHead(k int) int { return keepHalf(k) }

var _ Masker = DeviceID{}

// MayMatch implements Prefilter: an IMEI has 15 digits, a MAC address 12 hex digits; no "@" and
// nothing outside ASCII (fewNonASCII).
func (DeviceID) MayMatch(s Shape) bool {
	return s.Digits+s.Letters >= 12 && !s.Has('@') && fewNonASCII(s)
}

var _ Prefilter = DeviceID{}
