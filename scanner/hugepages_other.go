//go:build !linux

package scanner

// adviseHugePages is Linux's transparent huge page advice (hugepages_linux.go); elsewhere the
// tables keep the default pages.
func adviseHugePages([]uint64) {}
