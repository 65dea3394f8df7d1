//go:build unix

package detect

import (
	"syscall"
	"time"
)

// processCPUTime is the process's user+system CPU time. The benchmark machine is shared, so
// wall-clock figures swing several-fold between runs; CPU time per value is steadier.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
