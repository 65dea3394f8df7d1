package detect

import "testing"

// idBenchCases are the value shapes of an ID column: a valid plain 18-character ID, the same
// with a wrong check character, one with surrounding spaces and a legacy 15-digit number.
func idBenchCases() []struct{ name, v string } {
	valid := genID("110105", 1990, 3, 7, 123)
	bad := []byte(valid)
	if bad[17] == '0' {
		bad[17] = '1'
	} else {
		bad[17] = '0'
	}
	return []struct{ name, v string }{
		{"valid18", valid},
		{"badcheck", string(bad)},
		{"spaces", "  " + valid + " "},
		{"legacy15", "110105900307123"},
	}
}

// BenchmarkResidentIDNormalize measures the scanner's per-row work on an ID cell, Normalize then
// BirthDateNormalized, for the pre-fast-path oracle ("old") and the current code ("new").
func BenchmarkResidentIDNormalize(b *testing.B) {
	for _, c := range idBenchCases() {
		v := []byte(c.v)
		dst := make([]byte, 0, 32)
		b.Run(c.name+"/old", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if norm, ok := oldIDNormalize(dst[:0], v); ok {
					oldIDBirthDateNormalized(norm)
				}
			}
		})
		b.Run(c.name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			var d ResidentID
			for b.Loop() {
				if norm, ok := d.Normalize(dst[:0], v); ok {
					d.BirthDateNormalized(norm)
				}
			}
		})
	}
}

// BenchmarkResidentIDMatchShapes measures Match, the sampling path, on the same shapes.
func BenchmarkResidentIDMatchShapes(b *testing.B) {
	for _, c := range idBenchCases() {
		v := []byte(c.v)
		b.Run(c.name+"/old", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				oldIDMatch(v)
			}
		})
		b.Run(c.name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ResidentID{}.Match(v)
			}
		})
	}
}

// BenchmarkPhoneNormalize measures Normalize of a plain mobile and of a formatted one.
func BenchmarkPhoneNormalize(b *testing.B) {
	for _, c := range []struct{ name, v string }{
		{"mobile", "13812345678"},
		{"formatted", "+86 138-1234-5678"},
	} {
		v := []byte(c.v)
		dst := make([]byte, 0, 32)
		b.Run(c.name+"/old", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				oldPhoneNormalize(dst[:0], v)
			}
		})
		b.Run(c.name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Phone{}.Normalize(dst[:0], v)
			}
		})
	}
}
