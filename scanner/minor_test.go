package scanner

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/scanner/detect"
)

// TestMinorTestAgreesWithIsMinor compares the per-row integer test with detect.IsMinor for every
// birth date over 16 years around several scan dates, leap days included.
func TestMinorTestAgreesWithIsMinor(t *testing.T) {
	for _, scan := range []time.Time{
		time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 2, 28, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC),
	} {
		for _, age := range []int{14, 18} {
			mt := newMinorTest(scan, age)
			for born := scan.AddDate(-age-1, 0, -3); born.Before(scan.AddDate(0, 0, 3)); born = born.AddDate(0, 0, 1) {
				y, m, d := born.Date()
				if got, want := mt.minor(y, int(m), d), detect.IsMinor(y, int(m), d, scan, age); got != want {
					t.Errorf("scan %s, age %d, born %s: minor %v, IsMinor %v", scan.Format("2006-01-02"), age, born.Format("2006-01-02"), got, want)
				}
			}
		}
	}
}

// TestScanDateBoundsBirthDates: the detectors take "today" from Options.Now, not from the clock.
// ID numbers of persons born in 2010 are valid on a 2026 scan and impossible (a birth date after
// the scan date) on a scan dated 2005; a clock read anywhere would type both alike.
func TestScanDateBoundsBirthDates(t *testing.T) {
	g := newGen(3)
	var rows [][]string
	for p := range 300 {
		rows = append(rows, []string{g.id(p, 2010), "x"})
	}
	dir := writeFiles(t, map[string]string{"ids.csv": csvFile([]string{"身份证号", "备注"}, rows)})
	for _, tt := range []struct {
		now     time.Time
		persons int64
		typed   bool
	}{
		{scanDate, 300, true},
		{time.Date(2005, 1, 1, 10, 0, 0, 0, time.UTC), 0, false},
	} {
		opt := testOptions()
		opt.Now = tt.now
		res, err := Scan(context.Background(), []string{dir}, opt)
		require.NoError(t, err)
		require.Len(t, res.Files, 1)
		fr := res.Files[0]
		n, _ := counts(fr.Persons)
		assert.Equal(t, tt.persons, n, "persons on a scan dated %s", tt.now.Format("2006-01-02"))
		assert.Equal(t, tt.typed, slices.Contains(typesOf(fr, "身份证号"), "cn_resident_id"), "typed on %s", tt.now.Format("2006-01-02"))
	}
}
