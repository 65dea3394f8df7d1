package detect

import "testing"

func TestGenetic(t *testing.T) {
	runValueCases(t, Genetic{}, []valueCase{
		{"DNA sequence", "ACGTTGCAACGTAGCTAGCTAGGCT", true, true},
		{"RNA lower case", "acguuagcuagcuaggcuaacgu", true, true},
		{"rsID", "rs429358", true, true},
		{"VCF line", "chr19\t44908684\trs429358\tT\tC\t.\tPASS", true, true},
		{"VCF line without a base letter", "1\t1234567890123\t.\t.\t*", true, true},
		{"genotype only with header", "AG", false, true},
		{"genotype with slash only with header", "C/T", false, true},
		{"short sequence only with header", "ACGTACGTAC", false, true},
		{"padding of one base", "AAAAAAAAAAAAAAAAAAAAAAAA", false, false},
		{"rs prefix without enough digits", "rs12", false, false},
		{"word", "cactus", false, false},
		{"SKU", "AG-1234", false, false},
	})
}
