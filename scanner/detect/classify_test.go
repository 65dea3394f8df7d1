package detect

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// classifyValues runs a classifier over values and returns the result.
func classifyValues(header string, values []string) ColumnClass {
	c := NewClassifier(Builtin(), header, ClassifyOptions{})
	for _, v := range values {
		c.Add([]byte(v))
	}
	return c.Result()
}

func typeIDs(cc ColumnClass) []string {
	var ids []string
	for _, t := range cc.Types {
		ids = append(ids, t.ID)
	}
	return ids
}

func repeat(n int, vs ...string) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, vs[i%len(vs)])
	}
	return out
}

func TestClassifierTypes(t *testing.T) {
	r := newRand(7)
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = genResidentID(r)
	}
	invalidIDs := make([]string, 50)
	for i, id := range ids {
		last := id[17]
		if last == '0' {
			last = '1'
		} else {
			last = '0'
		}
		invalidIDs[i] = id[:17] + string(last)
	}
	mixed := slices.Clone(ids[:45])
	for i := 0; i < 5; i++ {
		mixed = append(mixed, genPassport(r))
	}
	tests := []struct {
		name   string
		header string
		values []string
		want   []string
	}{
		{"resident IDs under their header", "身份证号", ids, []string{"cn_resident_id"}},
		{"resident IDs without header", "", ids, []string{"cn_resident_id"}},
		{"hint never makes a type out of failing values", "身份证号", invalidIDs, nil},
		{"mixed column lists both, best first", "证件号码", mixed, []string{"cn_resident_id", "passport_number"}},
		{"required hint missing: no criminal_record", "备注", repeat(20, "盗窃罪"), nil},
		{"required hint present", "犯罪记录", repeat(20, "盗窃罪", "无"), []string{"criminal_record"}},
		{"order amounts are not financial records", "订单金额", repeat(20, "12.50", "99.00"), nil},
		{"M/F without header is not gender", "", repeat(20, "M", "F", "S", "L"), nil},
		{"M/F under gender header", "性别", repeat(20, "M", "F"), []string{"gender"}},
		{"masked and hashed values are never PI", "手机号", repeat(20, "138****5678", strings.Repeat("ab", 32)), nil},
		{"full-width digits are folded", "", repeat(20, "１３８１２３４５６７８"), []string{"phone_number"}},
		{"null-like cells are not counted", "姓名", append(repeat(30, "NULL", "-", "N/A", ""), "王伟", "李娜", "张晓明"), []string{"person_name"}},
		{"bare ICD codes need a medical header", "sku", repeat(20, "A12", "B34.1"), nil},
		{"bare ICD codes under a diagnosis header", "诊断编码", repeat(20, "I10", "E11.9"), []string{"health"}},
		{"unlabelled mixed column lists both", "", append(repeat(30, "13812345678", "13912345679", "18612345670"), repeat(20, "a@b.com", "c@d.cn")...), []string{"phone_number", "email"}},
		{"product names are not person names", "name", repeat(20, "王老吉凉茶", "张裕干红", "农夫山泉", "康师傅红烧牛肉面", "王伟"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := typeIDs(classifyValues(tt.header, tt.values))
			if !slices.Equal(got, tt.want) {
				t.Errorf("types = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClassifierCounts(t *testing.T) {
	values := []string{"  13812345678 ", "", "NULL", "138****5678", "张*", strings.Repeat("A", 40), "13912345678", "hello"}
	cc := classifyValues("手机", values)
	if cc.NonEmpty != 6 || cc.Masked != 2 || cc.Hashed != 1 {
		t.Fatalf("NonEmpty, Masked, Hashed = %d, %d, %d; want 6, 2, 1", cc.NonEmpty, cc.Masked, cc.Hashed)
	}
	if len(cc.Types) == 0 || cc.Types[0].ID != "phone_number" {
		t.Fatalf("types = %v, want phone_number first", typeIDs(cc))
	}
	pm := cc.Types[0]
	if pm.Matched != 2 || pm.Sampled != 3 {
		t.Errorf("Matched, Sampled = %d, %d; want 2, 3", pm.Matched, pm.Sampled)
	}
}

func TestClassifierExamplesMaskedDistinctBounded(t *testing.T) {
	r := newRand(11)
	var values []string
	for i := 0; i < 100; i++ {
		values = append(values, genPhone(r), "13812345678")
	}
	for _, max := range []int{1, 3, 5} {
		c := NewClassifier(Builtin(), "phone", ClassifyOptions{MaxExamples: max})
		for _, v := range values {
			c.Add([]byte(v))
		}
		tm := c.Result().Types[0]
		if len(tm.Examples) != max {
			t.Errorf("MaxExamples %d: got %d examples", max, len(tm.Examples))
		}
		seen := map[string]bool{}
		for _, ex := range tm.Examples {
			if seen[ex] {
				t.Errorf("duplicate example %q", ex)
			}
			seen[ex] = true
			if slices.Contains(values, ex) {
				t.Errorf("example %q is a raw value", ex)
			}
		}
	}
}

func TestClassifierMinConfidence(t *testing.T) {
	values := append(repeat(30, "13812345678"), repeat(70, "hello")...)
	for _, tt := range []struct {
		min  float64
		want int
	}{{0.5, 0}, {0.2, 1}} {
		c := NewClassifier(Builtin(), "", ClassifyOptions{MinConfidence: tt.min})
		for _, v := range values {
			c.Add([]byte(v))
		}
		if got := len(c.Result().Types); got != tt.want {
			t.Errorf("MinConfidence %.1f: %d types, want %d", tt.min, got, tt.want)
		}
	}
}

func TestIsMaskedAndHashed(t *testing.T) {
	tests := []struct {
		v              string
		masked, hashed bool
	}{
		{"138****5678", true, false},
		{"张*", true, false},
		{"李*明", true, false},
		{"a***@x.com", true, false},
		{"110101××××××××1234", true, false},
		{"2*3", true, false},
		{"Hello*World!", false, false},
		{"阿沛•阿旺晋美", false, false},
		{strings.Repeat("a1", 16), false, true},
		{strings.Repeat("F", 40), false, true},
		{strings.Repeat("0", 64), false, true},
		{strings.Repeat("ab", 64), false, true},
		{strings.Repeat("g", 32), false, false},
		{strings.Repeat("a", 33), false, false},
	}
	for _, tt := range tests {
		if got := isMasked([]byte(tt.v)); got != tt.masked {
			t.Errorf("isMasked(%q) = %v, want %v", tt.v, got, tt.masked)
		}
		if got := isHexDigest([]byte(tt.v)); got != tt.hashed {
			t.Errorf("isHexDigest(%q) = %v, want %v", tt.v, got, tt.hashed)
		}
	}
}

// benchColumns are several column kinds of 10,000 values each.
func benchColumns() map[string][]string {
	kinds := map[string]func(r *rand.Rand) string{
		"resident_id": genResidentID,
		"phone":       genPhone,
		"name":        genChineseName,
		"address":     genCNAddress,
		"email":       genEmail,
		"price":       func(r *rand.Rand) string { return fmt.Sprintf("%d.%02d", r.IntN(1000), r.IntN(100)) },
		"uuid":        genUUID,
		"diagnosis":   func(r *rand.Rand) string { return pick(r, genDiagnoses) },
	}
	out := map[string][]string{}
	seed := uint64(100)
	for k, g := range kinds {
		seed++
		out[k] = column(newRand(seed), 10000, 0.02, g)
	}
	return out
}

func BenchmarkClassifyColumn(b *testing.B) {
	reg := Builtin()
	headers := map[string]string{"resident_id": "身份证号", "phone": "手机号", "name": "姓名", "address": "地址", "email": "email",
		"price": "price", "uuid": "request_id", "diagnosis": "诊断"}
	cols := benchColumns()
	names := make([]string, 0, len(cols))
	for k := range cols {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		vals := make([][]byte, len(cols[k]))
		for i, v := range cols[k] {
			vals[i] = []byte(v)
		}
		b.Run(k, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPUTime()
			for b.Loop() {
				c := NewClassifier(reg, headers[k], ClassifyOptions{})
				for _, v := range vals {
					c.Add(v)
				}
				_ = c.Result()
			}
			n := float64(b.N * len(vals))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/value")
			b.ReportMetric(float64((processCPUTime()-cpu0).Nanoseconds())/n, "cpu-ns/value")
		})
	}
}

func TestHeaderHints(t *testing.T) {
	reg := Builtin()
	tests := []struct {
		header, id string
		want       bool
	}{
		{"客户姓名", "person_name", true},
		{"Applicant_Name", "person_name", true},
		{"product_name", "person_name", false},
		{"公司名称", "person_name", false},
		{"shipping_limit_date", "credential", false},
		{"支付密码", "credential", true},
		{"Card PIN", "credential", true},
		{"password_updated_at", "credential", false},
		{"订单金额", "financial_record", false},
		{"账户余额", "financial_record", true},
		{"资产编号", "financial_record", false},
		{"income_type", "financial_record", false},
		{"product_photos_qty", "biometric", false},
		{"人脸照片", "biometric", true},
		{"nationality", "ethnicity", false},
		{"民族", "ethnicity", true},
		{"generation", "genetic", false},
		{"ＧＥＮＤＥＲ", "gender", true},
	}
	for _, tt := range tests {
		d, ok := reg.Get(tt.id)
		if !ok {
			t.Fatalf("%s not registered", tt.id)
		}
		if got := headerHints(normHeader(tt.header), d.Hints()); got != tt.want {
			t.Errorf("header %q hints %s = %v, want %v", tt.header, tt.id, got, tt.want)
		}
	}
}

// FuzzClassify feeds arbitrary bytes to every detector and the classifier: nothing may panic and
// no example may be longer than its masked form allows.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"", "王伟", "北京市朝阳区建国路88号", "blob:12:/9j/4AAQ", "data:image/png;base64,iVBO", "$2b$10$",
		"-----BEGIN ", "rs12345", "chr1\t1\t.\tA\tG", "１３８１２３４５６７８", "\xff\xfe", "张*", "E11.9", "¥8,000", "Zhang Wei"} {
		f.Add("", s)
		f.Add("姓名", s)
	}
	reg := Builtin()
	f.Fuzz(func(t *testing.T, header, v string) {
		for _, d := range reg.All() {
			d.Match([]byte(v))
			if hm, ok := d.(HintedMatcher); ok {
				hm.MatchHinted([]byte(v))
			}
		}
		c := NewClassifier(reg, header, ClassifyOptions{})
		c.Add([]byte(v))
		c.Add([]byte(v))
		res := c.Result()
		for _, tm := range res.Types {
			if len(tm.Examples) > 3 {
				t.Fatalf("%s: %d examples", tm.ID, len(tm.Examples))
			}
		}
	})
}
