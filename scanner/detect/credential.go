package detect

import "bytes"

// Credential recognises passwords, PINs, secrets and keys.
type Credential struct{}

var (
	_ Detector      = Credential{}
	_ HintedMatcher = Credential{}
)

func init() { register(Credential{}) }

// ID implements Detector.
func (Credential) ID() string { return "credential" }

// Category implements Detector.
func (Credential) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Credential) Describe() string {
	return "bcrypt ($2a$/$2b$/$2y$) and argon2 hashes, PEM private keys and AWS access key ids (always); " +
		"any other value only under a password/PIN/CVV/secret/token header"
}

// Hints implements Detector.
func (Credential) Hints() Hints {
	return Hints{
		Words: []string{"密码", "口令", "支付密码", "密钥", "私钥", "令牌", "安全码", "pin", "cvv", "cvc", "cvn", "password", "passwd",
			"pwd", "passcode", "secret", "token", "apikey", "privatekey", "accesskey", "secretkey"},
		// "pin" and "secret" are short: the exclusions below keep shipping, topping, happiness,
		// opinion, secretary and friends out.
		Exclude: []string{"ping", "spin", "pinyin", "opin", "happin", "pine", "pint", "pinned", "pincode", "secretar", "提示", "time", "date",
			"expire", "expiry", "updated", "changed", "created", "length", "policy", "hint", "reset", "strength", "count", "tokenizer",
			"时间", "日期", "长度", "强度", "过期", "pinjie"},
	}
}

// Match implements Detector: value shapes that are credentials whatever the header.
func (Credential) Match(v []byte) bool {
	switch {
	case len(v) == 60 && v[0] == '$' && v[1] == '2' && (v[2] == 'a' || v[2] == 'b' || v[2] == 'y') && v[3] == '$':
		return asciiDigit(v[4]) && asciiDigit(v[5]) && v[6] == '$'
	case bytes.HasPrefix(v, []byte("$argon2")):
		return len(v) > 30
	case bytes.HasPrefix(v, []byte("-----BEGIN ")):
		i := bytes.IndexByte(v[11:], '-')
		return i > 0 && bytes.HasSuffix(v[11:11+i], []byte("PRIVATE KEY"))
	case len(v) == 20 && (bytes.HasPrefix(v, []byte("AKIA")) || bytes.HasPrefix(v, []byte("ASIA"))):
		for _, c := range v[4:] {
			if !asciiDigit(c) && (c < 'A' || c > 'Z') {
				return false
			}
		}
		return true
	}
	return false
}

// MayMatch implements Prefilter: a bcrypt or argon2 hash has a '$', a PEM key a '-', an AWS key
// id 20 bytes.
func (Credential) MayMatch(s Shape) bool { return s.Has('$') || s.Has('-') || s.Len == 20 }

var _ Prefilter = Credential{}

// MatchHinted implements HintedMatcher: under a credential header any value other than "none".
func (c Credential) MatchHinted(v []byte) bool {
	return c.Match(v) || (len(v) > 0 && len(v) <= 4096 && !isNoneWord(v))
}

// MaskValue implements ValueMasker: a secret shows nothing of itself, only its length class.
func (Credential) MaskValue(v []byte) string { return SecretMask(v) }

var _ ValueMasker = Credential{}
