//go:build !unix

package certrun

// maxRSSMiB is not known here.
func maxRSSMiB() float64 { return 0 }
