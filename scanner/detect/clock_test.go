package detect

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoDetectorReadsTheClock: the scan date reaches the detectors through Registry.On (Day);
// a call of time.Now in the package would make a scan's result depend on when it ran.
func TestNoDetectorReadsTheClock(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "time" && sel.Sel.Name == "Now" {
					t.Errorf("%s: time.Now: take the scan date from Day (Registry.On) instead", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
}

// TestRegistryOnBindsEveryDatedDetector: after On, every detector that checks birth dates holds
// the day, With keeps it, and the embedded extractor gets it too.
func TestRegistryOnBindsEveryDatedDetector(t *testing.T) {
	future := genID("110105", 2026, 12, 7, 1) // the day after testToday
	reg := Builtin().On(testToday).With()
	for _, id := range []string{"cn_resident_id", "social_security_number"} {
		d, ok := reg.Get(id)
		if !ok {
			t.Fatalf("%s missing", id)
		}
		if d.Match([]byte(future)) {
			t.Errorf("%s accepts a birth date after the scan date", id)
		}
		if !d.Match([]byte(genID("110105", 2026, 12, 6, 1))) {
			t.Errorf("%s rejects a birth on the scan date", id)
		}
	}
	var found []string
	reg.Embedded().Extract([]byte("身份证 "+future), func(typ string, _ []byte) { found = append(found, typ) })
	if len(found) != 0 {
		t.Errorf("embedded extractor accepts a birth date after the scan date: %v", found)
	}
	bd, _ := reg.Get("birth_date")
	if bd.Match([]byte("2026-12-07")) || !bd.Match([]byte("2026-12-06")) {
		t.Error("birth_date not bound to the scan date")
	}
}
