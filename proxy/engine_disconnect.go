package proxy

import (
	"net"
	"time"
)

// disconnectCheckInterval is how often a running provider call checks
// whether its client has closed the connection. PostgreSQL's
// client_connection_check_interval does the same, off by default there.
const disconnectCheckInterval = time.Second

// watchDisconnect cancels the running provider call, as a CancelRequest
// does, once the client closes its side of the connection. The engine
// reads no message while a call runs, so without the check a call would
// run to its end, or to the statement timeout, for a client that left.
// It returns the function that stops the watch.
func (e *engine) watchDisconnect() (stop func()) {
	closed := peerClosedCheck(e.s.conn)
	if closed == nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		ticker := time.NewTicker(disconnectCheckInterval)
		defer ticker.Stop()
		for {
			// Most calls end before the first tick, and so ask nothing.
			select {
			case <-done:
				return
			case <-ticker.C:
			}
			if closed() {
				e.s.log.Info("client closed the connection; cancelling the statement")
				e.cancel()
				return
			}
		}
	}()
	return func() { close(done) }
}

// netConn returns the TCP or Unix connection under a TLS connection.
func netConn(c net.Conn) net.Conn {
	if tc, ok := c.(interface{ NetConn() net.Conn }); ok {
		return tc.NetConn()
	}
	return c
}
