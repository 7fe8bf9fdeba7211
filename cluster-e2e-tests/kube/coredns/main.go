// Command coredns is CoreDNS with only the plugins of kubeadm's default
// Corefile (plus `log` and `bind`), so it builds without the cloud SDKs that
// CoreDNS's full plugin set pulls in. Built by ../build-control-plane.sh.
//
// kubeadm's Corefile uses: errors, health, ready, kubernetes, prometheus,
// forward, cache, loop, reload, loadbalance. `log` helps debugging and `bind`
// lets a test bed pin the listen address on a shared loopback.
package main

import (
	"strings"

	"github.com/coredns/caddy"
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics" // directive "prometheus"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() {
	// Keep CoreDNS's own execution order (zdirectives.go), restricted to the
	// plugins compiled in, so an unknown directive is reported as such.
	included := map[string]bool{}
	for _, name := range caddy.ListPlugins()["others"] {
		if d, ok := strings.CutPrefix(name, "dns."); ok {
			included[d] = true
		}
	}
	var directives []string
	for _, d := range dnsserver.Directives {
		if included[d] {
			directives = append(directives, d)
		}
	}
	dnsserver.Directives = directives
	coremain.Run()
}
