//go:build unix

package certrun

import "syscall"

// maxRSSMiB is the process's peak resident set (Linux reports KiB), or 0.
func maxRSSMiB() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
