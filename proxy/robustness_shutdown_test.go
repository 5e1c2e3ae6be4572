package proxy_test

import (
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"pgway/proxy"
)

// TestShutdownDuringConnectFlood checks, under -race, that a connection
// accepted just before Shutdown closed the listener is not added to the
// wait group that Shutdown already waits on ("WaitGroup misuse").
func TestShutdownDuringConnectFlood(t *testing.T) {
	cfg := testConfig(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	deadline := time.Now().Add(4 * time.Second)
	for i := 0; i < 300 && time.Now().Before(deadline); i++ {
		srv, err := proxy.NewServer(cfg, logger)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(ln)
		addr := ln.Addr().String()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					c, err := net.DialTimeout("tcp", addr, time.Second)
					if err != nil {
						continue
					}
					// A CancelRequest whose key matches no session.
					c.Write(startupPacket(80877102, "x"))
					c.Close()
				}
			}()
		}
		time.Sleep(time.Millisecond)
		srv.Shutdown()
		close(stop)
		wg.Wait()
	}
}
