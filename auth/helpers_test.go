package auth

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgway/config"
)

// Passwords of the users in testConfig.
const (
	alicePassword = "alice-pw"
	bobPassword   = "bob-pw"
	carolPassword = "carol-pw"
)

// testConfig returns a configuration with three users: alice in no group,
// bob in "analysts", carol in "finance". Tokens are added by the tests.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	bobVerifier, err := NewVerifier(bobPassword)
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	return &config.Config{
		Organization: "acme",
		Groups:       []string{"analysts", "finance"},
		Users: []config.User{
			{Name: "alice", Password: alicePassword},
			{Name: "bob", Groups: []string{"analysts"}, SCRAMSHA256: bobVerifier},
			{Name: "carol", Groups: []string{"finance"}, Password: carolPassword},
		},
	}
}

func newTestDirectory(t *testing.T, cfg *config.Config) *Directory {
	t.Helper()
	d, err := NewDirectory(cfg)
	if err != nil {
		t.Fatalf("NewDirectory: %v", err)
	}
	return d
}

func timePointer(t time.Time) *time.Time {
	return &t
}

// referenceKeys computes StoredKey and ServerKey with the formulas of
// RFC 5802, section 3, for an ASCII password, which SASLprep leaves unchanged.
func referenceKeys(t *testing.T, password string, salt []byte, iterations int) (storedKey, serverKey []byte) {
	t.Helper()
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		t.Fatalf("pbkdf2.Key: %v", err)
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	stored := sha256.Sum256(clientKey)
	return stored[:], hmacSHA256(salted, []byte("Server Key"))
}

// testClient plays the client side of a SCRAM exchange in process, with an
// ASCII password.
type testClient struct {
	mechanism   string
	gs2Header   string
	bindingData []byte // appended to the GS2 header in c=
	password    string
}

const testClientNonce = "fyko+d2lbbFgONRv9qkxdawL"

// run drives s through Start and Finish and returns the first error. It
// fails the test when the server's signature is wrong after a success.
func (c testClient) run(t *testing.T, s *SCRAMServer) error {
	t.Helper()
	bare := "n=ignored,r=" + testClientNonce
	serverFirst, err := s.Start(c.mechanism, []byte(c.gs2Header+bare))
	if err != nil {
		return err
	}
	nonce, salt, iterations := parseServerFirst(t, string(serverFirst))
	if !strings.HasPrefix(nonce, testClientNonce) || len(nonce) <= len(testClientNonce) {
		t.Fatalf("server nonce %q does not extend the client nonce", nonce)
	}

	binding := b64.EncodeToString(append([]byte(c.gs2Header), c.bindingData...))
	withoutProof := "c=" + binding + ",r=" + nonce
	authMessage := []byte(bare + "," + string(serverFirst) + "," + withoutProof)
	proof, signature := clientProofAndSignature(t, c.password, salt, iterations, authMessage)

	serverFinal, err := s.Finish([]byte(withoutProof + ",p=" + b64.EncodeToString(proof)))
	if err != nil {
		return err
	}
	if want := "v=" + b64.EncodeToString(signature); string(serverFinal) != want {
		t.Errorf("server-final-message = %q, want %q", serverFinal, want)
	}
	return nil
}

func parseServerFirst(t *testing.T, message string) (nonce string, salt []byte, iterations int) {
	t.Helper()
	parts := strings.Split(message, ",")
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "r=") ||
		!strings.HasPrefix(parts[1], "s=") || !strings.HasPrefix(parts[2], "i=") {
		t.Fatalf("malformed server-first-message %q", message)
	}
	salt, err := b64.DecodeString(parts[1][2:])
	if err != nil {
		t.Fatalf("salt in %q: %v", message, err)
	}
	iterations, err = strconv.Atoi(parts[2][2:])
	if err != nil {
		t.Fatalf("iterations in %q: %v", message, err)
	}
	return parts[0][2:], salt, iterations
}

// clientProofAndSignature computes ClientProof and the expected
// ServerSignature of RFC 5802, section 3.
func clientProofAndSignature(t *testing.T, password string, salt []byte, iterations int,
	authMessage []byte) (proof, serverSignature []byte) {
	t.Helper()
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		t.Fatalf("pbkdf2.Key: %v", err)
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	storedKey := sha256.Sum256(clientKey)
	clientSignature := hmacSHA256(storedKey[:], authMessage)
	proof = make([]byte, len(clientKey))
	for i := range clientKey {
		proof[i] = clientKey[i] ^ clientSignature[i]
	}
	serverKey := hmacSHA256(salted, []byte("Server Key"))
	return proof, hmacSHA256(serverKey, authMessage)
}
