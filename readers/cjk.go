package readers

import (
	"errors"
	"math"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// Choosing among the CJK legacy encodings (docs/encodings.md has the reasoning and the numbers).
//
// Text that is not UTF-8 and has no byte-order mark is, in practice, one of four double-byte
// encodings: GB18030 (and its subsets GBK and GB2312: mainland China), Big5 (Taiwan, Hong Kong),
// Shift-JIS (Japan) or EUC-KR (Korea). Their byte ranges overlap: almost any Big5 or EUC-KR file
// is also valid GBK, and GB2312 text is mostly valid Big5. Decoding validity alone cannot choose;
// which characters come out of each decoding can.
//
// ICU's detector (ported to Go as github.com/saintfish/chardet and github.com/gogs/chardet) was
// evaluated first. It is right on a paragraph of text, but on the short files that matter here
// (a header and a few rows of names) every CJK recogniser returns the same floor confidence (10)
// and the winner is a single-byte Latin or Cyrillic charset, for Big5, GBK, Shift-JIS and EUC-KR
// alike. So the choice is made by a small likelihood model of our own instead:
//
//  1. Each candidate must decode the prefix as x/text decodes it with (almost) no undecodable
//     sequences and without control-character junk, as GB18030 had to before.
//  2. Each surviving candidate scores the prefix as a sum of log-probabilities of its
//     non-ASCII characters under a class unigram model: the encoding's code space is cut into
//     classes that its own standard defines by frequency of use (GB2312 level 1, the 3,755 most
//     used hanzi; Big5's 5,401 "frequently used" characters; JIS level-1 kanji and the kana;
//     KS X 1001's 2,350 hangul syllables; then the less used blocks, symbols, and extensions),
//     each with a share of running text; a character's probability is its class's share divided
//     by the class's size. Characters that only exist because the bytes were decoded under the
//     wrong encoding land in rare classes (Big5 text read as GBK gives GBK-extension characters
//     and kana rows; Shift-JIS read as GBK gives GBK/3; GBK read as EUC-KR gives hanja) and cost
//     dearly.
//  3. A prior favours GB18030 (this tool audits exports from China): Big5 −1.4, Shift-JIS and
//     EUC-KR −2.3 (natural log). A Korean file needs about five hangul syllables to outweigh it;
//     a shorter ambiguous file is read as GB18030.
//
// x/text has no Big5-HKSCS encoding, but its Big5 decoder is the WHATWG one, whose index
// includes the HKSCS-2008 characters: Hong Kong files decode, and are reported as big5.

// legacyEncoding is one candidate: its name, decoder, prior and character classifier.
type legacyEncoding struct {
	name  string
	enc   encoding.Encoding
	prior float64
	// single classifies a lead byte that is a character by itself (Shift-JIS half-width kana)
	// or never valid; nil when there is none besides 80 and FF.
	single func(l byte) (class, bool)
	// trail says which second bytes the encoding has; fourByte adds GB18030's four-byte form.
	trail    func(t byte) bool
	fourByte bool
	// cells map double-byte codes to classes, the first match winning; other is the rest.
	cells []cell
	other class
	// model gives each class its share of running text and its number of characters.
	model map[class][2]float64
}

// class of a character in a legacy encoding's code space.
type class uint8

const (
	clsInvalid    class = iota
	clsCommon           // the standard's most used characters (GB2312 level 1, Big5 frequent, JIS level-1 kanji, KS X 1001 hangul)
	clsLess             // the less used block (GB2312 level 2, Big5 less frequent, JIS level 2, hanja)
	clsSymbol           // punctuation and full-width forms
	clsRareSymbol       // other symbol rows: kana in a Chinese or Korean set, Greek, Cyrillic, box drawing
	clsKana             // Shift-JIS hiragana and katakana
	clsHalfKana         // Shift-JIS half-width katakana
	clsExt              // extensions and user-defined rows (GBK/3-5, HKSCS, NEC/IBM, UHC)
	clsExt4             // GB18030 four-byte sequences
)

// invalidLogP is what a sequence the encoding cannot have costs: about one in a million.
const invalidLogP = -14.0

var legacyEncodings = []*legacyEncoding{
	{name: EncodingGB18030, enc: simplifiedchinese.GB18030, prior: 0,
		trail:    func(t byte) bool { return between(t, 0x40, 0x7E) || between(t, 0x80, 0xFE) },
		fourByte: true,
		cells: []cell{
			{0x81, 0xFE, 0x40, 0xA0, clsExt}, // GBK/3, GBK/4, GBK/5
			{0xA1, 0xA3, 0xA1, 0xFE, clsSymbol},
			{0xA4, 0xA9, 0xA1, 0xFE, clsRareSymbol},
			{0xB0, 0xD7, 0xA1, 0xFE, clsCommon}, // GB2312 level 1
			{0xD8, 0xF7, 0xA1, 0xFE, clsLess},   // GB2312 level 2
		},
		other: clsExt, // user-defined rows
		model: map[class][2]float64{clsCommon: {0.80, 3755}, clsLess: {0.05, 3008}, clsSymbol: {0.13, 282}, clsRareSymbol: {0.005, 564}, clsExt: {0.01, 24000}, clsExt4: {0.001, 39420}}},
	{name: EncodingBig5, enc: traditionalchinese.Big5, prior: math.Log(0.25),
		trail: func(t byte) bool { return between(t, 0x40, 0x7E) || between(t, 0xA1, 0xFE) },
		cells: []cell{
			{0xA1, 0xA2, 0x00, 0xFF, clsSymbol}, {0xA3, 0xA3, 0x00, 0xBF, clsSymbol}, // A140–A3BF
			{0xA4, 0xC5, 0x00, 0xFF, clsCommon}, {0xC6, 0xC6, 0x00, 0x7E, clsCommon}, // A440–C67E
			{0xC9, 0xF8, 0x00, 0xFF, clsLess}, {0xF9, 0xF9, 0x00, 0xD5, clsLess}, // C940–F9D5
		},
		other: clsExt, // HKSCS (leads 81–A0, FA–FE), ETEN and reserved rows
		model: map[class][2]float64{clsCommon: {0.82, 5401}, clsLess: {0.05, 7652}, clsSymbol: {0.12, 408}, clsExt: {0.01, 5000}}},
	{name: EncodingShiftJIS, enc: japanese.ShiftJIS, prior: math.Log(0.1),
		single: func(l byte) (class, bool) {
			switch {
			case between(l, 0xA1, 0xDF):
				return clsHalfKana, true
			case l == 0xA0 || l >= 0xFD:
				return clsInvalid, true
			}
			return 0, false
		},
		trail: func(t byte) bool { return between(t, 0x40, 0x7E) || between(t, 0x80, 0xFC) },
		cells: []cell{
			{0x82, 0x82, 0x9F, 0xF1, clsKana}, {0x83, 0x83, 0x40, 0x96, clsKana}, // hiragana, katakana
			{0x81, 0x82, 0x00, 0xFF, clsSymbol},
			{0x83, 0x84, 0x00, 0xFF, clsRareSymbol},
			{0x88, 0x88, 0x9F, 0xFF, clsCommon}, {0x89, 0x97, 0x00, 0xFF, clsCommon}, {0x98, 0x98, 0x00, 0x72, clsCommon}, // JIS level 1
			{0x98, 0x98, 0x9F, 0xFF, clsLess}, {0x99, 0xE9, 0x00, 0xFF, clsLess}, {0xEA, 0xEA, 0x00, 0xA4, clsLess}, // JIS level 2
		},
		other: clsExt, // NEC, IBM and user-defined rows
		model: map[class][2]float64{clsKana: {0.40, 169}, clsCommon: {0.40, 2965}, clsLess: {0.03, 3390}, clsSymbol: {0.13, 300}, clsRareSymbol: {0.005, 200}, clsHalfKana: {0.02, 63}, clsExt: {0.01, 2000}}},
	// x/text's EUC-KR decoder is CP949 (UHC), which adds lead 81–C6 with trail 41–5A, 61–7A, 81–FE
	// for the hangul syllables outside KS X 1001.
	{name: EncodingEUCKR, enc: korean.EUCKR, prior: math.Log(0.1),
		trail: func(t byte) bool { return between(t, 0x41, 0x5A) || between(t, 0x61, 0x7A) || between(t, 0x81, 0xFE) },
		cells: []cell{
			{0xB0, 0xC8, 0xA1, 0xFE, clsCommon}, // KS X 1001 hangul
			{0xA1, 0xA3, 0xA1, 0xFE, clsSymbol},
			{0xA4, 0xAC, 0xA1, 0xFE, clsRareSymbol},
			{0xCA, 0xFD, 0xA1, 0xFE, clsLess}, // hanja
			{0xA1, 0xFE, 0xA1, 0xFE, clsExt},  // user-defined rows
			{0x81, 0xC6, 0x00, 0xFF, clsExt},  // UHC
		},
		other: clsInvalid,
		model: map[class][2]float64{clsCommon: {0.88, 2350}, clsSymbol: {0.09, 282}, clsRareSymbol: {0.005, 846}, clsLess: {0.01, 4888}, clsExt: {0.01, 9300}}},
}

// detectLegacy names the CJK legacy encoding of prefix, or "" when none decodes it plausibly.
// more says the stream continues after prefix (its last character may be cut).
func detectLegacy(prefix []byte, more bool) string {
	best, bestScore := "", math.Inf(-1)
	for _, le := range legacyEncodings {
		if !plausibleDecode(le.enc, prefix, more) {
			continue
		}
		if s := le.score(prefix); s > bestScore {
			best, bestScore = le.name, s
		}
	}
	return best
}

// score is the log-likelihood of prefix's distinct non-ASCII characters under the encoding, plus
// its prior. Each distinct character counts once: a column repeating one word 10,000 times (a
// city, a header) would otherwise decide alone.
func (le *legacyEncoding) score(p []byte) float64 {
	logp := make(map[class]float64, len(le.model))
	for c, m := range le.model {
		logp[c] = math.Log(m[0] / m[1])
	}
	seen := make(map[uint32]bool)
	s := le.prior
	for len(p) > 0 {
		if p[0] < 0x80 {
			p = p[1:]
			continue
		}
		c, n := le.classify(p)
		if n == 0 {
			break // cut at the end of the prefix
		}
		var key uint32
		for _, b := range p[:n] {
			key = key<<8 | uint32(b)
		}
		p = p[n:]
		if seen[key] {
			continue
		}
		seen[key] = true
		if lp, ok := logp[c]; ok && c != clsInvalid {
			s += lp
		} else {
			s += invalidLogP
		}
	}
	return s
}

// plausibleDecode decodes prefix with enc and accepts it when almost nothing was undecodable and
// the text is not control-character junk. GBK and GB2312 are subsets of GB18030, so files saved
// by Chinese Excel pass as GB18030.
func plausibleDecode(enc encoding.Encoding, prefix []byte, more bool) bool {
	dec := enc.NewDecoder()
	dst := make([]byte, len(prefix)*2+16)
	n, _, err := dec.Transform(dst, prefix, !more)
	if err != nil && !errors.Is(err, transform.ErrShortSrc) {
		return false
	}
	out := dst[:n]
	runes, bad, junk := 0, 0, 0
	for len(out) > 0 {
		r, size := utf8.DecodeRune(out)
		out = out[size:]
		runes++
		switch {
		case r == utf8.RuneError:
			bad++
		case r < 0x80 && isJunkControl(byte(r)):
			junk++
		}
	}
	return runes > 0 && bad*1000 <= runes && junk*20 <= runes
}

// cell is a rectangle of double-byte codes, lead l0–l1 by trail t0–t1, and their class.
type cell struct {
	l0, l1, t0, t1 byte
	cls            class
}

// classify returns the class of the character at the start of b (b[0] ≥ 0x80) and its length in
// bytes; length 0 means b ends inside a character.
func (le *legacyEncoding) classify(b []byte) (class, int) {
	l := b[0]
	if le.single != nil {
		if c, ok := le.single(l); ok {
			return c, 1
		}
	}
	if l == 0x80 || l == 0xFF {
		return clsInvalid, 1
	}
	if len(b) < 2 {
		return 0, 0
	}
	t := b[1]
	if le.fourByte && t >= 0x30 && t <= 0x39 { // GB18030: 81–FE 30–39 81–FE 30–39
		if len(b) < 4 {
			return 0, 0
		}
		if b[2] >= 0x81 && b[2] <= 0xFE && b[3] >= 0x30 && b[3] <= 0x39 {
			return clsExt4, 4
		}
		return clsInvalid, 1
	}
	if !le.trail(t) {
		return clsInvalid, 1
	}
	for _, c := range le.cells {
		if l >= c.l0 && l <= c.l1 && t >= c.t0 && t <= c.t1 {
			return c.cls, 2
		}
	}
	return le.other, 2
}

func between(c, lo, hi byte) bool { return c >= lo && c <= hi }
