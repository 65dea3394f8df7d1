package detect

// BankCard recognises payment card numbers: 16–19 digits passing the Luhn check. The 62 UnionPay
// prefix is not required because 4- and 5-prefixed co-branded cards are issued in China too.
type BankCard struct{}

var (
	_ Detector   = BankCard{}
	_ Identifier = BankCard{}
)

func init() { register(BankCard{}) }

// cleanCard returns the digits of a card number into buf. Spaces and hyphens are accepted only
// as separators between groups of four (the way cards are printed), so a hyphenated order
// number does not turn into a card.
func cleanCard(buf, v []byte) ([]byte, bool) {
	b, ok := clean(buf, v, false, 23)
	if !ok {
		return nil, false
	}
	out := b[:0]
	run := 0
	var sep byte
	for i, c := range b {
		switch {
		case isDigit(c):
			out = append(out, c)
			run++
		case (c == ' ' || c == '-') && run == 4 && i+1 < len(b) && isDigit(b[i+1]) && (sep == 0 || sep == c):
			sep = c
			run = 0
		default:
			return nil, false
		}
	}
	if len(out) < 16 || len(out) > 19 {
		return nil, false
	}
	return out, true
}

// validCard applies the value rules to the digits of a card number.
func validCard(b []byte) bool {
	return b[0] != '0' && !allSame(b) && !sequential(b) && !sequential(b[:len(b)-1]) && luhn(b)
}

// ID implements Detector.
func (BankCard) ID() string { return "bank_card" }

// Category implements Detector.
func (BankCard) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (BankCard) Describe() string {
	return "bank card number: 16-19 digits (optionally in space- or hyphen-separated groups of 4), not starting with 0, Luhn-valid, not one repeated digit or a run like 1234567890123452"
}

// Match implements Detector.
func (BankCard) Match(v []byte) bool {
	if allDigits(v) { // nothing to clean or ungroup (TestDigitsFastPaths)
		return len(v) >= 16 && len(v) <= 19 && validCard(v)
	}
	return matchCard(v)
}

// matchCard is Match for any value.
func matchCard(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanCard(buf[:], v)
	return ok && validCard(b)
}

// Hints implements Detector.
func (BankCard) Hints() Hints {
	return Hints{
		Words:   []string{"银行卡", "卡号", "银行账号", "银行帐号", "账号", "帐号", "借记卡", "信用卡", "bankcard", "cardno", "cardnumber", "accountno", "creditcard", "debitcard", "bankaccount", "yinhangka", "yhkh", "kahao", "收款账号", "收款帐号", "收款卡号", "工资卡", "代发账号", "银行帐户", "银行账户", "acctno"},
		Exclude: []string{"身份证", "订单", "order", "会员卡", "会员", "member", "gift"},
	}
}

// Normalize implements Identifier: the bare digits.
func (BankCard) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanCard(buf[:], v)
	if !ok || !validCard(b) {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier: a card belongs to one person but a person holds many.
func (BankCard) Strength() int { return 60 }

// NeedsDigit implements DigitBound.
func (BankCard) NeedsDigit() {}

var _ DigitBound = BankCard{}

// MaskHead implements Masker.
func (BankCard) MaskHead(k int) int { return keepHalf(k) }

var _ Masker = BankCard{}

// MayMatch implements Prefilter: 16-19 digits, optionally grouped by spaces or hyphens (a float artefact adds ".0"): nothing else.
func (BankCard) MayMatch(s Shape) bool {
	return s.Digits >= 16 && s.Letters == 0 && code(s)
}

var _ Prefilter = BankCard{}
