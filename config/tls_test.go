package config

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeKeyPair writes a self-signed certificate and its key as PEM files.
func writeKeyPair(t *testing.T, dir, name string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile = filepath.Join(dir, name+".crt")
	keyFile = filepath.Join(dir, name+".key")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEM(t *testing.T, path, blockType string, der []byte) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestTLSKeyPairAccepted(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := writeKeyPair(t, dir, "server")
	c := Default()
	c.TLS = TLS{CertFile: certFile, KeyFile: keyFile, Mode: TLSRequire}
	if problems := c.Validate(); len(problems) > 0 {
		t.Errorf("problems: %v", problems)
	}
}

func TestTLSMismatchedKeyRejected(t *testing.T) {
	dir := t.TempDir()
	certFile, _ := writeKeyPair(t, dir, "one")
	_, otherKey := writeKeyPair(t, dir, "two")
	c := Default()
	c.TLS = TLS{CertFile: certFile, KeyFile: otherKey, Mode: TLSAllow}

	p, ok := problemAt(c.Validate(), "tls.cert_file")
	if !ok {
		t.Fatal("no problem for a key that does not match the certificate")
	}
	if !strings.Contains(p.Message, "cannot use the certificate") {
		t.Errorf("problem = %s", p)
	}
}

func TestTLSKeyWithoutCertificate(t *testing.T) {
	c := Default()
	c.TLS = TLS{KeyFile: "server.key", Mode: TLSDisable}
	p, ok := problemAt(c.Validate(), "tls.cert_file")
	if !ok || !strings.Contains(p.Message, "missing: tls.key_file is set") {
		t.Errorf("problems = %v, want tls.cert_file missing", c.Validate())
	}
}
