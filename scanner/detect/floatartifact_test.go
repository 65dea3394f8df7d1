package detect

import "testing"

// TestFloatArtifacts: identifiers exported through a float column keep a trailing ".0"
// (13812345678.0); they are the same identifiers, and normalise to the same persons.
func TestFloatArtifacts(t *testing.T) {
	tests := []struct {
		d      Identifier
		plain  string
		floaty string
	}{
		{Phone{}, "13812345678", "13812345678.0"},
		{BankCard{}, "6222021234567890128", "6222021234567890128.0"},
		{ResidentID{}, "440524800101001", "440524800101001.0"},
	}
	for _, tc := range tests {
		want, ok := tc.d.Normalize(nil, []byte(tc.plain))
		if !ok {
			t.Fatalf("%s: not valid", tc.plain)
		}
		got, ok := tc.d.Normalize(nil, []byte(tc.floaty))
		if !ok || string(got) != string(want) {
			t.Errorf("%s: Normalize = %q %v, want %q", tc.floaty, got, ok, want)
		}
		if !tc.d.(Detector).Match([]byte(tc.floaty)) {
			t.Errorf("%s: no match", tc.floaty)
		}
	}
	for _, v := range []string{"13812345678.5", "1381234.0", "12.0", "13812345678.00"} {
		if (Phone{}).Match([]byte(v)) {
			t.Errorf("%s matched as a phone number", v)
		}
	}
}
