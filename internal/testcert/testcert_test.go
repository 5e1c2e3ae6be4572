package testcert

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

func TestPairServesTrustingClient(t *testing.T) {
	pair, cert, err := Pair()
	if err != nil {
		t.Fatal(err)
	}
	addr := serveEcho(t, pair)

	roots := x509.NewCertPool()
	roots.AddCert(cert)
	for _, serverName := range []string{"localhost", "127.0.0.1"} {
		t.Run(serverName, func(t *testing.T) {
			conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: roots, ServerName: serverName})
			if err != nil {
				t.Fatalf("handshake with a client that trusts the certificate: %v", err)
			}
			defer conn.Close()

			if _, err := conn.Write([]byte("x")); err != nil {
				t.Fatalf("write: %v", err)
			}
			reply := make([]byte, 1)
			if _, err := io.ReadFull(conn, reply); err != nil {
				t.Fatalf("read echo: %v", err)
			}
			if reply[0] != 'x' {
				t.Errorf("echo = %q, want %q", reply, "x")
			}
		})
	}
}

func TestPairRejectedWithoutTrust(t *testing.T) {
	pair, _, err := Pair()
	if err != nil {
		t.Fatal(err)
	}
	addr := serveEcho(t, pair)

	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: x509.NewCertPool(), ServerName: "localhost"})
	if err == nil {
		conn.Close()
		t.Fatal("handshake succeeded with a client that does not trust the certificate")
	}
	var unknownAuthority x509.UnknownAuthorityError
	if !errors.As(err, &unknownAuthority) {
		t.Errorf("handshake error = %v, want x509.UnknownAuthorityError", err)
	}
}

func TestPairNamesAndValidity(t *testing.T) {
	_, cert, err := Pair()
	if err != nil {
		t.Fatal(err)
	}

	for _, host := range []string{"localhost", "127.0.0.1", "::1"} {
		if err := cert.VerifyHostname(host); err != nil {
			t.Errorf("VerifyHostname(%q): %v", host, err)
		}
	}
	if err := cert.VerifyHostname("example.com"); err == nil {
		t.Error("VerifyHostname(example.com) succeeded, want an error")
	}
	if got := cert.NotAfter.Sub(cert.NotBefore); got != Validity {
		t.Errorf("validity = %v, want %v", got, Validity)
	}
	if now := time.Now(); now.Before(cert.NotBefore) || now.After(cert.NotAfter) {
		t.Errorf("now %v is outside [%v, %v]", now, cert.NotBefore, cert.NotAfter)
	}
	if cert.IsCA {
		t.Error("IsCA = true, want a leaf certificate")
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile, err := Write(dir)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
		t.Errorf("LoadX509KeyPair: %v", err)
	}
	assertMode(t, certFile, 0o644)
	assertMode(t, keyFile, 0o600)
}

func TestWriteReplacesLooseKeyMode(t *testing.T) {
	dir := t.TempDir()
	_, keyFile, err := Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keyFile, 0o666); err != nil {
		t.Fatal(err)
	}

	if _, _, err := Write(dir); err != nil {
		t.Fatal(err)
	}
	assertMode(t, keyFile, 0o600)
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("mode of %s = %v, want %v", path, got, want)
	}
}

// serveEcho starts a TLS listener on 127.0.0.1 that echoes what each client sends.
func serveEcho(t *testing.T, pair tls.Certificate) string {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })

	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func(conn net.Conn) {
				defer conn.Close()
				io.Copy(conn, conn)
			}(conn)
		}
	}()
	return ln.Addr().String()
}
