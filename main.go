// Command confer runs the Confer server and its admin commands.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "confer:", err)
		os.Exit(1)
	}
}
