package detect

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Tests for the value shapes real exports hold (issue 15): spreadsheet guards, regional
// identifiers, device ids, embedded identifiers, damaged numbers, headers, location, health,
// names and table context.

func validID(body string) string { return body + string(mod112Check(body)) }

func TestCleanCell(t *testing.T) {
	id := validID("44010619900101123")
	tests := []struct{ in, want string }{
		{"  13812345678 ", "13812345678"},
		{`="` + id + `"`, id},
		{"'" + id, id},
		{"\t" + id, id},
		{"\u200b138\u200c1234\u200d5678\u2060", "13812345678"},
		{"\ufeff13812345678", "13812345678"},
		{"\u00a0１３８１２３４５６７８\u3000", "13812345678"},
		{`"Zhang Wei"`, "Zhang Wei"},
		{"“张伟”", "张伟"},
		{"「陳大文」", "陳大文"},
		{"'王芳'", "王芳"},
		{"Zhang\u00a0Wei", "Zhang Wei"},
		{"北京市朝阳区", "北京市朝阳区"},
		{"it's", "it's"},
		{"=SUM(A1)", "=SUM(A1)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(CleanCell(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("CleanCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Plain values are returned without a copy.
	v := []byte(" 13812345678 ")
	if got := CleanCell(nil, v); &got[0] != &v[1] {
		t.Error("CleanCell copied a value that only needed trimming")
	}
}

// TestNormalizeAcceptsGuardedValues: the counter hands raw (trimmed) cells to Normalize; a guarded
// or zero-width value must give the same key as the clean one.
func TestNormalizeAcceptsGuardedValues(t *testing.T) {
	id := validID("44010619900101123")
	reg := Builtin()
	cases := map[string][]string{
		"cn_resident_id": {id, `="` + id + `"`, "'" + id, "\u200b" + id[:6] + "\u200b" + id[6:], "４４０１０６" + id[6:]},
		"phone_number":   {"13812345678", "'13812345678", `="13812345678"`, "138\u200b1234\u200b5678", "+86\u00a0138 1234 5678"},
		"email":          {"zhang.wei@example.com", `="zhang.wei@example.com"`, "zhang.wei\u200b@example.com"},
		"bank_card":      {"6222021234567890128", "'6222021234567890128"},
	}
	for id, vals := range cases {
		d, _ := reg.Get(id)
		ident := d.(Identifier)
		want, ok := ident.Normalize(nil, []byte(vals[0]))
		if !ok {
			t.Fatalf("%s: %q not valid", id, vals[0])
		}
		for _, v := range vals[1:] {
			got, ok := ident.Normalize(nil, []byte(v))
			if !ok || string(got) != string(want) {
				t.Errorf("%s.Normalize(%q) = %q %v, want %q", id, v, got, ok, want)
			}
		}
	}
}

func TestRegionalID(t *testing.T) {
	runValueCases(t, RegionalID{}, []valueCase{
		{"HKID with bracketed check", "A123456(3)", true, true},
		{"HKID without brackets", "A1234563", true, true},
		{"HKID two letters", "AB9876540", validHKID([]byte("AB9876540")), validHKID([]byte("AB9876540"))},
		{"HKID wrong check", "A123456(4)", false, false},
		{"Taiwan ID", "A123456789", true, true},
		{"Taiwan ID lower case", "a123456789", true, true},
		{"Taiwan ID wrong check", "A123456788", false, false},
		{"Taiwan ID bad gender digit", "A323456789", false, false},
		{"Macau BIR only with a header", "1234567(8)", false, true},
		{"Macau wrong first digit", "3234567(8)", false, false},
		{"SKU", "SKU123456", false, false},
	})
	n, ok := RegionalID{}.Normalize(nil, []byte(" a123456(3) "))
	if !ok || string(n) != "A1234563" {
		t.Errorf("Normalize HKID = %q %v", n, ok)
	}
	// Some two-letter HKID passes.
	found := false
	for c := byte('0'); c <= '9' && !found; c++ {
		found = validHKID([]byte("XA123456" + string(c)))
	}
	if !found && !validHKID([]byte("XA123456A")) {
		t.Error("no check character makes XA123456 valid")
	}
}

func TestRegionalPhones(t *testing.T) {
	p := Phone{}
	for _, tt := range []struct {
		v, norm string
		match   bool
	}{
		{"+852 9123 4567", "+85291234567", true},
		{"+853 6612 3456", "+85366123456", true},
		{"+886 912 345 678", "+886912345678", true},
		{"9123 4567", "+85291234567", false},
		{"0912-345-678", "+886912345678", false},
		{"(02) 2345-6789", "+886223456789", false},
	} {
		if got := p.Match([]byte(tt.v)); got != tt.match {
			t.Errorf("Match(%q) = %v", tt.v, got)
		}
		if !p.MatchHinted([]byte(tt.v)) {
			t.Errorf("MatchHinted(%q) = false", tt.v)
		}
		if n, ok := p.Normalize(nil, []byte(tt.v)); !ok || string(n) != tt.norm {
			t.Errorf("Normalize(%q) = %q %v, want %q", tt.v, n, ok, tt.norm)
		}
	}
	for _, v := range []string{"4008001234", "88888888", "12345678"} {
		if p.MatchHinted([]byte(v)) && v != "12345678" {
			t.Errorf("MatchHinted(%q) = true", v)
		}
	}
}

func TestDeviceIDs(t *testing.T) {
	runValueCases(t, DeviceID{}, []valueCase{
		{"IMEI", "490154203237518", true, true},
		{"IMEI hyphenated", "49-015420-323751-8", true, true},
		{"MAC", "00:1A:2B:3C:4D:5E", true, true},
		{"Cisco MAC", "001a.2b3c.4d5e", true, true},
		{"bare MAC only with header", "001A2B3C4D5E", false, true},
		{"IDFA", "6D92078A-8246-4BA4-AE5B-76104861E7DC", false, true},
		{"limit ad tracking IDFA", "00000000-0000-0000-0000-000000000000", false, false},
		{"OAID 16 hex", "a1b2c3d4e5f60718", false, true},
		{"all-zero OAID", "0000000000000000", false, false},
		{"MEID", "A0000012345678", false, true},
		{"number", "1234567890123456", false, false},
	})
}

func TestEmbeddedExtract(t *testing.T) {
	id := validID("11010519900307123")
	tests := []struct {
		v    string
		want []string
	}{
		{"客户说身份证号是" + id + "，手机 138-1234-5678，邮箱 Zhang.Wei@Example.com",
			[]string{"cn_resident_id:" + id, "phone_number:+8613812345678", "email:zhang.wei@example.com"}},
		{"回访：+86 139 1234 5678 已接通", []string{"phone_number:+8613912345678"}},
		{"退款至卡号6222021234567890128", []string{"bank_card:6222021234567890128"}},
		{"订单号13812345678 已发货", nil},
		{"运单号: 773012345678901", nil},
		{"SF13812345678", nil},
		{"备注 " + id + "0", nil}, // digits run on: not an ID
		{"护照E12345678 已核验", []string{"passport_number:E12345678"}},
		{"E12345678", nil}, // no document word
		{"请尽快发货", nil},
		{"13812345678 13912345678", []string{"phone_number:+8613812345678", "phone_number:+8613912345678"}},
	}
	for _, tt := range tests {
		var got []string
		EmbeddedPI{Today: testToday}.Extract([]byte(tt.v), func(typ string, norm []byte) { got = append(got, typ+":"+string(norm)) })
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Extract(%q) = %v, want %v", tt.v, got, want)
		}
	}
	// Normal forms agree with the types' Normalize.
	reg := Builtin()
	EmbeddedPI{Today: testToday}.Extract([]byte("联系 138 1234 5678 / "+id), func(typ string, norm []byte) {
		d, _ := reg.Get(typ)
		again, ok := d.(Identifier).Normalize(nil, norm)
		if !ok || string(again) != string(norm) {
			t.Errorf("%s: emitted %q is not a normal form (%q %v)", typ, norm, again, ok)
		}
	})
}

func TestClassifierEmbeddedRemarks(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	cl := NewClassifier(Builtin(), "备注", ClassifyOptions{})
	for i := 0; i < 200; i++ {
		switch i % 20 {
		case 0:
			cl.Add([]byte("客户要求改地址，身份证" + genResidentID(r) + "已核验"))
		case 1:
			cl.Add([]byte("回电 " + genPhone(r) + " 无人接听"))
		default:
			cl.Add([]byte(pick(r, []string{"请尽快发货", "包装完好", "已电话确认", "周末不收货"})))
		}
	}
	res := cl.Result()
	got := map[string]TypeMatch{}
	for _, tm := range res.Types {
		got[tm.ID] = tm
	}
	for _, id := range []string{"cn_resident_id", "phone_number"} {
		if got[id].Embedded == 0 {
			t.Errorf("remarks: %s not found embedded: %+v", id, res.Types)
		}
	}
	for _, tm := range res.Types {
		for _, ex := range tm.Examples {
			if strings.Contains(ex, "已核验") || len([]rune(ex)) > 20 {
				t.Errorf("example %q is not a masked identifier", ex)
			}
		}
	}
}

func TestDamagedValues(t *testing.T) {
	for _, v := range []string{"4.40106E+17", "1.38123E+10", "6.22202E+18", "440106199001011000", "4.4E+17"} {
		if !Damaged([]byte(v)) {
			t.Errorf("Damaged(%q) = false", v)
		}
	}
	for _, v := range []string{"1.5E+3", "13812345678", validID("44010619900101123"), "abc", "1.2E-17", " 4.4E+17"} { // the last: not cleaned
		if Damaged([]byte(v)) {
			t.Errorf("Damaged(%q) = true", v)
		}
	}
	r := rand.New(rand.NewPCG(9, 9))
	cl := NewClassifier(Builtin(), "身份证号", ClassifyOptions{})
	for i := 0; i < 100; i++ {
		if i%10 == 0 {
			cl.Add([]byte(genResidentID(r)))
		} else {
			cl.Add([]byte("4.40106E+17"))
		}
	}
	res := cl.Result()
	if res.Unusable != 90 || len(res.Types) == 0 || res.Types[0].ID != "cn_resident_id" {
		t.Fatalf("damaged ID column: %+v", res)
	}
}

// TestMinorityValidIdentifiers: under an identifying header every valid value counts.
func TestMinorityValidIdentifiers(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	cl := NewClassifier(Builtin(), "身份证号", ClassifyOptions{})
	for i := 0; i < 200; i++ {
		if i%25 == 0 {
			cl.Add([]byte(genResidentID(r)))
		} else {
			cl.Add([]byte("待补充" + digits(r, 2)))
		}
	}
	res := cl.Result()
	if len(res.Types) == 0 || res.Types[0].ID != "cn_resident_id" {
		t.Fatalf("8 valid IDs among junk under 身份证号 not typed: %+v", res.Types)
	}
}

func TestHeaderTokens(t *testing.T) {
	reg := Builtin()
	tests := []struct {
		header, id string
		want       bool
	}{
		{"tel", "phone_number", true},
		{"tel_no", "phone_number", true},
		{"hotel", "phone_number", false},
		{"mob", "phone_number", true},
		{"手机号码（必填）", "phone_number", true},
		{"*手机号", "phone_number", true},
		{"shoujihao", "phone_number", true},
		{"電話", "phone_number", true},
		{"聯絡電話", "phone_number", true},
		{"sfzh", "cn_resident_id", true},
		{"身分證字號", "regional_id", true},
		{"xingming", "person_name", true},
		{"姓名（必填）", "person_name", true},
		{"dob", "birth_date", true},
		{"addr", "postal_address", true},
		{"start_lat", "precise_location", true},
		{"pickupLng", "precise_location", true},
		{"latency_ms", "precise_location", false},
		{"zip", "ip_address", false},
		{"client_ip", "ip_address", true},
		{"法定代表人", "person_name", true},
		{"体重(kg)", "health", true},
		{"血压", "health", true},
		{"product_weight_g", "health", false},
	}
	for _, tt := range tests {
		d, _ := reg.Get(tt.id)
		if got := HeaderHints(d, tt.header); got != tt.want {
			t.Errorf("HeaderHints(%s, %q) = %v, want %v", tt.id, tt.header, got, tt.want)
		}
	}
	if got := NormalizeHeader("手机号码（必填）"); got != "手机号码" {
		t.Errorf("NormalizeHeader = %q", got)
	}
	if got := NormalizeHeader("身分證字號"); got != "身分证字号" {
		t.Errorf("NormalizeHeader = %q", got)
	}
}

func TestLocationHeaders(t *testing.T) {
	d := PreciseLocation{}
	lat, lng, gh := d.ForHeader("start_lat"), d.ForHeader("经度"), d.ForHeader("geohash")
	if lat == nil || lng == nil || gh == nil {
		t.Fatal("no header-specific matchers")
	}
	for _, tt := range []struct {
		m    HintedMatcher
		v    string
		want bool
	}{
		{lat, "31.230416", true}, {lat, "121.473701", false}, {lat, "31.23", false},
		{lng, "121.473701", true}, {lng, "181.0001", false},
		{gh, "wtw3sjq6", true}, {gh, "wtw3", false}, {gh, "hello12", false},
	} {
		if got := tt.m.MatchHinted([]byte(tt.v)); got != tt.want {
			t.Errorf("MatchHinted(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if !d.Match([]byte("POINT(121.473701 31.230416)")) {
		t.Error("WKT point rejected")
	}
}

func TestHealthHeaders(t *testing.T) {
	h := Health{}
	tests := []struct {
		header, v string
		want      bool
	}{
		{"血压", "120/80", true}, {"血压", "120/80mmHg", true}, {"血压", "80/120", false},
		{"身高(cm)", "172", true}, {"身高", "1.72m", true}, {"身高", "900", false},
		{"体重", "65.5kg", true}, {"体重", "130斤", true},
		{"空腹血糖", "5.6", true}, {"空腹血糖", "5.6mmol/L", true},
		{"BMI", "22.4", true}, {"心率", "72次/分", true}, {"血型", "AB型", true}, {"血型", "O+", true},
		{"病历号", "MZ20240001", true}, {"住院号", "ZY-0012345", true},
		{"用药", "二甲双胍 0.5g bid", true}, {"medication", "Metformin 500mg", true},
		{"疫苗接种", "乙肝疫苗第2针", true}, {"过敏史", "青霉素", true},
		{"体检结论", "窦性心律，未见异常", true}, {"诊断编码", "K35.900x001", true}, {"诊断编码", "I10.x00x002", true},
		{"诊断编码", "E11.900", true}, {"用药", "请尽快发货", false},
	}
	for _, tt := range tests {
		m := ColumnMatcher(h, tt.header)
		if got := m([]byte(tt.v)); got != tt.want {
			t.Errorf("health under %q: %q = %v, want %v", tt.header, tt.v, got, tt.want)
		}
	}
	// Plain height and weight are health only in a clinical table.
	table := []string{"患者姓名", "诊断", "height", "weight"}
	if !ColumnMatcher(h, "weight", table...)([]byte("65")) {
		t.Error("weight in a clinical table")
	}
	if ColumnMatcher(h, "weight", "tracking_no", "weight")([]byte("6.5")) {
		t.Error("parcel weight typed health")
	}
}

func TestNamesRealExports(t *testing.T) {
	p := PersonName{}
	for _, v := range []string{"陳大文", "黃志強", "阿沛·阿旺晋美", "买买提·艾力", "ZHANG WEI", "WANG XIAOMING"} {
		if !p.Match([]byte(v)) {
			t.Errorf("Match(%q) = false", v)
		}
	}
	for _, v := range []string{"CHAN Tai Man", "Chan Tai-man", "Chen Chia-hao", "王先生", "陳小姐"} {
		if !p.MatchHinted([]byte(v)) {
			t.Errorf("MatchHinted(%q) = false", v)
		}
	}
	for _, v := range []string{"Long Island", "Ma Cherie Shampoo", "王老吉", "Golden Dragon"} {
		if p.MatchHinted([]byte(v)) {
			t.Errorf("MatchHinted(%q) = true", v)
		}
	}
	last, first := p.ForHeader("last_name"), p.ForHeader("first_name")
	for _, v := range []string{"王", "欧阳", "陳", "Zhang", "CHAN", "Smith"} {
		if !last.MatchHinted([]byte(v)) {
			t.Errorf("surname %q rejected", v)
		}
	}
	for _, v := range []string{"伟", "小明", "Wei", "Tai-man", "John"} {
		if !first.MatchHinted([]byte(v)) {
			t.Errorf("given name %q rejected", v)
		}
	}
	if first.MatchHinted([]byte("店")) || last.MatchHinted([]byte("Ltd")) {
		t.Error("non-names accepted")
	}
}

func TestBiometricEmbeddings(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 128; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strings.TrimRight(strings.TrimRight(formatFloat(r.Float64()*2-1), "0"), "."))
	}
	b.WriteString("]")
	bio := Biometric{}
	if !bio.MatchHinted([]byte(b.String())) {
		t.Error("128-float embedding rejected")
	}
	if bio.Match([]byte(b.String())) {
		t.Error("embedding matched without a header")
	}
	if bio.MatchHinted([]byte("[1, 2, 3]")) {
		t.Error("short vector accepted")
	}
}

func TestTableContext(t *testing.T) {
	loc := TypeMatch{ID: "precise_location", Category: CategorySensitive, Confidence: 0.9}
	addr := TypeMatch{ID: "postal_address", Category: CategoryPersonal, Confidence: 0.9}
	name := TypeMatch{ID: "person_name", Category: CategoryPersonal, Confidence: 0.9}
	fin := TypeMatch{ID: "financial_record", Category: CategorySensitive, Confidence: 0.9}
	// A store list: coordinates and addresses are the store's; the manager is a person.
	classes, _ := TableContext([]string{"门店名称", "门店地址", "lat", "lng", "店长", "营业额"},
		[]ColumnClass{{}, {Types: []TypeMatch{addr}}, {Types: []TypeMatch{loc}}, {Types: []TypeMatch{loc}}, {Types: []TypeMatch{name}}, {Types: []TypeMatch{fin}}})
	for i, c := range classes {
		if (i == 4) != (len(c.Types) == 1) {
			t.Errorf("store list column %d: %+v", i, c.Types)
		}
	}
	// A customer list keeps addresses and locations.
	classes, _ = TableContext([]string{"客户姓名", "收货地址", "lat"},
		[]ColumnClass{{Types: []TypeMatch{name}}, {Types: []TypeMatch{addr}}, {Types: []TypeMatch{loc}}})
	for i, c := range classes {
		if len(c.Types) != 1 {
			t.Errorf("customer list column %d lost its type", i)
		}
	}
	// A province summary describes groups.
	classes, _ = TableContext([]string{"省份", "人数", "平均工资"}, []ColumnClass{{}, {}, {Types: []TypeMatch{fin}}})
	if len(classes[2].Types) != 0 {
		t.Error("summary keeps financial_record")
	}
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }

// BenchmarkEmbeddedRemark measures the embedded scan on a typical customer-service remark cell
// holding a mobile and a resident ID.
func BenchmarkEmbeddedRemark(b *testing.B) {
	v := []byte("2024-03-05 客户来电要求修改收货地址，核实身份证" + validID("11010519900307123") + "，新手机 138-1234-5678，已备注，周末送达")
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		EmbeddedPI{Today: testToday}.Extract(v, func(string, []byte) { n++ })
	}
	if n == 0 {
		b.Fatal("nothing found")
	}
}

// BenchmarkEmbeddedPlainRemark: the common remark without numbers stops at the pre-filter.
func BenchmarkEmbeddedPlainRemark(b *testing.B) {
	v := []byte("请尽快发货，包装要结实，周末不在家请放快递柜，谢谢")
	b.ReportAllocs()
	for b.Loop() {
		EmbeddedPI{Today: testToday}.Extract(v, func(string, []byte) {})
	}
}

// FuzzEmbedded: Extract never panics, never modifies its input, and emits only normal forms of
// the emitted type (what the type's Normalize returns for them); CleanCell is idempotent.
func FuzzEmbedded(f *testing.F) {
	for _, s := range []string{"", "身份证" + validID("11010519900307123") + "，手机 138-1234-5678", "a@b.cn x@y", "卡号6222021234567890128",
		"护照E12345678", "\u200b１３８１２３４５６７８", `="440106199001011234"`, "+86 139 1234 5678 / 0086 13912345678"} {
		f.Add([]byte(s))
	}
	reg := Builtin()
	f.Fuzz(func(t *testing.T, v []byte) {
		orig := slices.Clone(v)
		EmbeddedPI{Today: testToday}.Extract(v, func(typ string, norm []byte) {
			d, ok := reg.Get(typ)
			if !ok {
				t.Fatalf("unknown type %q", typ)
			}
			again, ok := d.(Identifier).Normalize(nil, norm)
			if !ok || string(again) != string(norm) {
				t.Fatalf("%s: emitted %q is not a normal form (%q, %v) for input %q", typ, norm, again, ok, v)
			}
		})
		if string(v) != string(orig) {
			t.Fatal("Extract modified its input")
		}
		c := CleanCell(nil, v)
		if again := CleanCell(nil, c); string(again) != string(c) && !strings.HasPrefix(string(c), "'") && !strings.HasPrefix(string(c), "=\"") && !strings.HasPrefix(string(c), "\"") {
			t.Fatalf("CleanCell not idempotent: %q -> %q -> %q", v, c, again)
		}
		if string(v) != string(orig) {
			t.Fatal("CleanCell modified its input")
		}
	})
}

// TestOrderWordsEndInWordBytes: afterOrderWord rejects a position at once when the byte before
// it is ASCII and neither a letter, '.' nor '#'; that holds only while every order word ends in
// one of those or in a character outside ASCII.
func TestOrderWordsEndInWordBytes(t *testing.T) {
	for _, w := range orderWords {
		c := w[len(w)-1]
		if c < 0x80 && !isLetter(c) && c != '.' && c != '#' {
			t.Errorf("order word %q ends in %q: afterOrderWord's quick rejection would miss it", w, c)
		}
	}
	for _, tt := range []struct {
		v    string
		at   int
		want bool
	}{
		{"订单号 110105199003071234", 10, true},
		{"order: 110105199003071234", 7, true},
		{"No.110105199003071234", 3, true},
		{"#110105199003071234", 1, true},
		{"2026-01-01 08:00:00", 11, false},
		{"110105199003071234", 0, false},
	} {
		if got := afterOrderWord([]byte(tt.v), tt.at); got != tt.want {
			t.Errorf("afterOrderWord(%q, %d) = %v", tt.v, tt.at, got)
		}
	}
}

// TestExtractBareNumberFastPath: Extract's shortcut for a bare number gives what the general
// token walk gives, for valid IDs, permits, mobiles, cards and random digit strings of 8 to 19
// digits.
func TestExtractBareNumberFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	vals := []string{validID("44010619900101123"), "13812345678", "8613812345678", "6222021234567890128", "008613812345678"}
	for range 20000 {
		n := 8 + r.IntN(12)
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		if r.IntN(4) == 0 {
			b[0] = '1' // mobile-like
		}
		vals = append(vals, string(b))
	}
	e := EmbeddedPI{Today: testToday}
	for _, v := range vals {
		var fast, slow []string
		e.Extract([]byte(v), func(typ string, norm []byte) { fast = append(fast, typ+":"+string(norm)) })
		var nb [normBufSize]byte
		extractNumbers([]byte(v), &cellContext{v: []byte(v), today: testToday}, nb[:0], func(typ string, norm []byte) { slow = append(slow, typ+":"+string(norm)) })
		if !slices.Equal(fast, slow) {
			t.Fatalf("Extract(%q) = %q, the token walk %q", v, fast, slow)
		}
	}
}
