package detect

import "testing"

func TestGender(t *testing.T) {
	runValueCases(t, Gender{}, []valueCase{
		{"男", "男", true, true},
		{"女性", "女性", true, true},
		{"male", "Male", true, true},
		{"female upper case", "FEMALE", true, true},
		{"Portuguese", "feminino", true, true},
		{"M only with header", "M", false, true},
		{"f lower only with header", "f", false, true},
		{"numeric code only with header", "1", false, true},
		{"unknown only with header", "未知", false, true},
		{"size", "XL", false, false},
		{"word containing male", "males only", false, false},
		{"name", "王伟", false, false},
	})
}
