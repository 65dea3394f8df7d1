package detect

// SocialSecurity recognises social security numbers in columns whose header names them. In China
// the number is the holder's resident ID number (Social Insurance Law Art. 58), so the value
// must be a valid resident ID; US-style SSNs (AAA-GG-SSSS outside the never-issued ranges) are
// accepted too. The card's own serial has no public checksum, so values alone never make the
// type (Hints.Required).
type SocialSecurity struct {
	// Today bounds the birth date of the resident-ID form (see Day); Registry.On sets it.
	Today Day
}

var (
	_ Detector   = SocialSecurity{}
	_ Identifier = SocialSecurity{}
	_ BirthDater = SocialSecurity{}
)

func init() { register(SocialSecurity{}) }

// usSSN returns the 9 digits of a US SSN written as AAA-GG-SSSS, AAA GG SSSS or 9 digits, with
// area 000, 666 and 900–999, group 00 and serial 0000 excluded (never issued).
func usSSN(buf, v []byte) ([]byte, bool) {
	b, ok := clean(buf, v, false, 11)
	if !ok {
		return nil, false
	}
	if len(b) == 11 {
		if b[3] != b[6] || (b[3] != '-' && b[3] != ' ') {
			return nil, false
		}
		copy(b[3:5], b[4:6])
		copy(b[5:9], b[7:11])
		b = b[:9]
	}
	if len(b) != 9 || !allDigits(b) {
		return nil, false
	}
	area, group, serial := digitsVal(b[:3]), digitsVal(b[3:5]), digitsVal(b[5:])
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return nil, false
	}
	return b, true
}

// ID implements Detector.
func (SocialSecurity) ID() string { return "social_security_number" }

// Category implements Detector.
func (SocialSecurity) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (SocialSecurity) Describe() string {
	return "social security number (header required): a valid PRC resident ID number (the CN social security number) or a US SSN AAA-GG-SSSS outside the never-issued ranges"
}

// Match implements Detector.
func (s SocialSecurity) Match(v []byte) bool {
	if (ResidentID{s.Today}).Match(v) {
		return true
	}
	var buf [normBufSize]byte
	_, ok := usSSN(buf[:], v)
	return ok
}

// Hints implements Detector.
func (SocialSecurity) Hints() Hints {
	return Hints{
		Words:    []string{"社保", "社会保障", "社会保险", "医保", "医疗保险", "公积金", "ssn", "socialsecurity", "socialinsurance"},
		Required: true,
	}
}

// Normalize implements Identifier: a resident ID in its 18-character form (so the same person
// hashes alike in an ID column), a US SSN as 9 digits.
func (s SocialSecurity) Normalize(dst, v []byte) ([]byte, bool) {
	if out, ok := (ResidentID{s.Today}).Normalize(dst, v); ok {
		return out, true
	}
	var buf [normBufSize]byte
	b, ok := usSSN(buf[:], v)
	if !ok {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier: as strong as the resident ID it usually is.
func (SocialSecurity) Strength() int { return 95 }

// BirthDate implements BirthDater for the resident-ID form.
func (s SocialSecurity) BirthDate(v []byte) (year, month, day int, ok bool) {
	return ResidentID{s.Today}.BirthDate(v)
}

// NeedsDigit implements DigitBound.
func (SocialSecurity) NeedsDigit() {}

var _ DigitBound = SocialSecurity{}

// MaskHead implements Masker.
func (SocialSecurity) MaskHead(k int) int { return keepRegionHead(k) }

var _ Masker = SocialSecurity{}

// IdentityDocument implements IdentityDocument.
func (SocialSecurity) IdentityDocument() {}

var _ IdentityDocument = SocialSecurity{}

// On implements Dated.
func (SocialSecurity) On(day Day) Detector { return SocialSecurity{Today: day} }
