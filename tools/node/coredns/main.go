// CoreDNS for the test node with only the plugins its Corefile uses, the way
// CoreDNS documents custom builds (set dnsserver.Directives, import the
// plugins, call coremain.Run). There is deliberately no forward plugin: the
// node has no upstream resolver, so names outside the cluster zones get a
// quick SERVFAIL instead of a timeout.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/hosts"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

// The order is the execution order, so it must follow upstream's plugin.cfg
// (core/dnsserver/zdirectives.go). bind keeps the listeners off 0.0.0.0.
var directives = []string{
	"bind",
	"ready",
	"health",
	"errors",
	"log",
	"loadbalance",
	"cache",
	"hosts",
	"kubernetes",
}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
