package report

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/xborder/xborder/scanner/detect"
)

// ParsePolicy reads a policy file strictly: unknown keys, wrong types, bad globs, regexps or
// categories are errors naming the line and the key, never ignored. source names the file in
// messages and in Policy.Source.
func ParsePolicy(data []byte, source string) (*Policy, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, convertYAMLError(err, source, nil)
	}
	loc := locate(file)
	raw := defaultRaw()
	raw.Version = nil
	if tag := firstTag(file); tag != nil {
		// A policy has no use for YAML tags, and the decoder panics on some of them
		// ("paths: !x" over a list field): refuse them with their line.
		pos := tag.GetToken().Position
		return nil, &PolicyError{Source: source, Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf("YAML tag %s is not supported in a policy", describeToken(tag.Start.Value))}
	}
	if len(strings.TrimSpace(string(data))) > 0 {
		if err := unmarshalPolicy(data, &raw); err != nil {
			return nil, convertYAMLError(err, source, loc)
		}
	}
	p, err := compile(raw, func(path, msg string) error {
		line, col := loc.find(path)
		return &PolicyError{Source: source, Line: line, Column: col, Key: path, Msg: msg}
	})
	if err != nil {
		return nil, err
	}
	p.Source = source
	p.SHA256 = digest(data)
	return p, nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// PolicyError is a policy file problem at a line and column. Key is the dotted key path
// ("exemptions[0].article"), empty for syntax errors.
type PolicyError struct {
	Source       string
	Line, Column int
	Key          string
	Msg          string
}

func (e *PolicyError) Error() string {
	pos := e.Source
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.Source, e.Line, e.Column)
	}
	if e.Key != "" && !strings.HasPrefix(e.Msg, "unknown key") {
		return fmt.Sprintf("%s: %s: %s", pos, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", pos, e.Msg)
}

// raw* mirror the YAML exactly; compile turns them into a Policy.
type rawPolicy struct {
	Version              *int              `yaml:"version"`
	Handler              rawHandler        `yaml:"handler"`
	PriorTotals          rawPrior          `yaml:"prior_totals"`
	TimeZone             string            `yaml:"time_zone"`
	MinorAge             int               `yaml:"minor_age"`
	Thresholds           Thresholds        `yaml:"thresholds"`
	ExemptTransfersCount bool              `yaml:"exempt_transfers_count"`
	Categories           map[string]string `yaml:"categories"`
	Exemptions           []rawExemption    `yaml:"exemptions"`
	ImportantData        []rawImportant    `yaml:"important_data"`
	Detectors            []rawDetector     `yaml:"detectors"`
	Ignore               rawIgnore         `yaml:"ignore"`
	Approvals            []rawApproval     `yaml:"approvals"`
}

type rawHandler struct {
	CIIO          bool   `yaml:"ciio"`
	FreeTradeZone rawFTZ `yaml:"free_trade_zone"`
}

type rawFTZ struct {
	Enabled bool   `yaml:"enabled"`
	Name    string `yaml:"name"`
	City    string `yaml:"city"`
	// NegativeList is the removed key, kept only to refuse it with a message that says what
	// replaced it.
	NegativeList any             `yaml:"negative_list"`
	Lists        []rawPack       `yaml:"lists"`
	Assignments  []rawAssignment `yaml:"assignments"`
}

type rawPrior struct {
	Year                 int   `yaml:"year"`
	Individuals          int64 `yaml:"individuals"`
	SensitiveIndividuals int64 `yaml:"sensitive_individuals"`
}

type rawExemption struct {
	Paths         []string `yaml:"paths"`
	Article       string   `yaml:"article"`
	Justification string   `yaml:"justification"`
}

type rawImportant struct {
	Name         string   `yaml:"name"`
	ColumnWords  []string `yaml:"column_words"`
	ValuePattern string   `yaml:"value_pattern"`
	Paths        []string `yaml:"paths"`
	Source       string   `yaml:"source"`
}

type rawDetector struct {
	ID           string   `yaml:"id"`
	Category     string   `yaml:"category"`
	Description  string   `yaml:"description"`
	HeaderWords  []string `yaml:"header_words"`
	ValuePattern string   `yaml:"value_pattern"`
	Checksum     string   `yaml:"checksum"`
	Identifying  bool     `yaml:"identifying"`
}

type rawIgnore struct {
	Paths   []string `yaml:"paths"`
	Columns []string `yaml:"columns"`
}

func defaultRaw() rawPolicy {
	v := PolicyVersion
	return rawPolicy{
		Version:  &v,
		TimeZone: "Asia/Shanghai",
		MinorAge: 14,
		Thresholds: Thresholds{
			ContractIndividuals:   100_000,
			AssessmentIndividuals: 1_000_000,
			AssessmentSensitive:   10_000,
		},
		ExemptTransfersCount: true,
	}
}

// positions maps key paths ("exemptions[0].article") to where they are written, and back.
type positions struct {
	byPath map[string][2]int
	byPos  map[[2]int]string
}

// unmarshalPolicy decodes strictly, turning a panic of the YAML library on malformed input into
// an error, so a bad policy file is reported rather than crashing the run.
func unmarshalPolicy(data []byte, raw *rawPolicy) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML decoder failed on this file (%T)", r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, raw, yaml.DisallowUnknownField())
}

// firstTag returns the first YAML tag node (!x) of the file, or nil.
func firstTag(f *ast.File) *ast.TagNode {
	var found *ast.TagNode
	for _, d := range f.Docs {
		if found != nil || d.Body == nil {
			break
		}
		ast.Walk(tagFinder{&found}, d.Body)
	}
	return found
}

type tagFinder struct{ found **ast.TagNode }

func (v tagFinder) Visit(n ast.Node) ast.Visitor {
	if *v.found != nil {
		return nil
	}
	if t, ok := n.(*ast.TagNode); ok {
		*v.found = t
		return nil
	}
	return v
}

func locate(f *ast.File) *positions {
	ps := &positions{byPath: map[string][2]int{}, byPos: map[[2]int]string{}}
	for _, d := range f.Docs {
		ps.walk(d.Body, "")
	}
	return ps
}

func (ps *positions) record(path string, n ast.Node, isKey bool) {
	if n == nil || n.GetToken() == nil {
		return
	}
	pos := n.GetToken().Position
	at := [2]int{pos.Line, pos.Column}
	if _, seen := ps.byPath[path]; !seen || isKey {
		ps.byPath[path] = at
	}
	if _, seen := ps.byPos[at]; !seen || !isKey {
		ps.byPos[at] = path
	}
}

func (ps *positions) walk(n ast.Node, path string) {
	switch n := n.(type) {
	case *ast.MappingNode:
		ps.record(path, n, false)
		for _, mv := range n.Values {
			ps.walk(mv, path)
		}
	case *ast.MappingValueNode:
		k := join(path, n.Key.GetToken().Value)
		ps.record(k, n.Key, true)
		ps.record(k, n.Value, false)
		ps.walk(n.Value, k)
	case *ast.SequenceNode:
		ps.record(path, n, false)
		for i, v := range n.Values {
			ps.record(fmt.Sprintf("%s[%d]", path, i), firstKey(v), false)
			ps.walk(v, fmt.Sprintf("%s[%d]", path, i))
		}
	case *ast.TagNode:
		ps.walk(n.Value, path)
	case *ast.AnchorNode:
		ps.walk(n.Value, path)
	}
}

// firstKey is where a block mapping visibly starts (its first key), for list items.
func firstKey(n ast.Node) ast.Node {
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return m.Values[0].Key
		}
	case *ast.MappingValueNode:
		return m.Key
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// find returns where a key path is written, falling back to its closest written parent.
func (ps *positions) find(path string) (line, col int) {
	for p := path; p != ""; p = parentPath(p) {
		if at, ok := ps.byPath[p]; ok {
			return at[0], at[1]
		}
	}
	return 0, 0
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

// allKeys is every key of the policy schema, for "did you mean" suggestions.
var allKeys = collectKeys(reflect.TypeOf(rawPolicy{}), nil)

func collectKeys(t reflect.Type, acc []string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return acc
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tag := f.Tag.Get("yaml"); tag != "" && !contains(acc, tag) {
			acc = append(acc, tag)
		}
		acc = collectKeys(f.Type, acc)
	}
	return acc
}

// convertYAMLError turns a go-yaml error into a PolicyError users can act on.
func convertYAMLError(err error, source string, ps *positions) error {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil {
		return fmt.Errorf("%s: %w", source, err)
	}
	tk := ye.GetToken()
	pe := &PolicyError{Source: source, Line: tk.Position.Line, Column: tk.Position.Column, Msg: ye.GetMessage()}
	if ps != nil {
		pe.Key = ps.byPos[[2]int{pe.Line, pe.Column}]
	}
	var (
		uf *yaml.UnknownFieldError
		te *yaml.TypeError
		ue *yaml.UnexpectedNodeTypeError
	)
	switch {
	case errors.As(err, &uf):
		pe.Msg = fmt.Sprintf("unknown key %q", tk.Value)
		if s := suggest(tk.Value); s != "" {
			pe.Msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	case errors.As(err, &te):
		pe.Msg = fmt.Sprintf("expected %s, got %s", kindName(te.DstType), describeToken(tk.Value))
	case errors.As(err, &ue):
		pe.Msg = fmt.Sprintf("expected %s, got %s", nodeName(ue.Expected), nodeName(ue.Actual))
	default:
		if m := duplicateKey.FindStringSubmatch(pe.Msg); m != nil {
			pe.Msg = fmt.Sprintf("duplicate key %q (first written at line %s)", m[1], m[2])
		}
	}
	return pe
}

var duplicateKey = regexp.MustCompile(`^mapping key "(.*)" already defined at \[(\d+):\d+\]`)

func nodeName(t ast.NodeType) string {
	switch t {
	case ast.SequenceType:
		return "a list"
	case ast.MappingType, ast.MappingValueType:
		return "a mapping"
	case ast.StringType:
		return "text"
	case ast.IntegerType, ast.FloatType:
		return "a number"
	case ast.BoolType:
		return "true or false"
	case ast.NullType:
		return "nothing"
	}
	return t.YAMLName()
}

func describeToken(v string) string {
	switch v {
	case "[", "-":
		return "a list"
	case "{":
		return "a mapping"
	}
	return fmt.Sprintf("%q", maskIfPI(v))
}

// maskIfPI masks a policy value that a built-in identifier detector recognises (someone pasted an
// ID number where a count belongs): error messages are logged and never hold a full PI value.
func maskIfPI(v string) string {
	for _, d := range detect.Builtin().All() {
		if _, ok := d.(detect.Identifier); ok && d.Match([]byte(v)) {
			return detect.Mask(d.ID(), []byte(v))
		}
	}
	return v
}

func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}

// suggest returns the schema key closest to k (edit distance at most 2), or "".
func suggest(k string) string {
	best, bestD := "", 3
	for _, c := range allKeys {
		if d := editDistance(k, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
