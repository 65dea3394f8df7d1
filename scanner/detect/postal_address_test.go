package detect

import "testing"

func TestPostalAddress(t *testing.T) {
	runValueCases(t, PostalAddress{}, []valueCase{
		{"full Chinese address", "北京市朝阳区建国路88号SOHO现代城2号楼1502室", true, true},
		{"province city district", "广东省深圳市南山区科技园南路15号", true, true},
		{"known city without suffix", "上海浦东张江路100弄3号", true, true},
		{"village", "河南省周口市郸城县汲冢镇王庄村三组", true, true},
		{"residential compound", "杭州市西湖区文三路阳光花园5栋2单元301", true, true},
		{"street and number only", "中山路128号", true, true},
		{"full-width digits", "北京市海淀区中关村大街１号", true, true},
		{"US address", "1600 Pennsylvania Ave NW, Washington", true, true},
		{"street with dot", "42 Wallaby Way., Sydney", true, true},
		{"Brazilian address", "Rua Augusta, 1500, São Paulo", true, true},
		{"city alone", "北京市", false, false},
		{"city and district", "北京市朝阳区", false, false},
		{"province and city", "广东省深圳市", false, false},
		{"company name", "北京市朝阳区建国路88号某某有限公司", false, false},
		{"product", "王老吉凉茶", false, false},
		{"Latin without number", "Main Street Springfield", false, false},
		{"Latin without street type", "123 Springfield Illinois", false, false},
		{"too short", "1号", false, false},
	})
}
