package detect

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPrefiltersDecideOnPlanKeys: no built-in prefilter asks which digits or letters a value
// holds or tells counts from planCountCap on apart, so values whose shapes have one planKey
// (keyOf) may share a plan (shapePlans).
func TestPrefiltersDecideOnPlanKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 20))
	shapes := []Shape{}
	for _, v := range prefilterValues(t) {
		shapes = append(shapes, ShapeOf(CleanCell(nil, []byte(v))))
	}
	count := func() int { return r.IntN(2*planCountCap + 10) }
	for range 50000 {
		shapes = append(shapes, Shape{Len: count(), Digits: count(), Letters: count(), NonASCII: count(),
			seen: [2]uint64{r.Uint64(), r.Uint64()}})
	}
	for _, d := range Builtin().All() {
		pf, ok := d.(Prefilter)
		if !ok {
			continue
		}
		for _, s := range shapes {
			want := pf.MayMatch(s)
			k := s // the shape of the key: counts capped, no digit or letter seen
			k.Len, k.Digits = min(k.Len, planCountCap), min(k.Digits, planCountCap)
			k.Letters, k.NonASCII = min(k.Letters, planCountCap), min(k.NonASCII, planCountCap)
			k.seen[0] &^= digitBits
			k.seen[1] &^= letterBits
			if keyOf(&k) != keyOf(&s) {
				t.Fatalf("%+v and %+v have different plan keys", s, k)
			}
			variants := []Shape{k}
			for _, mask := range [][2]uint64{{digitBits, letterBits}, {r.Uint64() & digitBits, r.Uint64() & letterBits}} {
				o := k
				o.seen[0] |= mask[0]
				o.seen[1] |= mask[1]
				variants = append(variants, o)
			}
			for _, o := range variants {
				if pf.MayMatch(o) != want {
					t.Fatalf("%s: MayMatch(%+v) = %v, but %v for %+v, of the same planKey", d.ID(), s, want, !want, o)
				}
			}
		}
	}
}

// referenceHits is the candidate loop as it was before plans: every candidate, its digit and
// prefilter tests asked per value.
func referenceHits(c *Classifier, v []byte) []int {
	var hits []int
	sh := ShapeOf(v)
	for i := range c.cands {
		cd := &c.cands[i]
		if cd.digits && sh.Digits == 0 {
			continue
		}
		ok := (cd.pf == nil || cd.pf.MayMatch(sh)) && cd.d.Match(v)
		if !ok && cd.hm != nil {
			ok = cd.hm.MatchHinted(v)
		}
		if ok {
			hits = append(hits, i)
		}
	}
	return hits
}

// TestPlansChangeNoHit: under headers hinting every kind of type, each labelled and corpus value
// is matched by the same candidates through the column's plans as through the per-value loop,
// with values of every shape interleaved so that plans are made, found and evicted.
func TestPlansChangeNoHit(t *testing.T) {
	vals := prefilterValues(t)
	reg := Builtin()
	headers := []string{"", "备注", "手机号", "姓名", "身份证号", "地址", "诊断", "人脸特征", "宗教信仰", "民族", "性别",
		"银行卡号", "护照号", "通行证", "设备号", "IP", "email", "坐标", "车牌", "病历号", "身高", "血压"}
	for _, h := range headers {
		c := NewClassifier(reg, h, ClassifyOptions{})
		for _, raw := range vals {
			v, _ := cleanCell(nil, []byte(raw))
			if len(v) == 0 {
				continue
			}
			o := c.evaluate(v)
			if o.kind != outTried {
				continue
			}
			got := slices.Collect(eachBit(c.slab[o.at : int(o.at)+c.words]))
			c.slab = c.slab[:o.at]
			if want := referenceHits(c, v); !slices.Equal(got, want) {
				t.Errorf("header %q, value %q: plan hits %v, per-value loop %v", h, v, got, want)
			}
		}
	}
}
