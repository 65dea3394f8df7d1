package scanner

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Test data generators written from the standards (docs/detectors.md, "Check algorithms"): every value is
// valid for its type, and the same generator seed gives the same values.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentID returns an 18-character resident ID number with a valid check character.
func residentID(region string, y, m, d, seq int) string {
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, m, d, seq%1000)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// luhn appends the Luhn check digit to body.
func luhn(body string) string {
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		v := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, 7))} }

var (
	regions  = []string{"110105", "310101", "440106", "330106", "510107", "420106"}
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超")
)

func (g *gen) id(person int, year int) string {
	return residentID(regions[person%len(regions)], year, 1+person%12, 1+person%28, person)
}

func (g *gen) mobile(person int) string { return fmt.Sprintf("138%08d", 12345678+person*37) }

func (g *gen) name(person int) string {
	return string(surnames[person%len(surnames)]) + string(given[(person/7)%len(given)]) + string(given[(person/3)%len(given)])
}

func (g *gen) email(person int) string { return fmt.Sprintf("user%d@example.com", person) }

func (g *gen) card(person int) string { return luhn(fmt.Sprintf("622202%012d", person)) }

// csvFile renders rows as CSV text with a header.
func csvFile(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(header, ","))
	b.WriteByte('\n')
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
