//go:build tools

// Keeps the enforcer's main package in this module's requirements for `go mod tidy`.
package tools

import _ "sigs.k8s.io/kube-network-policies/cmd"
