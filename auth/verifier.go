package auth

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/secure/precis"
)

const (
	// verifierIterations is the PBKDF2 iteration count of new verifiers, the
	// default of PostgreSQL's scram_iterations setting.
	verifierIterations = 4096
	// verifierSaltLen is the salt length in bytes that PostgreSQL uses.
	verifierSaltLen = 16
	verifierPrefix  = "SCRAM-SHA-256$"
	verifierForm    = "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>"
)

// b64 is the base64 alphabet of SCRAM messages and PostgreSQL verifiers:
// standard, padded, and strict about stray characters.
var b64 = base64.StdEncoding.Strict()

// Verifier is a SCRAM-SHA-256 verifier, which the server stores in place of
// the password (RFC 5802, section 3).
type Verifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// NewVerifier derives a verifier for password with a random 16-byte salt and
// 4096 iterations and formats it as PostgreSQL stores it in pg_authid:
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, all base64.
func NewVerifier(password string) (string, error) {
	v, err := newVerifier(password)
	if err != nil {
		return "", err
	}
	return formatVerifier(v), nil
}

// ParseVerifier parses a verifier in PostgreSQL's stored form. Its errors
// name the part that is invalid and never include the verifier's text.
func ParseVerifier(s string) (*Verifier, error) {
	rest, ok := strings.CutPrefix(s, verifierPrefix)
	if !ok {
		return nil, verifierError("it must start with %s", verifierPrefix)
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return nil, verifierError("the $ between salt and keys is missing")
	}
	iterationsText, saltText, ok := strings.Cut(params, ":")
	if !ok {
		return nil, verifierError("the : between iterations and salt is missing")
	}
	storedText, serverText, ok := strings.Cut(keys, ":")
	if !ok {
		return nil, verifierError("the : between StoredKey and ServerKey is missing")
	}

	iterations, err := strconv.Atoi(iterationsText)
	if err != nil || iterations < 1 || iterations > math.MaxInt32 {
		return nil, verifierError("the iteration count must be a positive 32-bit integer")
	}
	salt, err := b64.DecodeString(saltText)
	if err != nil || len(salt) == 0 {
		return nil, verifierError("the salt must be non-empty base64")
	}
	storedKey, err := decodeKey(storedText)
	if err != nil {
		return nil, verifierError("StoredKey %v", err)
	}
	serverKey, err := decodeKey(serverText)
	if err != nil {
		return nil, verifierError("ServerKey %v", err)
	}
	return &Verifier{Iterations: iterations, Salt: salt, StoredKey: storedKey, ServerKey: serverKey}, nil
}

func verifierError(format string, args ...any) error {
	return fmt.Errorf("invalid SCRAM-SHA-256 verifier (expected %s): %s",
		verifierForm, fmt.Sprintf(format, args...))
}

func decodeKey(text string) ([]byte, error) {
	key, err := b64.DecodeString(text)
	if err != nil || len(key) != sha256.Size {
		return nil, fmt.Errorf("must be %d bytes in base64", sha256.Size)
	}
	return key, nil
}

func formatVerifier(v *Verifier) string {
	return fmt.Sprintf("%s%d:%s$%s:%s", verifierPrefix, v.Iterations,
		b64.EncodeToString(v.Salt), b64.EncodeToString(v.StoredKey), b64.EncodeToString(v.ServerKey))
}

// newVerifier derives a verifier for password with a fresh random salt.
func newVerifier(password string) (*Verifier, error) {
	salt := make([]byte, verifierSaltLen)
	// crypto/rand.Read never returns an error since Go 1.24.
	rand.Read(salt)
	return deriveVerifier(password, salt, verifierIterations)
}

// deriveVerifier computes StoredKey and ServerKey as RFC 5802 section 3
// defines them, from the normalized password.
func deriveVerifier(password string, salt []byte, iterations int) (*Verifier, error) {
	salted, err := pbkdf2.Key(sha256.New, normalizePassword(password), salt, iterations, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("derive SCRAM salted password: %w", err)
	}
	clientKey := hmacSHA256(salted, []byte("Client Key"))
	storedKey := sha256.Sum256(clientKey)
	return &Verifier{
		Iterations: iterations,
		Salt:       salt,
		StoredKey:  storedKey[:],
		ServerKey:  hmacSHA256(salted, []byte("Server Key")),
	}, nil
}

// normalizePassword prepares a password the way pgx's client does before
// SCRAM: with the PRECIS OpaqueString profile (RFC 8265), which replaced
// SASLprep, keeping the raw password when the profile rejects it, as
// PostgreSQL keeps passwords that SASLprep rejects.
//
// NOTE: PostgreSQL's SASLprep applies NFKC with Unicode 3.2 tables, while
// OpaqueString applies NFC with current tables. For a password containing
// compatibility characters such as ligatures, the verifier therefore differs
// from PostgreSQL's, and libpq clients fail to log in. pgx also keeps the raw
// password when it contains code points unassigned in Unicode 3.2, which
// this function does not check.
func normalizePassword(password string) string {
	normalized, err := precis.OpaqueString.String(password)
	if err != nil {
		return password
	}
	return normalized
}

func hmacSHA256(key, message []byte) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write(message)
	return mac.Sum(nil)
}
