// pause holds a pod's namespaces open, like the Kubernetes pause container:
// it blocks until SIGINT or SIGTERM and then exits 0. When it is PID 1 of a
// shared PID namespace it also reaps orphaned children (SIGCHLD).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for sig := range sigs {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		// Reap every exited child; WNOHANG so a live child does not block us.
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
