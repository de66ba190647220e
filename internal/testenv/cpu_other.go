//go:build !unix

package testenv

// CPUSeconds is the process's CPU time where the system says it; 0 here.
func CPUSeconds() float64 { return 0 }
