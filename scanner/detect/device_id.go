package detect

// DeviceID recognises device identifiers: IMEIs (15 digits, Luhn), MAC addresses (six hex octets
// separated by ':' or '-', neither all zero nor broadcast) and advertising ids (IDFA, GAID,
// OAID: UUID-shaped). UUIDs are far more often plain record ids, so they match only through
// MatchHinted, for columns whose header names a device or advertising id.
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
)

// parseDevice cleans v into buf and returns its shape.
func parseDevice(buf, v []byte) ([]byte, deviceKind) {
	b, ok := clean(buf, v, false, 36)
	if !ok {
		return nil, deviceNone
	}
	switch len(b) {
	case 15:
		if allDigits(b) && !allSame(b) && !sequential(b[:14]) && luhn(b) {
			return b, deviceIMEI
		}
	case 17:
		if validMAC(b) {
			return b, deviceMAC
		}
	case 32, 36:
		if validUUID(b) {
			return b, deviceUUID
		}
	}
	return nil, deviceNone
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
	return "device id: IMEI (15 digits, Luhn), MAC (6 hex octets with : or -, not all-zero/broadcast); IDFA/GAID/OAID UUIDs only with a device header"
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
	return Hints{Words: []string{"设备", "imei", "macaddr", "macaddress", "mac地址", "idfa", "gaid", "oaid", "androidid", "deviceid", "udid", "adid", "advertisingid", "终端"}}
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
