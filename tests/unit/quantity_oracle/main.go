// The reference for airkube's quantity parser (tests/unit/test_quantities.py): one candidate per line
// on stdin, "ok" or "bad" per line on stdout, as the API server's ParseQuantity decides.
package main

import (
	"bufio"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/api/resource"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		if _, err := resource.ParseQuantity(in.Text()); err != nil {
			fmt.Fprintln(out, "bad")
		} else {
			fmt.Fprintln(out, "ok")
		}
	}
}
