//go:build race

package main

// raceEnabled: this test binary is built with -race, whose shadow memory roughly triples a
// process's resident size; memory bounds of subprocess tests scale by raceMemoryFactor.
const (
	raceEnabled      = true
	raceMemoryFactor = 3
)
