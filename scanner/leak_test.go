package scanner

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/scanner/detect"
)

// panickyDetector panics with the value it was given, as a buggy detector might.
type panickyDetector struct{}

var _ detect.Detector = panickyDetector{}

func (panickyDetector) ID() string                { return "panicky" }
func (panickyDetector) Category() detect.Category { return detect.CategoryPersonal }
func (panickyDetector) Describe() string          { return "panics with its input" }
func (panickyDetector) Hints() detect.Hints       { return detect.Hints{} }
func (panickyDetector) Match(v []byte) bool {
	if len(v) == 18 {
		panic(fmt.Sprintf("cannot handle %s", v))
	}
	return false
}

// TestDetectorPanicDoesNotQuoteTheValue makes a detector panic with the cell it was given: the
// file becomes an error result (the scan goes on) and the error names no part of the value.
func TestDetectorPanicDoesNotQuoteTheValue(t *testing.T) {
	const id = "11010519491231002X"
	dir := writeFiles(t, map[string]string{
		"ids.csv":  "身份证号\n" + strings.Repeat(id+"\n", 5),
		"fine.csv": "sku\nA-1\n",
	})
	opt := testOptions()
	opt.Registry = detect.Builtin().With(panickyDetector{})
	res, err := Scan(context.Background(), []string{filepath.Join(dir, "ids.csv"), filepath.Join(dir, "fine.csv")}, opt)
	require.NoError(t, err)
	require.Len(t, res.Files, 2)
	bad := res.Files[0]
	require.Error(t, bad.Err)
	assert.Contains(t, bad.Err.Error(), "value withheld")
	assert.NotContains(t, bad.Err.Error(), "1101051949", "the panic value quoted the cell")
	assert.NoError(t, res.Files[1].Err)
}
