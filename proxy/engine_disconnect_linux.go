package proxy

import (
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// peerClosedCheck returns a function that reports whether the peer of c
// has closed its side, or nil where c has no socket to ask. It polls for
// POLLRDHUP, which the kernel reports also while unread bytes wait, and
// reads nothing.
func peerClosedCheck(c net.Conn) func() bool {
	sc, ok := netConn(c).(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return func() bool {
		closed := false
		raw.Control(func(fd uintptr) {
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLRDHUP}}
			if n, err := unix.Poll(fds, 0); err == nil && n > 0 {
				closed = fds[0].Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0
			}
		})
		return closed
	}
}
