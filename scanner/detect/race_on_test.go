//go:build race

package detect

// raceEnabled: under the race detector sync.Pool drops a quarter of what is Put, at random, so
// a test cannot count on getting back what it gave the pool.
const raceEnabled = true
