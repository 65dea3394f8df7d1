// Command funclen is CI's check that no production function is over 80 lines: it walks the
// module's Go files (tests, testdata and generated files left out) and lists each function or
// method longer than that, from its "func" line to its closing brace.
//
// Functions named in the allowance file (.ci/funclen.allow, "path:Func" per line) are reported
// but do not fail the run: they are today's offenders, each to be split by the work that owns
// its file. An allowance that no longer matches a long function is reported so it is removed.
//
//	go run ./.ci/funclen [-max 80] [-allow .ci/funclen.allow] [root]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	limit := flag.Int("max", 80, "the longest a function may be, in lines")
	allowFile := flag.String("allow", ".ci/funclen.allow", "today's offenders, one path:Func per line")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	long, err := longFunctions(root, *limit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	allowed, err := readAllowance(*allowFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(2)
	}
	failed := false
	for _, f := range long {
		if allowed[f.key] {
			fmt.Printf("funclen: allowed for now: %s (%d lines)\n", f.key, f.lines)
			delete(allowed, f.key)
			continue
		}
		fmt.Printf("funclen: %s is %d lines (at most %d)\n", f.key, f.lines, *limit)
		failed = true
	}
	for _, k := range sortedKeys(allowed) {
		fmt.Printf("funclen: %s is no longer over %d lines: remove it from %s\n", k, *limit, *allowFile)
	}
	if failed {
		os.Exit(1)
	}
}

type longFunc struct {
	key   string // path:Func or path:Recv.Method
	lines int
}

// longFunctions lists the production functions under root longer than limit lines.
func longFunctions(root string, limit int) ([]longFunc, error) {
	var out []longFunc
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			if n > limit {
				out = append(out, longFunc{key: filepath.ToSlash(rel) + ":" + funcName(fn), lines: n})
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, err
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// readAllowance reads path:Func lines; blank lines and # comments are skipped. A missing file
// allows nothing.
func readAllowance(path string) (map[string]bool, error) {
	allowed := map[string]bool{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return allowed, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			allowed[line] = true
		}
	}
	return allowed, sc.Err()
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
