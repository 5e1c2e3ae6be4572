//go:build !linux

package proxy

import "net"

// peerClosedCheck returns nil: outside Linux pgway does not notice a
// client that closes its connection while a statement runs.
// TODO: poll the socket on the BSDs and macOS too.
func peerClosedCheck(net.Conn) func() bool {
	return nil
}
