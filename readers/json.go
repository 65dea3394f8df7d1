package readers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() {
	builtins = append(builtins,
		Format{ID: "json", Suffixes: withCompressions(".json"), Open: OpenJSON},
		Format{ID: "jsonl", Suffixes: withCompressions(".jsonl", ".ndjson"), Open: OpenJSON},
	)
}

// Fixed bounds of the JSON reader besides Limits (MaxFieldBytes bounds one string or number and
// one record's cells together, MaxColumns the distinct paths of a table, MaxDecompressedBytes a
// compressed or spooled input).
const (
	// maxJSONDepth is the deepest nesting of objects and arrays accepted. Real exports nest a
	// handful of levels; a parser that follows 10,000 is a stack to exhaust.
	maxJSONDepth = 64
	// maxJSONPathBytes bounds a column name (a path of member names): a longer one is not a
	// field name but data or an attack.
	maxJSONPathBytes = 4096
	// jsonBatchBytes ends a batch early when its cells reach this size.
	jsonBatchBytes = 8 << 20
)

// OpenJSON opens JSON (.json) and JSON Lines (.jsonl, .ndjson), plain or compressed (.gz, .bz2,
// .xz, .zst). The text may be in any encoding delimited text may be in (UTF-8 usually).
//
// Rows and tables:
//   - JSON Lines, or a .json holding several top-level values one after the other: every
//     top-level value is a row.
//   - A top-level array: every element is a row.
//   - A top-level object: every member whose value is an array starting with an object (an API
//     dump's {"data": [...]}) is a table of its own, named by the member, whose rows are the
//     array's elements. The other members together make one more row, in a last table named "$"
//     ("" when there is no member table: a .json holding a single record).
//
// Columns: a row's scalars are flattened to paths: member names joined by dots
// ("contact.phone"), array elements by index ("phones[0]", "items[1].sku"); a scalar row is the
// column "$". A path repeated inside one row (a duplicate member name) gets "#2", "#3"… Cells are
// the text a person sees: strings unescaped, numbers exactly as written (an 18-digit ID keeps
// every digit), true and false as words, null as an empty cell; a path a row lacks is empty.
//
// Schema: the reader makes two passes. The first reads the whole input to learn every table's
// columns (in order of first appearance) and checks the syntax; the second delivers the rows.
// The scanner fixes a table's columns before its first row, and a key that first appears in row
// 900,000 (an optional email field) must still be a column: fixing the schema from a first
// window would leave such values unread. The first pass reads the source with ReadAt (the
// scanner's handle has it); a source without ReadAt is first copied to a temporary file, within
// MaxDecompressedBytes. The cost is reading and decompressing twice; memory stays bounded: the
// lexer holds 64 KiB of input and one value, a row at most MaxFieldBytes of cells.
//
// Errors: malformed JSON (truncated, trailing commas, bad escapes) is ErrCorrupt with its byte
// offset; a string or number over MaxFieldBytes, nesting deeper than 64, more than MaxColumns
// paths or a path over 4 KiB is ErrLimit. No error quotes the input.
func OpenJSON(src Source) (File, error) {
	lim := src.Limits.WithDefaults()
	wrap := func(err error) error { return &Error{Path: src.Path, Err: err} }
	compression, inner := splitCompression(src.Path)
	format := "json"
	if strings.HasSuffix(inner, ".jsonl") || strings.HasSuffix(inner, ".ndjson") {
		format = "jsonl"
	}
	f := &jsonFile{path: src.Path, lim: lim, info: Info{Format: format, Compression: compression}}

	ra, ok := src.ReaderAt()
	size := src.Size
	pass2 := src.R
	if !ok || size < 0 {
		sp, n, err := spool(src.R, lim.MaxDecompressedBytes, "a JSON input that cannot be read twice")
		if err != nil {
			return nil, wrap(err)
		}
		f.spooled = sp
		ra, size = sp, n
		pass2 = io.NewSectionReader(sp, 0, n)
	}
	open := func(raw io.Reader) (*jsonLexer, func(), error) {
		r, closeZ, err := decompress(compression, raw, lim)
		if err != nil {
			return nil, nil, err
		}
		text, err := f.decodeText(r)
		if err != nil {
			closeZ()
			return nil, nil, err
		}
		return newJSONLexer(text, lim.MaxFieldBytes), closeZ, nil
	}

	lx, done, err := open(io.NewSectionReader(ra, 0, size))
	if err != nil {
		f.Close()
		return nil, wrap(err)
	}
	plan, err := discoverJSON(lx, format == "jsonl", lim)
	done()
	if errors.Is(err, errJSONConcatenated) {
		// Several top-level values in a .json: read again, every value a row.
		if lx, done, err = open(io.NewSectionReader(ra, 0, size)); err == nil {
			plan, err = discoverJSON(lx, true, lim)
			done()
		}
	}
	if err != nil {
		f.Close()
		return nil, f.errAt(lx, err)
	}
	f.plan = plan

	if f.lx, f.closeZ, err = open(pass2); err != nil {
		f.Close()
		return nil, wrap(err)
	}
	return f, nil
}

// decodeText detects the encoding of the (decompressed) stream r on its first bytes, records it,
// and returns r decoded to UTF-8. The second pass must see the encoding the first chose.
func (f *jsonFile) decodeText(r io.Reader) (io.Reader, error) {
	buf := make([]byte, sniffPrefixBytes)
	n, more, err := readPrefix(r, buf)
	if err != nil {
		return nil, err
	}
	enc := f.info.Encoding
	bom := 0
	if enc == "" {
		if enc, bom, err = detectEncoding(buf[:n], more); err != nil {
			return nil, err
		}
		f.info.Encoding = enc
	} else if enc == EncodingUTF8BOM {
		bom = 3
	}
	text := io.MultiReader(bytes.NewReader(buf[bom:n]), r)
	if dec := decoderFor(enc); dec != nil {
		return newDecodeReader(text, dec), nil
	}
	return text, nil
}

// errJSONConcatenated says a .json holds more than one top-level value.
var errJSONConcatenated = errors.New("several top-level values")

// errJSONChanged is the second pass meeting a path the first did not see.
var errJSONChanged = fmt.Errorf("the file changed between the two passes of the JSON reader: %w", ErrCorrupt)

type jsonMode int

const (
	jsonRecords jsonMode = iota // every top-level value is a row
	jsonArray                   // one top-level array: its elements are rows
	jsonObject                  // one top-level object: array members are tables, the rest a row
)

// jsonPlan is what the first pass learned.
type jsonPlan struct {
	mode   jsonMode
	tables []*jsonSchema
	// rest is the table of a top-level object's other members (nil if none), whose one row
	// restCells the first pass kept.
	rest      *jsonSchema
	restCells [][]byte
}

// jsonSchema is one table's columns.
type jsonSchema struct {
	name    string
	member  int // ordinal of the top-level member whose array holds the rows (jsonObject)
	cols    []string
	index   map[string]int
	seen    []uint64 // per column, the last record (gen) that set it
	gen     uint64
	frozen  bool // second pass: no new columns
	maxCols int
	scratch []byte
}

func newJSONSchema(name string, member int, maxCols int) *jsonSchema {
	return &jsonSchema{name: name, member: member, index: map[string]int{}, maxCols: maxCols}
}

// resolve returns the column of path in the current record, adding it in the first pass. A path
// already set in this record is a duplicate member name: its k-th occurrence is "path#k".
func (s *jsonSchema) resolve(path []byte) (int, error) {
	j, ok := s.index[string(path)]
	if ok && s.seen[j] != s.gen {
		s.seen[j] = s.gen
		return j, nil
	}
	name := path
	for k := 2; ok; k++ {
		s.scratch = append(append(append(s.scratch[:0], path...), '#'), strconv.Itoa(k)...)
		name = s.scratch
		j, ok = s.index[string(name)]
		if ok && s.seen[j] != s.gen {
			s.seen[j] = s.gen
			return j, nil
		}
	}
	if s.frozen {
		return -1, errJSONChanged
	}
	if len(s.cols) >= s.maxCols {
		return -1, limitError(fmt.Sprintf("more than %d distinct JSON paths exceed", s.maxCols), strconv.Itoa(s.maxCols)+"-column", flagMaxColumns)
	}
	j = len(s.cols)
	str := string(name)
	s.cols = append(s.cols, str)
	s.index[str] = j
	s.seen = append(s.seen, s.gen)
	return j, nil
}

// jsonWalker walks one value, calling leaf for each scalar with its path in path and its text in
// the lexer's val.
type jsonWalker struct {
	lx    *jsonLexer
	path  []byte
	depth int
	leaf  func(path []byte, tok jsonTok) error
}

var rootPath = []byte("$")

// value walks the value whose first token tok has been read.
func (w *jsonWalker) value(tok jsonTok) error {
	switch {
	case tok == tokBeginObject:
		return w.object()
	case tok == tokBeginArray:
		return w.array()
	case tok.scalar():
		p := w.path
		if len(p) == 0 {
			p = rootPath
		}
		return w.leaf(p, tok)
	case tok == tokEOF:
		return w.lx.endErr("a value")
	}
	return w.lx.syntax("unexpected %s where a value belongs", tok)
}

func (w *jsonWalker) enter() error {
	w.depth++
	if w.depth > maxJSONDepth {
		return fmt.Errorf("JSON nested deeper than the fixed limit of %d levels: %w", maxJSONDepth, ErrLimit)
	}
	return nil
}

func (w *jsonWalker) object() error {
	if err := w.enter(); err != nil {
		return err
	}
	base := len(w.path)
	tok, err := w.lx.next()
	if err != nil {
		return err
	}
	if tok == tokEndObject {
		w.depth--
		return nil
	}
	for {
		if err := memberName(w.lx, tok); err != nil {
			return err
		}
		if base > 0 {
			w.path = append(w.path, '.')
		}
		w.path = append(w.path, w.lx.val...)
		if len(w.path) > maxJSONPathBytes {
			return fmt.Errorf("a JSON member path is longer than the fixed limit of %d bytes: %w", maxJSONPathBytes, ErrLimit)
		}
		if err := w.expect(tokColon, "an object"); err != nil {
			return err
		}
		if tok, err = w.lx.next(); err != nil {
			return err
		}
		if err := w.value(tok); err != nil {
			return err
		}
		w.path = w.path[:base]
		var done bool
		if tok, done, err = afterItem(w.lx, tokEndObject); err != nil || done {
			w.depth--
			return err
		}
	}
}

func (w *jsonWalker) array() error {
	if err := w.enter(); err != nil {
		return err
	}
	tok, err := w.lx.next()
	if err != nil {
		return err
	}
	if tok == tokEndArray {
		w.depth--
		return nil
	}
	base := len(w.path)
	for i := 0; ; i++ {
		w.path = append(w.path, '[')
		w.path = strconv.AppendInt(w.path, int64(i), 10)
		w.path = append(w.path, ']')
		if len(w.path) > maxJSONPathBytes {
			return fmt.Errorf("a JSON member path is longer than the fixed limit of %d bytes: %w", maxJSONPathBytes, ErrLimit)
		}
		if err := w.value(tok); err != nil {
			return err
		}
		w.path = w.path[:base]
		var done bool
		if tok, done, err = afterItem(w.lx, tokEndArray); err != nil || done {
			w.depth--
			return err
		}
	}
}

func (w *jsonWalker) expect(want jsonTok, inside string) error {
	tok, err := w.lx.next()
	if err != nil {
		return err
	}
	if tok != want {
		if tok == tokEOF {
			return w.lx.endErr(inside)
		}
		return w.lx.syntax("expected %s, found %s", want, tok)
	}
	return nil
}

// elements calls fn with the first token of each element of the array whose '[' was read.
func elements(lx *jsonLexer, fn func(tok jsonTok) error) error {
	tok, err := lx.next()
	if err != nil || tok == tokEndArray {
		return err
	}
	return elementsFrom(lx, tok, fn)
}

// elementsFrom walks an array whose first element's first token is tok, up to its ']'.
func elementsFrom(lx *jsonLexer, tok jsonTok, fn func(tok jsonTok) error) error {
	for {
		if err := fn(tok); err != nil {
			return err
		}
		var done bool
		var err error
		if tok, done, err = afterItem(lx, tokEndArray); err != nil || done {
			return err
		}
	}
}

// afterItem reads what follows an array element or object member: a comma and the next item's
// first token (done false), or the closing token (done true).
func afterItem(lx *jsonLexer, closing jsonTok) (next jsonTok, done bool, err error) {
	tok, err := lx.next()
	if err != nil {
		return 0, false, err
	}
	inside, after := "an array", "an element"
	if closing == tokEndObject {
		inside, after = "an object", "a member"
	}
	switch tok {
	case tokComma:
		tok, err = lx.next()
		return tok, false, err
	case closing:
		return 0, true, nil
	case tokEOF:
		return 0, false, lx.endErr(inside)
	}
	return 0, false, lx.syntax("expected ',' or %s after %s, found %s", closing, after, tok)
}

// memberName checks that tok starts a member and returns nil, or the error for what it is.
func memberName(lx *jsonLexer, tok jsonTok) error {
	switch tok {
	case tokString:
		return nil
	case tokEOF:
		return lx.endErr("an object")
	}
	return lx.syntax("expected a member name, found %s", tok)
}

// discoverJSON is the first pass: it reads the whole text and returns every table's columns.
func discoverJSON(lx *jsonLexer, records bool, lim Limits) (*jsonPlan, error) {
	tok, err := lx.next()
	if err != nil {
		return nil, err
	}
	if tok == tokEOF {
		return nil, ErrEmpty
	}
	plan := &jsonPlan{mode: jsonRecords}
	if !records {
		switch tok {
		case tokBeginArray:
			plan.mode = jsonArray
		case tokBeginObject:
			plan.mode = jsonObject
		}
	}
	// record walks one row of table s, starting at depth.
	record := func(s *jsonSchema, depth int, tok jsonTok) error {
		s.gen++
		w := jsonWalker{lx: lx, depth: depth, leaf: func(path []byte, _ jsonTok) error {
			_, err := s.resolve(path)
			return err
		}}
		return w.value(tok)
	}
	switch plan.mode {
	case jsonRecords:
		s := newJSONSchema("", -1, lim.MaxColumns)
		plan.tables = []*jsonSchema{s}
		for tok != tokEOF {
			if err := record(s, 0, tok); err != nil {
				return nil, err
			}
			if tok, err = lx.next(); err != nil {
				return nil, err
			}
		}
		return plan, nil
	case jsonArray:
		s := newJSONSchema("", -1, lim.MaxColumns)
		plan.tables = []*jsonSchema{s}
		if err := elements(lx, func(tok jsonTok) error { return record(s, 1, tok) }); err != nil {
			return nil, err
		}
	case jsonObject:
		if err := discoverObject(lx, plan, lim, record); err != nil {
			return nil, err
		}
	}
	if tok, err = lx.next(); err != nil {
		return nil, err
	}
	if tok != tokEOF {
		return nil, errJSONConcatenated
	}
	return plan, nil
}

// discoverObject reads a top-level object (its '{' read): members holding an array that starts
// with an object become tables; the others are walked into the rest row, kept in memory within
// MaxFieldBytes.
func discoverObject(lx *jsonLexer, plan *jsonPlan, lim Limits, record func(*jsonSchema, int, jsonTok) error) error {
	rest := newJSONSchema("$", -1, lim.MaxColumns)
	rest.gen = 1
	restWalker := restRowWalker(lx, plan, rest, lim)
	tok, err := lx.next()
	if err != nil || tok == tokEndObject {
		return err
	}
	for member := 0; ; member++ {
		key, err := memberKey(lx, tok)
		if err != nil {
			return err
		}
		if tok, err = lx.next(); err != nil {
			return err
		}
		if tok == tokBeginArray {
			first, err := lx.next()
			if err != nil {
				return err
			}
			if first == tokBeginObject {
				s := newJSONSchema(key, member, lim.MaxColumns)
				plan.tables = append(plan.tables, s)
				if err := elementsFrom(lx, first, func(tok jsonTok) error { return record(s, 2, tok) }); err != nil {
					return err
				}
			} else if first != tokEndArray {
				if err := restWalker.flatArray(key, first); err != nil {
					return err
				}
			}
		} else {
			restWalker.path = append(restWalker.path[:0], key...)
			restWalker.depth = 1
			if err := restWalker.value(tok); err != nil {
				return err
			}
		}
		var done bool
		if tok, done, err = afterItem(lx, tokEndObject); err != nil {
			return err
		}
		if done {
			if len(rest.cols) > 0 {
				if len(plan.tables) == 0 {
					rest.name = ""
				}
				plan.rest = rest
			}
			return nil
		}
	}
}

// restRowWalker returns the walker that keeps the top-level members outside tables in
// plan.restCells, by the column rest resolves their path to, within MaxFieldBytes in all.
func restRowWalker(lx *jsonLexer, plan *jsonPlan, rest *jsonSchema, lim Limits) *jsonWalker {
	var restBytes int
	return &jsonWalker{lx: lx, depth: 1, leaf: func(path []byte, tok jsonTok) error {
		j, err := rest.resolve(path)
		if err != nil {
			return err
		}
		for len(plan.restCells) <= j {
			plan.restCells = append(plan.restCells, nil)
		}
		v := cellText(lx, tok)
		restBytes += len(v)
		if restBytes > lim.MaxFieldBytes {
			return limitError("the top-level members outside arrays are longer than", byteSize(int64(lim.MaxFieldBytes)), flagMaxFieldBytes)
		}
		plan.restCells[j] = append([]byte(nil), v...)
		return nil
	}}
}

// memberKey reads an object member's name (its first token tok already read) and the ':' after it.
func memberKey(lx *jsonLexer, tok jsonTok) (string, error) {
	if err := memberName(lx, tok); err != nil {
		return "", err
	}
	if len(lx.val) > maxJSONPathBytes {
		return "", fmt.Errorf("a JSON member path is longer than the fixed limit of %d bytes: %w", maxJSONPathBytes, ErrLimit)
	}
	key := string(lx.val)
	tok, err := lx.next()
	if err != nil {
		return "", err
	}
	if tok != tokColon {
		return "", lx.syntax("expected ':', found %s", tok)
	}
	return key, nil
}

// flatArray walks an array of scalars or arrays (its first element's token first read) under the
// member key, flattened into the rest row as key[0], key[1]…
func (w *jsonWalker) flatArray(key string, first jsonTok) error {
	w.path = append(w.path[:0], key...)
	w.depth = 2
	base := len(w.path)
	i := 0
	return elementsFrom(w.lx, first, func(tok jsonTok) error {
		w.path = append(w.path[:base], '[')
		w.path = strconv.AppendInt(w.path, int64(i), 10)
		w.path = append(w.path, ']')
		i++
		return w.value(tok)
	})
}

// cellText is the cell for a scalar token just read.
func cellText(lx *jsonLexer, tok jsonTok) []byte {
	switch tok {
	case tokTrue:
		return []byte("true")
	case tokFalse:
		return []byte("false")
	case tokNull:
		return nil
	}
	return lx.val
}

// jsonFile is an opened JSON input after the first pass; the second pass reads lx.
type jsonFile struct {
	path    string
	lim     Limits
	info    Info
	plan    *jsonPlan
	lx      *jsonLexer
	closeZ  func()
	spooled io.Closer

	ti  int        // tables handed out
	cur *jsonTable // the table being read, for draining before the next
	// Position of the second pass in a top-level object.
	objStarted bool
	member     int // members of the top-level object read so far
}

func (f *jsonFile) Info() Info { return f.info }

func (f *jsonFile) Close() error {
	if f.closeZ != nil {
		f.closeZ()
		f.closeZ = nil
	}
	if f.spooled != nil {
		f.spooled.Close()
		f.spooled = nil
	}
	return nil
}

// errAt wraps err with the file's path and, for syntax and limit errors, where it happened.
func (f *jsonFile) errAt(lx *jsonLexer, err error) error {
	e := &Error{Path: f.path, Err: err}
	var syn *jsonSyntaxError
	if lx != nil && (errors.As(err, &syn) || errors.Is(err, ErrLimit)) {
		e.Byte = lx.start + 1
	}
	return e
}

func (f *jsonFile) NextTable() (Table, error) {
	p := f.plan
	n := len(p.tables)
	if p.rest != nil {
		n++
	}
	if f.ti >= n {
		return nil, io.EOF
	}
	if f.cur != nil && f.cur.err != nil {
		return nil, f.cur.err // the second pass stopped inside that table
	}
	if f.cur != nil && !f.cur.done {
		if err := f.cur.drain(); err != nil {
			return nil, err
		}
	}
	f.ti++
	if f.ti > len(p.tables) {
		f.cur = nil
		return &jsonTable{file: f, schema: p.rest, isRest: true, memory: p.restCells, batchRows: f.lim.BatchRows}, nil
	}
	s := p.tables[f.ti-1]
	s.frozen = true
	t := &jsonTable{file: f, schema: s, batchRows: f.lim.BatchRows}
	f.cur = t
	if err := f.position(t); err != nil {
		t.err = f.errAt(f.lx, err)
		return nil, t.err
	}
	return t, nil
}

// position moves the second pass to the first row of t.
func (f *jsonFile) position(t *jsonTable) error {
	lx := f.lx
	switch f.plan.mode {
	case jsonRecords:
		return nil
	case jsonArray:
		tok, err := lx.next()
		if err != nil {
			return err
		}
		if tok != tokBeginArray {
			return errJSONChanged
		}
		t.inArray = true
		return nil
	}
	if !f.objStarted {
		tok, err := lx.next()
		if err != nil {
			return err
		}
		if tok != tokBeginObject {
			return errJSONChanged
		}
		f.objStarted = true
	}
	skip := jsonWalker{lx: lx, leaf: func([]byte, jsonTok) error { return nil }}
	for {
		if f.member > 0 {
			tok, err := lx.next()
			if err != nil {
				return err
			}
			if tok != tokComma {
				return errJSONChanged
			}
		}
		tok, err := lx.next()
		if err != nil {
			return err
		}
		if tok != tokString {
			return errJSONChanged
		}
		if tok, err = lx.next(); err != nil || tok != tokColon {
			return errors.Join(err, errJSONChanged)
		}
		if tok, err = lx.next(); err != nil {
			return err
		}
		m := f.member
		f.member++
		if m == t.schema.member {
			if tok != tokBeginArray {
				return errJSONChanged
			}
			t.inArray = true
			return nil
		}
		skip.depth = 1
		if err := skip.value(tok); err != nil {
			return err
		}
	}
}

// jsonTable delivers one table's rows from the second pass (or the rest row from memory).
type jsonTable struct {
	file      *jsonFile
	schema    *jsonSchema
	isRest    bool     // the rest table: its one row is memory
	memory    [][]byte // the rest row's cells by column
	batchRows int
	inArray   bool // rows are the elements of an array whose '[' was read
	started   bool // the first element was read
	stats     TableStats
	done      bool
	err       error

	row   []byte // the current record's cells, packed
	spans []int  // per column: start and end in row
}

func (t *jsonTable) Name() string      { return t.schema.name }
func (t *jsonTable) Columns() []string { return t.schema.cols }
func (t *jsonTable) Stats() TableStats { return t.stats }

// nextRecord reads the first token of the next row, or reports the end of the table.
func (t *jsonTable) nextRecord() (jsonTok, bool, error) {
	lx := t.file.lx
	tok, err := lx.next()
	if err != nil {
		return 0, false, err
	}
	if !t.inArray {
		return tok, tok != tokEOF, nil
	}
	if t.started {
		switch tok {
		case tokComma:
			if tok, err = lx.next(); err != nil {
				return 0, false, err
			}
		case tokEndArray:
			return 0, false, nil
		default:
			return 0, false, errJSONChanged
		}
	} else if tok == tokEndArray {
		return 0, false, nil
	}
	t.started = true
	return tok, true, nil
}

// depth of a row's value: top-level values, elements of the top-level array, elements of a
// member's array.
func (t *jsonTable) depth() int {
	switch {
	case !t.inArray:
		return 0
	case t.file.plan.mode == jsonArray:
		return 1
	}
	return 2
}

func (t *jsonTable) Next(b *Batch) error {
	n := len(t.schema.cols)
	b.Reset(n)
	if t.err != nil {
		return t.err
	}
	if t.done {
		return io.EOF
	}
	if t.isRest {
		for j := 0; j < n; j++ {
			var v []byte
			if j < len(t.memory) {
				v = t.memory[j]
			}
			b.Columns[j].Append(v)
		}
		b.Rows, t.done = 1, true
		t.stats.Rows = 1
		return nil
	}
	maxRecord := t.file.lim.MaxFieldBytes
	if len(t.spans) < 2*n {
		t.spans = make([]int, 2*n)
	}
	s := t.schema
	lx := t.file.lx
	w := jsonWalker{lx: lx, leaf: func(path []byte, tok jsonTok) error {
		j, err := s.resolve(path)
		if err != nil {
			return err
		}
		start := len(t.row)
		t.row = append(t.row, cellText(lx, tok)...)
		if len(t.row) > maxRecord {
			return limitError("a JSON record is longer than", byteSize(int64(maxRecord)), flagMaxFieldBytes)
		}
		t.spans[2*j], t.spans[2*j+1] = start, len(t.row)
		return nil
	}}
	size := 0
	for b.Rows < t.batchRows && size < jsonBatchBytes {
		tok, ok, err := t.nextRecord()
		if err != nil {
			return t.fail(b, err)
		}
		if !ok {
			t.done = true
			break
		}
		s.gen++
		t.row = t.row[:0]
		w.path, w.depth = w.path[:0], t.depth()
		if err := w.value(tok); err != nil {
			return t.fail(b, err)
		}
		for j := range b.Columns {
			c := &b.Columns[j]
			if s.seen[j] == s.gen {
				c.Data = append(c.Data, t.row[t.spans[2*j]:t.spans[2*j+1]]...)
			}
			c.Ends = append(c.Ends, len(c.Data))
		}
		size += len(t.row)
		b.Rows++
		t.stats.Rows++
	}
	if b.Rows == 0 {
		return io.EOF
	}
	return nil
}

// drain reads the rest of the table's rows without delivering them.
func (t *jsonTable) drain() error {
	var b Batch
	for {
		if err := t.Next(&b); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// fail records err; rows already in b are delivered first and err comes with the next call.
func (t *jsonTable) fail(b *Batch, err error) error {
	t.err = t.file.errAt(t.file.lx, err)
	if b.Rows > 0 {
		return nil
	}
	return t.err
}
