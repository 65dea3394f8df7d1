package scanner

import (
	"testing"
	"time"

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
