package detect

import "bytes"

// Genetic recognises genetic data: nucleotide sequences, SNP ids, genotypes and VCF records.
type Genetic struct{}

var (
	_ Detector      = Genetic{}
	_ HintedMatcher = Genetic{}
)

func init() { register(Genetic{}) }

// ID implements Detector.
func (Genetic) ID() string { return "genetic" }

// Category implements Detector.
func (Genetic) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Genetic) Describe() string {
	return "DNA/RNA sequences (≥ 20 of ACGTUN only), dbSNP ids (rs + 3–10 digits), VCF data lines; " +
		"two-allele genotypes (AA, AG, A/G, C|T) only under a genetic header"
}

// Hints implements Detector.
func (Genetic) Hints() Hints {
	return Hints{
		Words:   []string{"基因", "基因型", "测序", "位点", "genotype", "gene", "dna", "rna", "snp", "genome", "allele", "rsid", "sequence", "vcf"},
		Exclude: []string{"sequenceno", "sequencenumber", "seqno", "序号", "general", "generat", "genesis"},
	}
}

// Match implements Detector.
func (Genetic) Match(v []byte) bool {
	switch {
	case len(v) >= 20:
		return isNucleotideSeq(v) || isVCFLine(v)
	case len(v) >= 5 && v[0] == 'r' && v[1] == 's':
		return isRsID(v)
	}
	return false
}

// MatchHinted implements HintedMatcher: genotypes count under a genetic header.
func (g Genetic) MatchHinted(v []byte) bool {
	return g.Match(v) || isGenotype(v) || (len(v) >= 8 && isNucleotideSeq(v))
}

func isNucleotide(c byte) bool {
	switch c &^ 0x20 {
	case 'A', 'C', 'G', 'T', 'U', 'N':
		return true
	}
	return false
}

// isNucleotideSeq needs all four bases present so "AAAAAAAAAAAAAAAAAAAA" padding does not count.
func isNucleotideSeq(v []byte) bool {
	var seen [4]bool
	for _, c := range v {
		if !isNucleotide(c) {
			return false
		}
		switch c &^ 0x20 {
		case 'A':
			seen[0] = true
		case 'C':
			seen[1] = true
		case 'G':
			seen[2] = true
		case 'T', 'U':
			seen[3] = true
		}
	}
	return seen[0] && seen[1] && seen[2] && seen[3]
}

func isRsID(v []byte) bool {
	d := v[2:]
	if len(d) < 3 || len(d) > 10 {
		return false
	}
	for _, c := range d {
		if !asciiDigit(c) {
			return false
		}
	}
	return true
}

func isAllele(c byte) bool {
	switch c {
	case 'A', 'C', 'G', 'T', 'D', 'I':
		return true
	}
	return false
}

// isGenotype: "AG", "A/G", "A|G", "--" (no call).
func isGenotype(v []byte) bool {
	switch len(v) {
	case 2:
		return (isAllele(v[0]) && isAllele(v[1])) || (v[0] == '-' && v[1] == '-')
	case 3:
		return isAllele(v[0]) && isAllele(v[2]) && (v[1] == '/' || v[1] == '|')
	}
	return false
}

// isVCFLine: CHROM POS ID REF ALT separated by tabs, REF and ALT made of bases.
func isVCFLine(v []byte) bool {
	if bytes.Count(v, []byte{'\t'}) < 4 {
		return false
	}
	var f [5][]byte
	rest := v
	for k := 0; k < 5; k++ {
		i := bytes.IndexByte(rest, '\t')
		if i < 0 {
			f[k], rest = rest, nil
		} else {
			f[k], rest = rest[:i], rest[i+1:]
		}
	}
	chrom := bytes.TrimPrefix(f[0], []byte("chr"))
	if len(chrom) == 0 || len(chrom) > 2 {
		return false
	}
	if !(asciiDigit(chrom[0]) || bytes.Equal(chrom, []byte("X")) || bytes.Equal(chrom, []byte("Y")) || bytes.Equal(chrom, []byte("MT")) || bytes.Equal(chrom, []byte("M"))) {
		return false
	}
	if len(f[1]) == 0 {
		return false
	}
	for _, c := range f[1] {
		if !asciiDigit(c) {
			return false
		}
	}
	for _, field := range f[3:5] {
		if len(field) == 0 {
			return false
		}
		for _, c := range field {
			if !isNucleotide(c) && c != ',' && c != '.' && c != '*' {
				return false
			}
		}
	}
	return true
}

// MayMatch implements Prefilter: a nucleotide sequence (all four bases) and an rs id have
// letters; a VCF line has tabs, and may have no letter at all (CHROM 1, ID ., REF ., ALT *).
func (Genetic) MayMatch(s Shape) bool { return s.Letters >= 2 || s.Has('\t') }

var _ Prefilter = Genetic{}
