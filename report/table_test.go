package report

import (
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
)

var widthCond = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

func TestTableNeutralisesControlCharacters(t *testing.T) {
	out := string(render(t, "table", WriterOptions{}, goldenReport()))
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("table output without colour holds an ESC byte")
	}
	if strings.ContainsRune(out, '\u202e') {
		t.Errorf("table output holds a raw right-to-left override")
	}
	if !strings.Contains(out, `payments/\x1b[31mred\nline.parquet`) {
		t.Errorf("the hostile path is not shown with visible escapes:\n%s", out)
	}
}

func TestTableColourOnlyWrapsLabels(t *testing.T) {
	plain := string(render(t, "table", WriterOptions{}, goldenReport()))
	colour := string(render(t, "table", WriterOptions{Color: true}, goldenReport()))
	if !strings.Contains(colour, "\x1b[31massessment") || !strings.Contains(colour, "\x1b[32mfree") ||
		!strings.Contains(colour, "\x1b[33mcontract") || !strings.Contains(colour, "\x1b[35merror") {
		t.Errorf("labels are not coloured:\n%q", colour)
	}
	// Removing our own sequences must give back the plain output: no other ESC got through.
	stripped := colour
	for _, seq := range []string{"\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[35m", "\x1b[1m", "\x1b[0m"} {
		stripped = strings.ReplaceAll(stripped, seq, "")
	}
	if stripped != plain {
		t.Errorf("coloured output differs from plain output beyond colour codes")
	}
	if strings.Contains(colour, "\x1b[31mred") {
		t.Errorf("the file name's own escape sequence reached the terminal")
	}
}

func TestTableAlignsChineseByDisplayWidth(t *testing.T) {
	r := &Report{Files: []File{
		{Path: "a.csv", Verdict: Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt3}}}},
		{Path: "客户/手机号名单.csv", Verdict: Verdict{Label: LabelContract, Reasons: []Reason{{Rule: RuleArt8}}},
			Tables: []Table{{Columns: []Column{{Name: "手机号", Types: []Type{{Type: "phone_number", Category: "personal"}}}}}}},
		{Path: "ｆｕｌｌ.csv", Verdict: Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt54}}}},
	}}
	lines := strings.Split(string(render(t, "table", WriterOptions{}, r)), "\n")
	header := lines[0]
	typesAt := strings.Index(header, "TYPES") // ASCII header: bytes = columns
	for _, l := range lines[1:4] {
		// The types column starts at the same display column on every line.
		i := strings.LastIndex(l, "  ") + 2
		if w := widthCond.StringWidth(l[:i]); w != typesAt {
			t.Errorf("types column of %q starts at display column %d, header at %d", l, w, typesAt)
		}
	}
}

func TestTableTruncatesLongPathsInTheMiddle(t *testing.T) {
	long := "exports/" + strings.Repeat("很长的文件夹名/", 12) + "最终订单.csv"
	r := &Report{Files: []File{{Path: long, Verdict: Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt3}}}}}}
	for _, width := range []int{80, 100, 160} {
		lines := strings.Split(string(render(t, "table", WriterOptions{Width: width}, r)), "\n")
		line := lines[1]
		if w := widthCond.StringWidth(line); w > width {
			t.Errorf("width %d: file line is %d columns wide: %q", width, w, line)
		}
		if !strings.Contains(line, "exports/") || !strings.Contains(line, "订单.csv") || !strings.Contains(line, "…") {
			t.Errorf("width %d: path not cut in the middle: %q", width, line)
		}
	}
}

func TestTableFitList(t *testing.T) {
	tw := newTerminal(WriterOptions{})
	for _, tc := range []struct {
		items []string
		w     int
		want  string
	}{
		{nil, 20, "-"},
		{[]string{"email"}, 20, "email"},
		{[]string{"email", "phone_number"}, 20, "email, phone_number"},
		{[]string{"email", "phone_number", "person_name"}, 20, "email, +2"},
		{[]string{"cn_resident_id", "email"}, 14, "cn_reside…, +1"},
		{[]string{"cn_resident_id"}, 8, "cn_resi…"},
	} {
		if got := tw.fitList(tc.items, tc.w); got != tc.want {
			t.Errorf("fitList(%v, %d) = %q, want %q", tc.items, tc.w, got, tc.want)
		}
	}
}

// TestTableOffTerminalNeverTruncates: with no terminal width (a file, a pipe, a cron log) every
// path and type list is written whole.
func TestTableOffTerminalNeverTruncates(t *testing.T) {
	r := goldenReport()
	long := "exports/" + strings.Repeat("很长的目录名/", 20) + "orders-with-a-very-long-name-2026-11.csv"
	r.Files[0].Path = long
	out := string(render(t, "table", WriterOptions{}, r))
	// The path is on its file line and on its review note's line.
	if strings.Count(out, long) != 2 || strings.Contains(out, "…") {
		t.Errorf("the table off a terminal cut a path or a type list:\n%s", out)
	}
	if narrow := string(render(t, "table", WriterOptions{Width: 80}, r)); strings.Count(narrow, long) != 1 {
		t.Errorf("the table on an 80-column terminal did not fit the long path to its width")
	}
}
