package detect

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// allTypeIDs are the built-in registry's type ids plus the derived minor and an unknown id.
var allTypeIDs = func() []string {
	ids := []string{"minor", "custom_type"}
	for _, d := range Builtin().All() {
		ids = append(ids, d.ID())
	}
	return ids
}()

func TestMaskExamples(t *testing.T) {
	tests := []struct {
		typeID, in, want string
	}{
		{"phone_number", "13812345678", "138*******8"},
		{"phone_number", "138-1234-5678", "138*******8"},
		{"cn_resident_id", "11010519491231002X", "1101************2X"},
		{"cn_resident_id", "110105491231002", "1101**********2"},
		{"person_name", "张三", "张*"},
		{"person_name", "欧阳娜娜", "欧阳**"},
		{"email", "alice@example.com", "al***@*******.com"},
		{"email", "a@example.com", "*@*******.com"},
		{"email", "bob@mail.corp.com.cn", "b**@****.****.***.cn"},
		{"email", "bob@localhost", "b**@*********"},
		{"credential", "Tr0ub4dor&3", "[secret, 8-15 chars]"},
		{"credential", "1234", "[secret, 1-7 chars]"},
		{"credential", "sk_live_0123456789abcdef0123456789", "[secret, 32-63 chars]"},
		{"credential", strings.Repeat("k", 64), "[secret, 64+ chars]"},
		{"credential", "", ""},
		{"bank_card", "6222 0210 0112 3456", "622**********456"},
		{"postal_address", "北京市海淀区中关村大街1号", "北京市海淀********"},
		{"license_plate", "京A12345", "京A****5"},
		{"unknown", "x", "*"},
		{"unknown", "", ""},
	}
	for _, tt := range tests {
		if got := Mask(tt.typeID, []byte(tt.in)); got != tt.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tt.typeID, tt.in, got, tt.want)
		}
	}
	if got := MaskText([]byte("张三")); got != "张*" {
		t.Errorf("MaskText = %q", got)
	}
	long := strings.Repeat("北", 100)
	if got := Mask("postal_address", []byte(long)); !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) != maskMaxRunes+1 {
		t.Errorf("long value mask = %q", got)
	}
}

// maskedRunes returns the runes the mask rule looks at: folded, separators dropped.
func maskedRunes(v []byte) []rune {
	var rs []rune
	for _, r := range string(Fold(nil, v)) {
		if r != ' ' && r != '-' && r != '\t' && r != '\n' && r != '\r' {
			rs = append(rs, r)
		}
	}
	return rs
}

// checkMaskRule verifies the third rule for one value; it returns a failure description or "".
func checkMaskRule(typeID string, v []byte) string {
	got := Mask(typeID, v)
	if !utf8.ValidString(got) {
		return "invalid UTF-8 in mask"
	}
	part, mask := v, got
	if typeID == "email" {
		v = Fold(nil, v)
		part = v
		at := strings.LastIndexByte(string(v), '@')
		if at > 0 && at < len(v)-1 && len(v)-at-1 <= 64 {
			part = v[:at]
			mi := strings.LastIndexByte(got, '@')
			if mi < 0 {
				return "email mask lost its @"
			}
			mask = got[:mi]
			if msg := checkDomainMask(string(v[at+1:]), got[mi+1:]); msg != "" {
				return msg
			}
		}
	}
	if _, secret := builtinByID()[typeID].(Credential); secret {
		if len(v) > 0 && !strings.HasPrefix(got, "[secret, ") {
			return "secret not masked as a length class"
		}
		return ""
	}
	orig := maskedRunes(part)
	if len(orig) > maskMaxRunes {
		orig = orig[:maskMaxRunes]
		mask = strings.TrimSuffix(mask, "…")
	}
	mr := []rune(mask)
	if len(mr) != len(orig) {
		return "mask length differs from the value's"
	}
	n := len(orig)
	shown := 0
	for i, r := range mr {
		if r == '*' {
			continue
		}
		if r != orig[i] {
			return "mask shows a character that is not the original's"
		}
		shown++
	}
	if limit := (n + 2) / 3; shown > limit || (n == 1 && shown > 0) {
		return "mask shows more than a third"
	}
	if n >= 2 && shown == n {
		return "mask shows everything"
	}
	if n >= 2 && got == string(v) && !strings.Contains(string(v), "*") {
		return "mask equals the input"
	}
	return ""
}

// checkDomainMask verifies that a masked e-mail domain shows nothing but its top-level label.
func checkDomainMask(domain, mask string) string {
	domain = strings.TrimSpace(domain)
	top := ""
	if i := strings.LastIndexByte(domain, '.'); i >= 0 {
		top = domain[i:]
	}
	if !strings.HasSuffix(mask, strings.ToValidUTF8(top, "\uFFFD")) {
		return "email mask lost the top-level domain"
	}
	if strings.Trim(strings.TrimSuffix(mask, strings.ToValidUTF8(top, "\uFFFD")), "*.") != "" {
		return "email mask shows the domain beyond its top level"
	}
	return ""
}

// TestSecretMaskShowsNoCharacter checks that no character of a credential survives its mask.
func TestSecretMaskShowsNoCharacter(t *testing.T) {
	for _, pw := range []string{"Tr0ub4dor&3", "hunter2", "密码是张三123", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"} {
		got := Mask("credential", []byte(pw))
		for _, r := range pw {
			if strings.ContainsRune(strings.TrimPrefix(strings.TrimSuffix(got, " chars]"), "[secret, "), r) && !strings.ContainsRune("0123456789-+", r) {
				t.Errorf("Mask(credential, %q) = %q shows %q", pw, got, r)
			}
		}
		if strings.HasPrefix(got, pw[:2]) {
			t.Errorf("Mask(credential, %q) = %q starts like the secret", pw, got)
		}
	}
}

func TestMaskRuleRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []rune("0123456789ABCXxyz张三李北京市@.- 　１２＠")
	for i := 0; i < 4000; i++ {
		n := r.IntN(70)
		rs := make([]rune, n)
		for j := range rs {
			rs[j] = alphabet[r.IntN(len(alphabet))]
		}
		v := []byte(string(rs))
		for _, id := range allTypeIDs {
			if msg := checkMaskRule(id, v); msg != "" {
				t.Fatalf("Mask(%s, %q) = %q: %s", id, v, Mask(id, v), msg)
			}
		}
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"13812345678", "a@example.com", "张三", "", "\xff\xfe@", "１２３", "@@", "a@\xff"} {
		f.Add("email", []byte(s))
		f.Add("cn_resident_id", []byte(s))
	}
	f.Fuzz(func(t *testing.T, typeID string, v []byte) {
		if msg := checkMaskRule(typeID, v); msg != "" {
			t.Fatalf("Mask(%s, %q) = %q: %s", typeID, v, Mask(typeID, v), msg)
		}
		_ = MaskText(v)
	})
}
