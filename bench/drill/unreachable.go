package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// runUnreachable connects to two pgway connections whose upstream cannot be
// reached: one on a port where nothing listens (connection refused) and one
// on a listener that accepts and then never responds. Both must fail with
// 08001 and a hint, within limits.connect_timeout and a second of slack.
func runUnreachable(args []string) error {
	fs := flag.NewFlagSet("unreachable", flag.ExitOnError)
	dsn := fs.String("dsn", "", "connection string of pgway, without dbname")
	refused := fs.String("refused", "", "pgway connection whose upstream port has no listener")
	silent := fs.String("silent", "", "pgway connection whose upstream is -silent-listen")
	silentAddr := fs.String("silent-listen", "", "address to accept on and never answer, 127.0.0.1:PORT")
	connectTimeout := fs.Duration("connect-timeout", 2*time.Second, "pgway's limits.connect_timeout")
	fs.Parse(args)
	if !strings.HasPrefix(*silentAddr, "127.0.0.1:") {
		return fmt.Errorf("-silent-listen must be on 127.0.0.1, got %q", *silentAddr)
	}

	stop, err := listenSilently(*silentAddr)
	if err != nil {
		return err
	}
	defer stop()

	limit := *connectTimeout + time.Second
	for _, database := range []string{*refused, *silent} {
		if err := expectUnreachable(*dsn+" dbname="+database, limit); err != nil {
			return fmt.Errorf("connection %s: %w", database, err)
		}
	}
	return nil
}

func expectUnreachable(dsn string, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit+5*time.Second)
	defer cancel()
	start := time.Now()
	conn, err := pgx.Connect(ctx, dsn)
	elapsed := time.Since(start)
	if err == nil {
		conn.Close(ctx)
		return fmt.Errorf("connected, want 08001")
	}
	fmt.Printf("after %s: %v (SQLSTATE %q, hint %q)\n", ms(elapsed), err, sqlState(err), hint(err))
	switch {
	case sqlState(err) != "08001":
		return fmt.Errorf("got SQLSTATE %q, want 08001 (error: %v)", sqlState(err), err)
	case hint(err) == "":
		return fmt.Errorf("the 08001 error has no hint")
	case elapsed > limit:
		return fmt.Errorf("took %s, want at most %s", ms(elapsed), ms(limit))
	}
	return nil
}

// listenSilently accepts connections on addr and keeps them open without
// reading or writing, like a host that completes TCP and then hangs.
func listenSilently(addr string) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
		}
	}()
	return func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	}, nil
}
