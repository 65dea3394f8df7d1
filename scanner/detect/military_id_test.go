package detect

import (
	"fmt"
	"slices"
	"testing"
)

var militaryCases = []matchCase{
	{"Nanjing officer card", "南字第1234567号", true},
	{"generic army", "军字第7654321号", true},
	{"navy, eight digits", "海字第12345678号", true},
	{"air force, six digits", "空字第123456号", true},
	{"traditional 號", "南字第1234567號", true},
	{"spaces", " 北字第 1234567 号 ", true},
	{"full-width digits", "南字第１２３４５６７号", true},
	{"unknown prefix", "猫字第1234567号", false},
	{"five digits", "南字第12345号", false},
	{"nine digits", "南字第123456789号", false},
	{"all same", "南字第1111111号", false},
	{"letters", "南字第12345AB号", false},
	{"an address", "南京路第123号", false},
	{"a house number", "中山路123号", false},
	{"resident ID", genID("110105", 1990, 3, 7, 123), false},
	{"empty", "", false},
}

func TestMilitaryIDMatch(t *testing.T) {
	checkMatch(t, MilitaryID{}, append(militaryCases,
		matchCase{"without 第/号 needs header", "南字1234567", false},
		matchCase{"bare digits need header", "1234567", false},
	))
}

func TestMilitaryIDMatchHinted(t *testing.T) {
	checkHinted(t, MilitaryID{}, append(militaryCases,
		matchCase{"without 第/号", "南字1234567", true},
		matchCase{"bare seven digits", "1234567", true},
		matchCase{"bare eight digits", "12345678", true},
		matchCase{"bare six digits", "123456", false},
		matchCase{"bare all same", "0000000", false},
	))
	checkNormalize(t, MilitaryID{}, map[string]string{
		"南字第1234567号": "南1234567", "南字 1234567": "南1234567", "1234567": "1234567", "南京路第123号": "",
	})
}

// TestMilitaryIDColumns is the labelled test: a column of card numbers is typed military_id,
// sensitive, an identity document, by its values alone and under its header; columns that only
// look alike are not.
func TestMilitaryIDColumns(t *testing.T) {
	prefixes := []string{"南", "北", "沈", "兰", "济", "广", "成", "海", "空", "军"}
	var full, bare []string
	for i := range 60 {
		n := 1000000 + i*7919
		full = append(full, fmt.Sprintf("%s字第%d号", prefixes[i%len(prefixes)], n))
		bare = append(bare, fmt.Sprint(n))
	}
	positives := []struct {
		header, what string
		values       []string
	}{
		{"证件", "full form, neutral header", full},
		{"军官证号", "full form, officer header", full},
		{"officer id", "bare digits, English officer header", bare},
		{"士兵证", "bare digits, soldier header", bare},
	}
	for _, c := range positives {
		if ids := typeIDs(classifyValues(c.header, c.values)); !slices.Contains(ids, "military_id") {
			t.Errorf("%s: types %v, want military_id", c.what, ids)
		}
	}
	negatives := []struct {
		header, what string
		values       []string
	}{
		{"数量", "bare digits without a card header", bare},
		{"地址", "street numbers", repeat(60, "南京路第123号", "中山路45号", "北京西路第7号")},
	}
	for _, c := range negatives {
		if ids := typeIDs(classifyValues(c.header, c.values)); slices.Contains(ids, "military_id") {
			t.Errorf("%s: typed military_id (%v)", c.what, ids)
		}
	}
	d, _ := Builtin().Get("military_id")
	if d == nil || d.Category() != CategorySensitive || !IsIdentityDocument("military_id") {
		t.Errorf("military_id must be a built-in, sensitive identity document")
	}
	if m := Mask("military_id", []byte("南1234567")); m != "南12*****" {
		t.Errorf("mask = %q", m)
	}
}
