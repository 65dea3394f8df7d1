//go:build !race

package readers

// bombScale: without the race detector the workbooks claim their full sizes (2 GB parts).
const (
	bombScale   = 1
	raceEnabled = false
)
