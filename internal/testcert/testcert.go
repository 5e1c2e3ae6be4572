// Package testcert creates self-signed TLS certificates for tests.
//
// A certificate is valid for localhost, 127.0.0.1 and ::1 for one day. A client
// trusts it by adding the certificate itself to its roots, for example with
// sslrootcert for libpq or a tls.Config whose RootCAs contains it.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Validity is how long a generated certificate is valid, counted from its NotBefore.
const Validity = 24 * time.Hour

// clockSkew moves NotBefore into the past so that a peer whose clock is slightly
// behind still accepts a certificate made a moment ago.
const clockSkew = 5 * time.Minute

// Names of the files that Write creates, the names PostgreSQL uses by default.
const (
	CertFileName = "server.crt"
	KeyFileName  = "server.key"
)

// Pair generates a certificate and its ECDSA P-256 key for in-memory use. The
// tls.Certificate serves it, and the parsed certificate is what a client adds to
// its roots.
func Pair() (tls.Certificate, *x509.Certificate, error) {
	key, cert, err := generate()
	if err != nil {
		return tls.Certificate{}, nil, err
	}

	pair := tls.Certificate{
		Certificate: [][]byte{cert.Raw},
		PrivateKey:  key,
		Leaf:        cert,
	}
	return pair, cert, nil
}

// Write generates a certificate and its key and writes them as PEM to
// dir/server.crt (mode 0644) and dir/server.key (PKCS #8, mode 0600),
// replacing files of those names.
func Write(dir string) (certFile, keyFile string, err error) {
	key, cert, err := generate()
	if err != nil {
		return "", "", err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", "", fmt.Errorf("encode private key: %w", err)
	}

	certFile = filepath.Join(dir, CertFileName)
	keyFile = filepath.Join(dir, KeyFileName)
	if err := writePEM(certFile, "CERTIFICATE", cert.Raw, 0o644); err != nil {
		return "", "", err
	}
	if err := writePEM(keyFile, "PRIVATE KEY", keyDER, 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

func generate() (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, nil, fmt.Errorf("generate serial number: %w", err)
	}

	notBefore := time.Now().Add(-clockSkew)
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "localhost", Organization: []string{"pgway tests"}},
		NotBefore:    notBefore,
		NotAfter:     notBefore.Add(Validity),
		// A leaf (IsCA false) that clients trust directly, because some verifiers
		// (webpki, which rustls uses) reject a CA certificate as a server certificate.
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}

	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("parse generated certificate: %w", err)
	}
	return key, cert, nil
}

// writePEM sets mode even when the file already exists, which os.WriteFile does not.
func writePEM(path, blockType string, der []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = f.Chmod(mode)
	if err == nil {
		err = pem.Encode(f, &pem.Block{Type: blockType, Bytes: der})
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
