package auth

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"hash"
)

// ChannelBindingTLSServerEndPoint is the only channel binding type that
// PostgreSQL and pgway support (RFC 5929, section 4).
const ChannelBindingTLSServerEndPoint = "tls-server-end-point"

// ChannelBinding is the channel binding of the TLS connection a SCRAM
// exchange runs on.
type ChannelBinding struct {
	Type string // "tls-server-end-point"
	Data []byte // the hash of the server certificate, see TLSServerEndPoint
}

// TLSServerEndPoint computes the tls-server-end-point channel binding data of
// the server certificate (RFC 5929, section 4.1). The hash is SHA-256 when the
// certificate's signature uses MD5, SHA-1 or SHA-256, and otherwise the
// signature's own hash. It returns nil for signatures that have no such hash,
// such as Ed25519. A server with such a certificate cannot offer
// SCRAM-SHA-256-PLUS, so its caller passes a nil binding to NewSCRAM.
func TLSServerEndPoint(cert *x509.Certificate) []byte {
	h := endPointHash(cert.SignatureAlgorithm)
	if h == nil {
		return nil
	}
	h.Write(cert.Raw)
	return h.Sum(nil)
}

func endPointHash(algorithm x509.SignatureAlgorithm) hash.Hash {
	switch algorithm {
	case x509.MD5WithRSA, x509.SHA1WithRSA, x509.DSAWithSHA1, x509.ECDSAWithSHA1,
		x509.SHA256WithRSA, x509.SHA256WithRSAPSS, x509.DSAWithSHA256, x509.ECDSAWithSHA256:
		return sha256.New()
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		return sha512.New384()
	case x509.SHA512WithRSA, x509.SHA512WithRSAPSS, x509.ECDSAWithSHA512:
		return sha512.New()
	}
	return nil
}
