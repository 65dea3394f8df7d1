package report

import (
	"strings"
	"testing"
)

func TestMarkdownEscapesCells(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"pipe cannot split a cell", "a|b", `a\|b`},
		{"backtick cannot open code", "a`b", "a\\`b"},
		{"tags become entities", "<script>", "&lt;script&gt;"},
		{"newline becomes a line break", "a\nb", "a<br>b"},
		{"link syntax is inert", "[x](http://y)", `\[x\](http://y)`},
		{"ESC made visible", "\x1b[31m", `\\x1b\[31m`},
		{"right-to-left override made visible", "a\u202eb", `a\\u202eb`},
		{"Chinese unchanged", "手机号", "手机号"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("%s: mdText(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestMarkdownTablesKeepTheirShape(t *testing.T) {
	out := string(render(t, "markdown", WriterOptions{}, goldenReport()))
	if strings.Contains(out, "<script") || strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, '\u202e') {
		t.Errorf("markdown holds raw HTML, ESC or bidi override")
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// Count cell separators: pipes not escaped with a backslash.
		cells := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '|' {
				cells++
			}
		}
		// Separators per row of the summary (9 cells), files (6), columns (7), not examined and
		// excluded (2) tables.
		allowed := map[int]bool{10: true, 7: true, 8: true, 3: true}
		if !allowed[cells] {
			t.Errorf("table row has %d separators: %q", cells, line)
		}
	}
}
