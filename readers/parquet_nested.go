package readers

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// Nested Parquet columns (structs, lists, maps, any mix and depth) are not one text cell: every
// leaf is a column of the table, named by its path, so the scanner types and counts it like a
// flat column.
//
//   - struct field:   contact.mobile
//   - list element:   phones[]            (list of struct: contacts[].mobile; list of list: x[][])
//   - map key, value: attrs.key, attrs.value
//
// A record with lists becomes several rows: first one row of its non-repeated leaves (flat
// columns, struct fields outside any list), then, for each list, one row per element holding
// that element's leaves, every other column empty. The fields of one element of a list of
// structs stay together on its row (contacts[].name beside contacts[].mobile: one person), so
// every element is cells of its own that detectors validate whole, and every valid identifier in
// a list keys a person of its own row: it is never hidden behind a stronger identifier of the
// record or of another list on the same row. The price is the other way: a person whose record
// holds an id_card and a list of their own phones counts once per phone too (over-counting is the
// safe side of the thresholds). A record with only empty lists is one empty row.

// fnode is a parquet schema node as the reader flattens it, built from the arrow type pqarrow
// gives the node.
type fnode struct {
	kind fkind
	leaf int    // leaf column index (kind fleaf)
	bind binder // cell text (kind fleaf)
	kids []*fnode
}

type fkind uint8

const (
	fleaf fkind = iota
	fstruct
	flist // kids[0] is the element
	fmap  // kids[0] the key, kids[1] the value
)

// leafColumn is one leaf of the file's schema: one column of the table.
type leafColumn struct {
	name     string
	field    int  // top-level field it belongs to
	repeated bool // under a list or map: a record may hold any number of its values
	list     int  // when repeated: the innermost list or map it is under, numbered in the field
}

// newFnode builds the flattening tree of top-level field sf (arrow type dt), naming its leaves
// from prefix and appending them to leaves at their parquet column index.
func newFnode(dt arrow.DataType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool, prefix string, field int, leaves []leafColumn) *fnode {
	lists := 0
	return buildFnode(dt, sf, descr, hasOrigin, prefix, field, -1, &lists, leaves)
}

// buildFnode is newFnode below the top: list is the innermost list or map above dt (-1 for
// none), and *lists counts the lists and maps met so far.
func buildFnode(dt arrow.DataType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool, prefix string, field, list int, lists *int, leaves []leafColumn) *fnode {
	switch t := dt.(type) {
	case *arrow.StructType:
		n := &fnode{kind: fstruct}
		for k, f := range t.Fields() {
			n.kids = append(n.kids, buildFnode(f.Type, childField(sf, k), descr, hasOrigin, prefix+"."+f.Name, field, list, lists, leaves))
		}
		return n
	case *arrow.MapType:
		*lists++
		m := *lists
		return &fnode{kind: fmap, kids: []*fnode{
			buildFnode(t.KeyType(), childField(sf, 0, 0), descr, hasOrigin, prefix+".key", field, m, lists, leaves),
			buildFnode(t.ItemType(), childField(sf, 0, 1), descr, hasOrigin, prefix+".value", field, m, lists, leaves),
		}}
	case arrow.ListLikeType:
		*lists++
		return &fnode{kind: flist, kids: []*fnode{buildFnode(t.Elem(), childField(sf, 0), descr, hasOrigin, prefix+"[]", field, *lists, lists, leaves)}}
	}
	n := &fnode{kind: fleaf, leaf: -1, bind: newBinder(dt, sf, descr, hasOrigin)}
	if sf != nil && len(sf.Children) == 0 && sf.ColIndex >= 0 && sf.ColIndex < len(leaves) {
		n.leaf = sf.ColIndex
		leaves[n.leaf] = leafColumn{name: prefix, field: field, repeated: list >= 0, list: list}
	}
	return n
}

// bnode is an fnode bound to the arrays of one record batch.
type bnode struct {
	n    *fnode
	arr  arrow.Array
	cell cellFunc
	list array.ListLike
	kids []bnode
}

func (n *fnode) bindTo(arr arrow.Array) bnode {
	b := bnode{n: n, arr: arr}
	switch n.kind {
	case fleaf:
		b.cell = n.bind.bind(arr)
	case fstruct:
		s := arr.(*array.Struct)
		b.kids = make([]bnode, len(n.kids))
		for k, kid := range n.kids {
			b.kids[k] = kid.bindTo(s.Field(k))
		}
	case flist:
		b.list = arr.(array.ListLike)
		b.kids = []bnode{n.kids[0].bindTo(b.list.ListValues())}
	case fmap:
		m := arr.(*array.Map)
		b.list = m
		b.kids = []bnode{n.kids[0].bindTo(m.Keys()), n.kids[1].bindTo(m.Items())}
	}
	return b
}

// emit appends the cells of value i to the columns of its leaves (cols is indexed by leaf column;
// a nil or absent entry is a leaf not wanted). A leaf outside any list gets exactly one cell,
// empty when it or a parent struct is null; a leaf under a list gets one cell per element.
func (b *bnode) emit(i int, valid bool, cols []*Column) {
	valid = valid && !b.arr.IsNull(i)
	switch b.n.kind {
	case fleaf:
		if b.n.leaf < 0 || b.n.leaf >= len(cols) || cols[b.n.leaf] == nil {
			return
		}
		c := cols[b.n.leaf]
		if valid {
			c.Data = b.cell(c.Data, i)
		}
		c.Ends = append(c.Ends, len(c.Data))
	case fstruct:
		for k := range b.kids {
			b.kids[k].emit(i, valid, cols)
		}
	case flist, fmap:
		if !valid {
			return
		}
		start, end := b.list.ValueOffsets(i)
		for j := int(start); j < int(end); j++ {
			for k := range b.kids {
				b.kids[k].emit(j, true, cols)
			}
		}
	}
}

// stage holds records read for a projection with repeated columns until they are returned as rows.
type stage struct {
	cols []Column // by column; only projected ones are filled
	// starts[c] lists, for repeated projected column c, where each record's cells start, with
	// one more entry after the last record: record r is cells [starts[c][r], starts[c][r+1]).
	starts [][]int
	// segs are the parts of a record that get rows of their own: the non-repeated columns (one
	// row), then each list's columns (a row per element).
	segs []segment
	nrec int
	// The next row to return: element elem of segment seg of record rec.
	rec, seg, elem int
}

type segment struct {
	cols     []int
	repeated bool
}

// stageMaxBytes bounds the cells one Next returns from a stage (after one row at least): a list
// of millions of elements in one record is returned over several batches.
const stageMaxBytes = 64 << 20

func (s *stage) pending() bool { return s.rec < s.nrec }

func (s *stage) clear() { s.nrec, s.rec, s.seg, s.elem = 0, 0, 0, 0 }

// reset empties the stage for new records of ncols columns, of which proj are read.
func (s *stage) reset(ncols int, proj []int, leaves []leafColumn) {
	s.clear()
	if len(s.cols) < ncols {
		s.cols = make([]Column, ncols)
		s.starts = make([][]int, ncols)
	}
	s.segs = s.segs[:0]
	var flat segment
	group := map[[2]int]int{} // field and list → index in segs
	for _, c := range proj {
		s.cols[c].Reset()
		s.starts[c] = s.starts[c][:0]
		if !leaves[c].repeated {
			flat.cols = append(flat.cols, c)
			continue
		}
		s.starts[c] = append(s.starts[c], 0)
		key := [2]int{leaves[c].field, leaves[c].list}
		k, ok := group[key]
		if !ok {
			k = len(s.segs)
			group[key] = k
			s.segs = append(s.segs, segment{repeated: true})
		}
		s.segs[k].cols = append(s.segs[k].cols, c)
	}
	if len(flat.cols) > 0 {
		s.segs = append([]segment{flat}, s.segs...)
	}
}

// mark ends a record: every repeated column's next record starts at its current length.
func (s *stage) mark(proj []int, leaves []leafColumn) {
	for _, c := range proj {
		if leaves[c].repeated {
			s.starts[c] = append(s.starts[c], s.cols[c].Len())
		}
	}
}

// rowsOf is how many rows segment g of record r becomes.
func (s *stage) rowsOf(r, g int) int {
	sg := &s.segs[g]
	if !sg.repeated {
		return 1
	}
	rows := 0
	for _, c := range sg.cols {
		rows = max(rows, s.starts[c][r+1]-s.starts[c][r])
	}
	return rows
}

// emit appends staged rows to b until maxRows rows, stageMaxBytes bytes or the end of the stage.
func (s *stage) emit(b *Batch, proj []int, maxRows int) {
	bytes := 0
	for s.rec < s.nrec && b.Rows < maxRows && bytes < stageMaxBytes {
		if s.seg == 0 && s.elem == 0 {
			total := 0
			for g := range s.segs {
				total += s.rowsOf(s.rec, g)
			}
			if total == 0 { // only empty lists: one empty row
				for _, c := range proj {
					b.Columns[c].Append(nil)
				}
				b.Rows++
				s.rec++
				continue
			}
		}
		if s.seg >= len(s.segs) {
			s.rec, s.seg, s.elem = s.rec+1, 0, 0
			continue
		}
		sg := &s.segs[s.seg]
		rows := s.rowsOf(s.rec, s.seg)
		for ; s.elem < rows && b.Rows < maxRows && bytes < stageMaxBytes; s.elem++ {
			for _, c := range proj {
				b.Columns[c].Append(nil)
			}
			for _, c := range sg.cols {
				var cell []byte
				if !sg.repeated {
					cell = s.cols[c].Cell(s.rec)
				} else if k := s.starts[c][s.rec] + s.elem; k < s.starts[c][s.rec+1] {
					cell = s.cols[c].Cell(k)
				}
				col := &b.Columns[c]
				col.Data = append(col.Data, cell...)
				col.Ends[len(col.Ends)-1] = len(col.Data)
				bytes += len(cell)
			}
			b.Rows++
		}
		if s.elem >= rows {
			s.seg, s.elem = s.seg+1, 0
		}
	}
}
