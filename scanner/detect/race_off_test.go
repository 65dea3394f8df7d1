//go:build !race

package detect

// raceEnabled: without the race detector a Put item is there for the next Get (no GC between).
const raceEnabled = false
