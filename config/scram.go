package config

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// checkSCRAMVerifier reports why s is not a SCRAM-SHA-256 verifier in
// PostgreSQL's stored form,
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, where the salt
// and both keys are standard base64 and each key is a SHA-256 digest.
// The errors never contain any part of s.
func checkSCRAMVerifier(s string) error {
	rest, ok := strings.CutPrefix(s, "SCRAM-SHA-256$")
	if !ok {
		return errors.New("does not start with SCRAM-SHA-256$")
	}
	params, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return errors.New("missing the $ before StoredKey:ServerKey")
	}
	iterations, salt, ok := strings.Cut(params, ":")
	if !ok {
		return errors.New("missing the : between the iteration count and the salt")
	}
	if n, err := strconv.Atoi(iterations); err != nil || n < 1 {
		return errors.New("the iteration count is not a positive integer")
	}
	if b, err := base64.StdEncoding.DecodeString(salt); err != nil || len(b) == 0 {
		return errors.New("the salt is not base64")
	}
	storedKey, serverKey, ok := strings.Cut(keys, ":")
	if !ok {
		return errors.New("missing the : between StoredKey and ServerKey")
	}
	if !isBase64Digest(storedKey) {
		return errors.New("StoredKey is not a base64 SHA-256 digest")
	}
	if !isBase64Digest(serverKey) {
		return errors.New("ServerKey is not a base64 SHA-256 digest")
	}
	return nil
}

func isBase64Digest(s string) bool {
	b, err := base64.StdEncoding.DecodeString(s)
	return err == nil && len(b) == sha256.Size
}
