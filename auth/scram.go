package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
)

// SASL mechanism names (RFC 7677).
const (
	mechanismSCRAM     = "SCRAM-SHA-256"
	mechanismSCRAMPlus = "SCRAM-SHA-256-PLUS"
)

// serverNonceLen is the number of random bytes in the server's part of the
// nonce, the same as PostgreSQL's SCRAM_RAW_NONCE_LEN.
const serverNonceLen = 18

type scramState int

const (
	stateInitial scramState = iota
	stateFirstSent
	stateFinished
)

// SCRAMServer is the server side of one SCRAM-SHA-256 or SCRAM-SHA-256-PLUS
// exchange (RFC 5802, RFC 7677) as PostgreSQL runs it: the user name comes
// from the startup message and the n= attribute of the client is ignored.
// A SCRAMServer is used by one goroutine and for one exchange.
type SCRAMServer struct {
	user     string
	verifier *Verifier
	// mock is set for an unknown user. The exchange then runs to the end
	// with a mock verifier and fails at Finish like a wrong password.
	mock    bool
	binding *ChannelBinding
	state   scramState

	// serverNonce replaces the random server part of the nonce when a test
	// sets it before Start.
	serverNonce string

	gs2Header       string // the client's GS2 header, up to its second comma
	plus            bool   // the client selected SCRAM-SHA-256-PLUS
	nonce           string // client nonce followed by server nonce
	clientFirstBare string
	serverFirst     string
}

// Mechanisms returns the SASL mechanisms to offer in AuthenticationSASL,
// SCRAM-SHA-256-PLUS first when the exchange has a channel binding.
func (s *SCRAMServer) Mechanisms() []string {
	if s.binding != nil {
		return []string{mechanismSCRAMPlus, mechanismSCRAM}
	}
	return []string{mechanismSCRAM}
}

// User returns the user name from the startup message.
func (s *SCRAMServer) User() string {
	return s.user
}

// Start reads the client-first-message of the mechanism the client selected
// and returns the server-first-message. Every error wraps ErrAuthFailed,
// including those for malformed messages, an unsupported mechanism, an
// authorization identity (a=) and a channel binding that does not match what
// the server offered. The exchange is over after an error.
func (s *SCRAMServer) Start(mechanism string, clientFirst []byte) ([]byte, error) {
	if s.state != stateInitial {
		s.state = stateFinished
		return nil, s.failf("SCRAM exchange already started")
	}
	s.state = stateFinished
	if !slices.Contains(s.Mechanisms(), mechanism) {
		return nil, s.failf("unsupported SASL mechanism %q", mechanism)
	}
	s.plus = mechanism == mechanismSCRAMPlus

	bare, err := s.readGS2Header(string(clientFirst))
	if err != nil {
		return nil, err
	}
	clientNonce, err := s.readClientFirstBare(bare)
	if err != nil {
		return nil, err
	}

	s.clientFirstBare = bare
	s.nonce = clientNonce + s.newServerNonce()
	s.serverFirst = "r=" + s.nonce +
		",s=" + b64.EncodeToString(s.verifier.Salt) +
		",i=" + strconv.Itoa(s.verifier.Iterations)
	s.state = stateFirstSent
	return []byte(s.serverFirst), nil
}

// Finish reads the client-final-message, checks its channel binding, nonce
// and proof, and returns the server-final-message "v=<ServerSignature>".
// Every error wraps ErrAuthFailed. A wrong password and an unknown user give
// the same error text. The exchange is over after Finish.
func (s *SCRAMServer) Finish(clientFinal []byte) ([]byte, error) {
	if s.state != stateFirstSent {
		s.state = stateFinished
		return nil, s.failf("SCRAM exchange not started or already finished")
	}
	s.state = stateFinished

	withoutProof, proof, err := s.readClientFinal(string(clientFinal))
	if err != nil {
		return nil, err
	}

	authMessage := []byte(s.clientFirstBare + "," + s.serverFirst + "," + withoutProof)
	valid := s.verifyProof(proof, authMessage)
	if !valid || s.mock {
		return nil, fmt.Errorf("%w for user %q", ErrAuthFailed, s.user)
	}
	signature := hmacSHA256(s.verifier.ServerKey, authMessage)
	return []byte("v=" + b64.EncodeToString(signature)), nil
}

// verifyProof recovers ClientKey from the proof and checks that its hash is
// StoredKey (RFC 5802, section 3).
func (s *SCRAMServer) verifyProof(proof, authMessage []byte) bool {
	clientSignature := hmacSHA256(s.verifier.StoredKey, authMessage)
	clientKey := make([]byte, len(proof))
	for i := range proof {
		clientKey[i] = proof[i] ^ clientSignature[i]
	}
	storedKey := sha256.Sum256(clientKey)
	return hmac.Equal(storedKey[:], s.verifier.StoredKey)
}

// channelBindingInput returns the value the client must send base64-encoded
// in c=: its GS2 header, followed by the binding data for SCRAM-SHA-256-PLUS.
func (s *SCRAMServer) channelBindingInput() []byte {
	input := []byte(s.gs2Header)
	if s.plus {
		input = append(input, s.binding.Data...)
	}
	return input
}

func (s *SCRAMServer) newServerNonce() string {
	if s.serverNonce != "" {
		return s.serverNonce
	}
	raw := make([]byte, serverNonceLen)
	// crypto/rand.Read never returns an error since Go 1.24.
	rand.Read(raw)
	return b64.EncodeToString(raw)
}

// failf builds an error that wraps ErrAuthFailed and names the user and the
// reason. The reason must not contain a secret.
func (s *SCRAMServer) failf(format string, args ...any) error {
	return fmt.Errorf("%w for user %q: %s", ErrAuthFailed, s.user, fmt.Sprintf(format, args...))
}
