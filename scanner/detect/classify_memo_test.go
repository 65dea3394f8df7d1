package detect

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// classifyBoth classifies values twice, with the value memo and with every value tried, and
// fails when the results differ in anything (counts, confidences, examples, embedded).
func classifyBoth(t *testing.T, reg *Registry, header string, table []string, values []string) {
	t.Helper()
	memo := NewClassifier(reg, header, ClassifyOptions{Table: table})
	plain := NewClassifier(reg, header, ClassifyOptions{Table: table})
	plain.memo.off = true
	for _, v := range values {
		memo.Add([]byte(v))
		plain.Add([]byte(v))
	}
	if got, want := memo.Result(), plain.Result(); !reflect.DeepEqual(got, want) {
		t.Errorf("column %q: with the memo\n%+v\nevery value tried\n%+v", header, got, want)
	}
	memo.Release() // the next column's memo starts from this one's recycled table
}

// TestReleasedMemoHoldsNoValue: a memo given back to the registry keeps no byte of the values
// it held, and its table is what the registry hands the next column.
func TestReleasedMemoHoldsNoValue(t *testing.T) {
	reg := Builtin()
	c := NewClassifier(reg, "手机号", ClassifyOptions{})
	for range 3 {
		for _, v := range []string{"13812345678", "13912345678", "张三"} {
			c.Add([]byte(v))
		}
	}
	// The table and arena as Release finds them: what it clears must be these, whether or not
	// the pool keeps them (under -race it may drop them).
	slots, arena := c.memo.slots, c.memo.arena[:cap(c.memo.arena)]
	if len(slots) == 0 || len(c.memo.arena) == 0 {
		t.Fatal("the memo kept nothing: the test would prove nothing")
	}
	c.Release()
	for i, x := range arena {
		if x != 0 {
			t.Fatalf("released arena byte %d is %q, want 0", i, x)
		}
	}
	for i, sl := range slots {
		if sl != (memoSlot{}) {
			t.Fatalf("released slot %d holds %+v", i, sl)
		}
	}
	b, ok := reg.memos.Get().(*memoBuf)
	switch {
	case !ok && raceEnabled:
		t.Log("the race detector's sync.Pool dropped the table: recycling not checked")
	case !ok:
		t.Fatal("the memo's table was not recycled")
	case &b.slots[0] != &slots[0] || len(b.arena) != 0 || cap(b.arena) != cap(arena):
		t.Fatal("the registry recycled another table than the released memo's, or a non-empty arena")
	}
}

// TestValueMemoChangesNothing runs the labelled columns as they are and with their values
// repeated in random order (so the memo replays many of them), plus columns that mix repeats,
// masked, hashed, damaged and embedded values.
func TestValueMemoChangesNothing(t *testing.T) {
	reg := Builtin()
	r := rand.New(rand.NewPCG(7, 20))
	cols := labelledColumns()
	table := make([]string, 0, len(cols))
	for _, c := range cols {
		table = append(table, c.header)
	}
	for i, c := range cols {
		classifyBoth(t, reg, c.header, nil, c.values)
		rep := make([]string, 0, 3*len(c.values))
		for range 3 * len(c.values) {
			rep = append(rep, c.values[r.IntN(len(c.values))])
		}
		classifyBoth(t, reg, c.header, table[max(0, i-3):min(len(table), i+3)], rep)
	}
	mixed := []string{"13812345678", "138****5678", "d41d8cd98f00b204e9800998ecf8427e", "4.40106E+17",
		"440106199001011000", "客户备注：电话13812345678，身份证11010519491231002X", "无", "", "  ",
		"张三", "N/A", "user@example.com", "=\"13812345678\"", "１３８１２３４５６７８"}
	var vals []string
	for range 3000 {
		vals = append(vals, mixed[r.IntN(len(mixed))])
	}
	for _, h := range []string{"", "备注", "手机号", "证件号码", "name"} {
		classifyBoth(t, reg, h, nil, vals)
	}
	long := strings.Repeat("客户备注：请尽快发货，", 8) + "电话13812345678"
	classifyBoth(t, reg, "备注", nil, []string{long, long, "张三", long, "张三"})
}

// TestValueMemoBounds checks that long values are tried every time rather than kept.
func TestValueMemoBounds(t *testing.T) {
	c := NewClassifier(Builtin(), "备注", ClassifyOptions{})
	long := []byte(strings.Repeat("x", memoMaxLen+1))
	c.Add(long)
	c.Add(long)
	if c.memo.n != 0 || c.memo.hits != 0 {
		t.Errorf("a %d-byte value was kept: %d kept, %d found", len(long), c.memo.n, c.memo.hits)
	}
}

// TestValueMemoGivesUp checks that a column whose values never repeat turns its memo off.
func TestValueMemoGivesUp(t *testing.T) {
	c := NewClassifier(Builtin(), "order_id", ClassifyOptions{})
	for i := range 2 * memoProbe {
		c.Add([]byte{byte('0' + i%10), byte('0' + i/10%10), byte('0' + i/100%10), byte('0' + i/1000%10)})
	}
	if !c.memo.off || c.memo.slots != nil {
		t.Errorf("memo still on after %d distinct values (%d lookups, %d found)", 2*memoProbe, c.memo.gets, c.memo.hits)
	}
	if len(EmbeddedTypes) > 8 {
		t.Errorf("%d embedded types do not fit outcome.emb", len(EmbeddedTypes))
	}
}

// orderTable is a small order export as a folder of daily files holds them: 700 rows, every
// person on two rows, order ids, amounts and timestamps unique.
func orderTable() (headers []string, cols [][]string) {
	r := newRand(20)
	headers = []string{"order_id", "name", "mobile", "id_number", "email", "address", "amount", "created_at"}
	cols = make([][]string, len(headers))
	type person struct{ name, mobile, id, email, addr string }
	var seen []person
	for i := range 700 {
		p := person{genChineseName(r), genPhone(r), genResidentID(r), genEmail(r), genCNAddress(r)}
		if i%2 == 1 {
			p = pick(r, seen)
		} else {
			seen = append(seen, p)
		}
		row := []string{digits(r, 18), p.name, p.mobile, p.id, p.email, p.addr,
			digits(r, 3) + "." + digits(r, 2), "2026-11-" + digits(r, 1) + "1 1" + digits(r, 1) + ":" + digits(r, 2) + ":00"}
		for c, v := range row {
			cols[c] = append(cols[c], v)
		}
	}
	return headers, cols
}

// BenchmarkClassifySmallTable types the eight columns of a 700-row order table, the work a
// folder of small files repeats per file; "every value" turns the value memo off.
func BenchmarkClassifySmallTable(b *testing.B) {
	headers, cols := orderTable()
	reg := Builtin()
	for _, memo := range []bool{true, false} {
		name := "memo"
		if !memo {
			name = "every value"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for ci, h := range headers {
					c := NewClassifier(reg, h, ClassifyOptions{Table: headers})
					c.memo.off = !memo
					for _, v := range cols[ci] {
						c.Add([]byte(v))
					}
					_ = c.Result()
				}
			}
		})
	}
}

// TestHeaderCandidatesAreCachedBoundedAndAlike: a classifier made from the cache types a column
// as one made afresh (a new registry has an empty cache), and endless distinct headers stop
// being cached at maxCachedHeaders.
func TestHeaderCandidatesAreCachedBoundedAndAlike(t *testing.T) {
	reg := Builtin()
	vals := []string{"13812345678", "张伟", "110105199003071234", "zhang@example.com", "身高 170"}
	for _, table := range [][]string{nil, {"患者", "诊断", "身高"}} {
		for _, h := range []string{"手机号", "姓名", "身高", "备注", ""} {
			fresh := NewClassifier(Builtin(), h, ClassifyOptions{Table: table})
			first := NewClassifier(reg, h, ClassifyOptions{Table: table})
			cached := NewClassifier(reg, h, ClassifyOptions{Table: table})
			for _, v := range vals {
				fresh.Add([]byte(v))
				first.Add([]byte(v))
				cached.Add([]byte(v))
			}
			want := fmt.Sprint(fresh.Result())
			if got := fmt.Sprint(cached.Result()); got != want || fmt.Sprint(first.Result()) != want {
				t.Errorf("header %q, table %q: cached %s, fresh %s", h, table, got, want)
			}
		}
	}
	for i := range maxCachedHeaders + 100 {
		NewClassifier(reg, fmt.Sprintf("col%d", i), ClassifyOptions{})
	}
	n := 0
	reg.headers.m.Range(func(any, any) bool { n++; return true })
	if n > maxCachedHeaders {
		t.Errorf("%d headers cached, at most %d allowed", n, maxCachedHeaders)
	}
}

// TestValueMemoKeepsEveryValueItFound: the memo's table finds every value it kept with its own
// outcome through its growth, finds none it did not keep, and stops keeping at memoMaxValues.
func TestValueMemoKeepsEveryValueItFound(t *testing.T) {
	var m valueMemo
	val := func(i int) []byte { return []byte(fmt.Sprintf("v%d", i)) }
	for i := range memoMaxValues + 10 {
		if _, ok := m.get(val(i)); ok {
			t.Fatalf("value %d found before it was kept", i)
		}
		kept := m.put(val(i), outcome{kind: outTried, at: int32(i)})
		if kept != (i < memoMaxValues) {
			t.Fatalf("put of value %d: kept %v", i, kept)
		}
		m.hits = m.gets // keep the memo from turning itself off
	}
	for i := range memoMaxValues + 10 {
		o, ok := m.get(val(i))
		if ok != (i < memoMaxValues) || (ok && o.at != int32(i)) {
			t.Fatalf("get of value %d: %v %v", i, o, ok)
		}
	}
	if _, ok := m.get([]byte("v1x")); ok {
		t.Fatal("a value never kept was found")
	}
}
