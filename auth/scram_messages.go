package auth

import (
	"bytes"
	"crypto/sha256"
	"strings"
)

// readGS2Header checks the GS2 header at the start of the client-first-message
// (RFC 5802, section 7) against the selected mechanism and the offered
// channel binding, and returns the client-first-message-bare that follows.
func (s *SCRAMServer) readGS2Header(message string) (string, error) {
	flag, rest, ok := strings.Cut(message, ",")
	if !ok {
		return "", s.failf("invalid SCRAM client-first-message: GS2 header missing")
	}
	if err := s.checkBindingFlag(flag); err != nil {
		return "", err
	}

	authzid, bare, ok := strings.Cut(rest, ",")
	switch {
	case !ok:
		return "", s.failf("invalid SCRAM client-first-message: GS2 header not terminated")
	case strings.HasPrefix(authzid, "a="):
		return "", s.failf("SCRAM authorization identity (a=) is not supported")
	case authzid != "":
		return "", s.failf("invalid SCRAM client-first-message: unexpected attribute in GS2 header")
	}
	s.gs2Header = message[:len(message)-len(bare)]
	return bare, nil
}

// checkBindingFlag applies PostgreSQL's rules to the channel binding flag:
// "n" and "y" only without SCRAM-SHA-256-PLUS, "y" only when the server did
// not offer SCRAM-SHA-256-PLUS (otherwise it is a downgrade), and
// "p=<type>" only with SCRAM-SHA-256-PLUS and the offered binding type.
func (s *SCRAMServer) checkBindingFlag(flag string) error {
	switch {
	case flag == "n" || flag == "y":
		if s.plus {
			return s.failf("client selected %s but sent no channel binding data", mechanismSCRAMPlus)
		}
		if flag == "y" && s.binding != nil {
			return s.failf("SCRAM channel binding negotiation failed: client supports channel binding " +
				"but assumes the server does not, although the server offered it")
		}
		return nil
	case strings.HasPrefix(flag, "p="):
		if !s.plus {
			return s.failf("client selected %s but sent channel binding data", mechanismSCRAM)
		}
		if flag[len("p="):] != s.binding.Type {
			return s.failf("unsupported SCRAM channel binding type %q", flag[len("p="):])
		}
		return nil
	}
	return s.failf("invalid SCRAM client-first-message: unknown channel binding flag")
}

// readClientFirstBare returns the client nonce of a client-first-message-bare
// "n=<user>,r=<nonce>[,<extensions>]". PostgreSQL ignores the user name, and
// so does this function.
func (s *SCRAMServer) readClientFirstBare(bare string) (string, error) {
	attributes := strings.Split(bare, ",")
	if strings.HasPrefix(attributes[0], "m=") {
		return "", s.failf("SCRAM extensions (m=) are not supported")
	}
	if !strings.HasPrefix(attributes[0], "n=") {
		return "", s.failf("invalid SCRAM client-first-message: user name attribute (n=) missing")
	}
	if len(attributes) < 2 || !strings.HasPrefix(attributes[1], "r=") {
		return "", s.failf("invalid SCRAM client-first-message: nonce attribute (r=) missing")
	}
	nonce := attributes[1][len("r="):]
	if !isPrintableNonce(nonce) {
		return "", s.failf("invalid SCRAM client-first-message: nonce is empty or not printable ASCII")
	}
	if !areAttributes(attributes[2:]) {
		return "", s.failf("invalid SCRAM client-first-message: malformed extension attribute")
	}
	return nonce, nil
}

// readClientFinal checks a client-final-message
// "c=<binding>,r=<nonce>[,<extensions>],p=<proof>" and returns the message
// without its proof, and the decoded proof.
func (s *SCRAMServer) readClientFinal(message string) (string, []byte, error) {
	cut := strings.LastIndex(message, ",p=")
	if cut < 0 {
		return "", nil, s.failf("invalid SCRAM client-final-message: proof attribute (p=) missing")
	}
	withoutProof := message[:cut]
	proof, err := b64.DecodeString(message[cut+len(",p="):])
	if err != nil || len(proof) != sha256.Size {
		return "", nil, s.failf("invalid SCRAM client-final-message: proof is not %d bytes in base64", sha256.Size)
	}

	attributes := strings.Split(withoutProof, ",")
	if err := s.checkChannelBinding(attributes[0]); err != nil {
		return "", nil, err
	}
	if len(attributes) < 2 || attributes[1] != "r="+s.nonce {
		return "", nil, s.failf("invalid SCRAM client-final-message: nonce does not match")
	}
	if !areAttributes(attributes[2:]) {
		return "", nil, s.failf("invalid SCRAM client-final-message: malformed extension attribute")
	}
	return withoutProof, proof, nil
}

// checkChannelBinding checks the c= attribute, which must be the base64 of
// the GS2 header followed, for SCRAM-SHA-256-PLUS, by the binding data.
func (s *SCRAMServer) checkChannelBinding(attribute string) error {
	encoded, ok := strings.CutPrefix(attribute, "c=")
	if !ok {
		return s.failf("invalid SCRAM client-final-message: channel binding attribute (c=) missing")
	}
	input, err := b64.DecodeString(encoded)
	if err != nil {
		return s.failf("invalid SCRAM client-final-message: channel binding is not base64")
	}
	if !bytes.Equal(input, s.channelBindingInput()) {
		return s.failf("SCRAM channel binding check failed")
	}
	return nil
}

// isPrintableNonce reports whether nonce is non-empty and made of the
// characters RFC 5802 allows in a nonce: printable ASCII except the comma.
func isPrintableNonce(nonce string) bool {
	if nonce == "" {
		return false
	}
	for i := 0; i < len(nonce); i++ {
		if nonce[i] < 0x21 || nonce[i] > 0x7e || nonce[i] == ',' {
			return false
		}
	}
	return true
}

// areAttributes reports whether each item has the form "<letter>=<value>".
func areAttributes(items []string) bool {
	for _, item := range items {
		if len(item) < 2 || item[1] != '=' || !isASCIILetter(item[0]) {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
