package config

import (
	"strings"
	"testing"
)

func TestCheckSCRAMVerifier(t *testing.T) {
	const (
		salt = "HDcBWv2XGvHC+D/chUOFqA=="
		key  = "viPWWs7s0SmRlEHLTni2uAVfSdBAg/64R4lbiemO2KM="
	)
	cases := []struct {
		verifier string
		message  string // substring of the error, or "" for a valid verifier
	}{
		{testVerifier, ""},
		{"SCRAM-SHA-256$1:" + salt + "$" + key + ":" + key, ""},
		{"md5abc", "does not start with SCRAM-SHA-256$"},
		{"SCRAM-SHA-256$4096:" + salt, "missing the $ before StoredKey:ServerKey"},
		{"SCRAM-SHA-256$4096$" + key + ":" + key, "missing the : between the iteration count"},
		{"SCRAM-SHA-256$0:" + salt + "$" + key + ":" + key, "iteration count is not a positive integer"},
		{"SCRAM-SHA-256$x:" + salt + "$" + key + ":" + key, "iteration count is not a positive integer"},
		{"SCRAM-SHA-256$4096:$" + key + ":" + key, "salt is not base64"},
		{"SCRAM-SHA-256$4096:!!$" + key + ":" + key, "salt is not base64"},
		{"SCRAM-SHA-256$4096:" + salt + "$" + key, "missing the : between StoredKey and ServerKey"},
		{"SCRAM-SHA-256$4096:" + salt + "$" + salt + ":" + key, "StoredKey is not a base64 SHA-256 digest"},
		{"SCRAM-SHA-256$4096:" + salt + "$" + key + ":x", "ServerKey is not a base64 SHA-256 digest"},
	}
	for _, tc := range cases {
		err := checkSCRAMVerifier(tc.verifier)
		switch {
		case tc.message == "" && err != nil:
			t.Errorf("checkSCRAMVerifier(%q) = %v, want nil", tc.verifier, err)
		case tc.message != "" && err == nil:
			t.Errorf("checkSCRAMVerifier(%q) = nil, want an error", tc.verifier)
		case tc.message != "" && !strings.Contains(err.Error(), tc.message):
			t.Errorf("checkSCRAMVerifier(%q) = %v, want %q", tc.verifier, err, tc.message)
		}
	}
}
