package detect

import "testing"

func TestPersonName(t *testing.T) {
	runValueCases(t, PersonName{}, []valueCase{
		{"two-rune Chinese name", "王伟", true, true},
		{"three-rune Chinese name", "张晓明", true, true},
		{"compound surname", "欧阳娜娜", true, true},
		{"compound surname three runes", "诸葛亮", true, true},
		{"minority name with dot", "阿沛·阿旺晋美", true, true},
		{"transliterated name", "约翰·史密斯", true, true},
		{"full-width spaces folded", "John　Smith", true, true},
		{"Latin name", "John Smith", true, true},
		{"Latin name with initial", "Mary J. Watson", true, true},
		{"Latin name in capitals", "MARIA SILVA", true, true},
		{"family name first with comma", "Smith, John", true, true},
		{"Irish family name", "Kevin O'Brien", true, true},
		{"product with surname char", "王老吉凉茶", false, false},
		{"wine brand", "张裕干红", false, false},
		{"three-rune product", "王老吉", false, false},
		{"shop name", "李记茶店", false, false},
		{"company", "李宁体育用品有限公司", false, false},
		{"city", "广州", false, false},
		{"city with suffix", "深圳市", false, false},
		{"ethnic group", "汉族", false, false},
		{"religion", "佛教", false, false},
		{"single rune", "王", false, false},
		{"single word", "Smith", false, false},
		{"digits in name", "王1", false, false},
		{"punctuation", "王，伟", false, false},
		{"four runes without compound surname", "张三丰丰", false, false},
		{"unknown first name", "Galaxy Note", false, false},
		{"company in Latin", "John Smith Ltd", false, false},
		{"lower case", "john smith", false, false},
		{"four tokens", "John Paul Jones Smith", false, false},
		{"pinyin family name first", "Zhang Wei", true, true},
		{"pinyin family name last", "Xiaoming Wang", true, true},
		{"pinyin in capitals", "LIU YANG", true, true},
		{"pinyin surname with English word", "Long Island", false, false},
		{"pinyin surname with product word", "Ma Cherie Shampoo", false, false},
		{"trailing dot", "约翰·", false, false},
	})
}

func TestPersonNameCommonWords(t *testing.T) {
	// Two-rune words starting with a family-name character: colours, couriers, shop tags, brands.
	for _, v := range []string{"黄色", "白色", "金色", "申通", "中通", "百世", "京东", "方便", "时尚", "全棉", "真皮", "包邮",
		"江湖", "文化", "常规", "经典", "简约", "商务", "运动", "时尚款", "自营", "好评", "中评", "满意", "华为", "海尔", "格力", "美的", "国美"} {
		if (PersonName{}).Match([]byte(v)) {
			t.Errorf("Match(%q) = true, want false", v)
		}
	}
}
