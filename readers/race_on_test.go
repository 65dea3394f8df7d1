//go:build race

package readers

// bombScale divides the claimed sizes of the hostile workbooks under the race detector, where
// every XML token costs about ten times as much: the smaller bombs still pass every bound.
const (
	bombScale   = 8
	raceEnabled = true
)
