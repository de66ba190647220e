package main

import (
	"fmt"
	"io"
)

// notYet reports a subcommand that is not built yet. Each stub below is
// replaced by the subcommand's own file when it lands.
func notYet(name string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "jixiao %s: 尚未实现 (not implemented yet)\n", name)
	return 2
}
