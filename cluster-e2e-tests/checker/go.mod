// The history checker of PartitionHistoryIT, built by ../kube/build-history-checker.sh.
// Porcupine is pinned here; change it here, then `go mod tidy`.
module kube-bed/history-checker

go 1.22

require github.com/anishathalye/porcupine v1.3.1
