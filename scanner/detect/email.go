package detect

// Email recognises e-mail addresses: a dot-atom local part, "@", and a domain of at least two
// labels ending in an alphabetic top-level domain.
type Email struct{}

var (
	_ Detector   = Email{}
	_ Identifier = Email{}
)

func init() { register(Email{}) }

// emailMax is the longest address accepted (RFC 5321 path limit).
const emailMax = 254

// isLocalChar reports whether c may appear in an unquoted local part (RFC 5322 atext or dot).
func isLocalChar(c byte) bool {
	if isLetter(c) || isDigit(c) || c >= 0x80 {
		return true
	}
	switch c {
	case '.', '!', '#', '$', '%', '&', '\'', '*', '+', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~', '-':
		return true
	}
	return false
}

// validEmail checks a trimmed, folded address.
func validEmail(b []byte) bool {
	at := -1
	for i, c := range b {
		if c == '@' {
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	if at < 1 || at > 64 || len(b)-at-1 < 4 {
		return false
	}
	local, domain := b[:at], b[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' {
		return false
	}
	for i, c := range local {
		if !isLocalChar(c) || (c == '.' && i > 0 && local[i-1] == '.') {
			return false
		}
	}
	// Domain: labels of letters, digits and inner hyphens; the last (TLD) letters only, ≥ 2.
	labels, start := 0, 0
	for i := 0; i <= len(domain); i++ {
		if i < len(domain) && domain[i] != '.' {
			c := domain[i]
			if !isLetter(c) && !isDigit(c) && c != '-' {
				return false
			}
			continue
		}
		label := domain[start:i]
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		labels++
		if i == len(domain) {
			if len(label) < 2 {
				return false
			}
			for _, c := range label {
				if !isLetter(c) {
					return false
				}
			}
		}
		start = i + 1
	}
	return labels >= 2
}

// ID implements Detector.
func (Email) ID() string { return "email" }

// Category implements Detector.
func (Email) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (Email) Describe() string {
	return "e-mail address: dot-atom local part (no leading, trailing or double dots), one @, domain of >= 2 labels without leading/trailing hyphens, alphabetic TLD of >= 2 letters"
}

// Match implements Detector.
func (Email) Match(v []byte) bool {
	if b := trimSpaceView(v); len(b) > 0 && !NeedsFold(b) && !cellNeedsWork(b) {
		// Plain ASCII needs no copy: validate the trimmed value in place (it is only read).
		return len(b) <= emailMax && validEmail(b)
	}
	var buf [emailMax]byte
	b, ok := clean(buf[:], v, false, emailMax)
	return ok && validEmail(b)
}

// Hints implements Detector.
func (Email) Hints() Hints {
	return Hints{Words: []string{"邮箱", "电子邮件", "邮件", "email", "mail", "电邮", "youxiang", "dzyx", "emailaddress"}}
}

// Normalize implements Identifier: lower case, so addresses differing only in case count once.
func (Email) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [emailMax]byte
	b, ok := clean(buf[:], v, false, emailMax)
	if !ok || !validEmail(b) {
		return dst, false
	}
	for _, c := range b {
		if isUpper(c) {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}

// Strength implements Identifier.
func (Email) Strength() int { return 65 }

// MaskValue implements ValueMasker: the local part is masked, the domain kept.
func (Email) MaskValue(v []byte) string { return maskEmail(v) }

var _ ValueMasker = Email{}

// OnePerPerson implements OnePerPerson: a second column of the type is someone else.
func (Email) OnePerPerson() {}

var _ OnePerPerson = Email{}

// MayMatch implements Prefilter: an address has an @ (CleanCell folds the full-width one).
func (Email) MayMatch(s Shape) bool { return s.Has('@') }

var _ Prefilter = Email{}
