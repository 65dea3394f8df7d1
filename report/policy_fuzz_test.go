package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParsePolicy feeds arbitrary YAML to the policy parser: it must never panic, and every
// rejection must point the user at a line (a *PolicyError with Line > 0), except a required key
// that is missing altogether, which has no line and is named instead.
func FuzzParsePolicy(f *testing.F) {
	paths, err := filepath.Glob("../testdata/policies/*.yaml")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seed policies: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(PolicyInit()))
	for _, s := range []string{"", "version: 1\n", "handler: [\n", "ignore:\n  paths: ['[']\n", "a: &x [*x]\n",
		"custom_detectors:\n  - id: x\n    pattern: '('\n", "version: 1\nversion: 2\n", "\t- :\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data, "fuzz.yaml")
		if err == nil {
			if p == nil {
				t.Fatal("nil policy without an error")
			}
			return
		}
		var pe *PolicyError
		if !errors.As(err, &pe) || (pe.Line <= 0 && !strings.HasPrefix(pe.Msg, "required")) {
			t.Fatalf("policy error without a line number: %v", err)
		}
		if !strings.HasPrefix(err.Error(), "fuzz.yaml:") {
			t.Fatalf("policy error does not name the file: %v", err)
		}
	})
}
