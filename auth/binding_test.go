package auth

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"testing"
)

func TestTLSServerEndPoint(t *testing.T) {
	raw := []byte("DER bytes of a certificate")
	sum256 := sha256.Sum256(raw)
	sum384 := sha512.Sum384(raw)
	sum512 := sha512.Sum512(raw)
	tests := []struct {
		name      string
		algorithm x509.SignatureAlgorithm
		want      []byte
	}{
		{"MD5 uses SHA-256", x509.MD5WithRSA, sum256[:]},
		{"SHA-1 uses SHA-256", x509.SHA1WithRSA, sum256[:]},
		{"ECDSA SHA-1 uses SHA-256", x509.ECDSAWithSHA1, sum256[:]},
		{"RSA SHA-256", x509.SHA256WithRSA, sum256[:]},
		{"ECDSA SHA-256", x509.ECDSAWithSHA256, sum256[:]},
		{"RSA-PSS SHA-384", x509.SHA384WithRSAPSS, sum384[:]},
		{"ECDSA SHA-384", x509.ECDSAWithSHA384, sum384[:]},
		{"RSA SHA-512", x509.SHA512WithRSA, sum512[:]},
		{"Ed25519 has no hash", x509.PureEd25519, nil},
		{"unknown algorithm", x509.UnknownSignatureAlgorithm, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := &x509.Certificate{Raw: raw, SignatureAlgorithm: tt.algorithm}
			if got := TLSServerEndPoint(cert); !bytes.Equal(got, tt.want) {
				t.Errorf("TLSServerEndPoint() = %x, want %x", got, tt.want)
			}
		})
	}
}
