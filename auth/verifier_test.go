package auth

import (
	"bytes"
	"strings"
	"testing"
)

// rfcVerifier is the verifier of password "pencil" with the salt and
// iteration count of RFC 7677, section 3.
const rfcVerifier = "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" +
	"WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="

func TestDeriveVerifierRFC7677(t *testing.T) {
	salt, err := b64.DecodeString(rfcSalt)
	if err != nil {
		t.Fatal(err)
	}
	v, err := deriveVerifier("pencil", salt, 4096)
	if err != nil {
		t.Fatalf("deriveVerifier: %v", err)
	}
	stored, server := referenceKeys(t, "pencil", salt, 4096)
	if !bytes.Equal(v.StoredKey, stored) {
		t.Errorf("StoredKey = %x, want %x", v.StoredKey, stored)
	}
	if !bytes.Equal(v.ServerKey, server) {
		t.Errorf("ServerKey = %x, want %x", v.ServerKey, server)
	}
	if got := formatVerifier(v); got != rfcVerifier {
		t.Errorf("verifier = %q, want %q", got, rfcVerifier)
	}
}

func TestNewVerifierRoundTrip(t *testing.T) {
	text, err := NewVerifier("s3cret")
	if err != nil {
		t.Fatalf("NewVerifier: %v", err)
	}
	v, err := ParseVerifier(text)
	if err != nil {
		t.Fatalf("ParseVerifier(NewVerifier()): %v", err)
	}
	if v.Iterations != 4096 {
		t.Errorf("Iterations = %d, want 4096", v.Iterations)
	}
	if len(v.Salt) != 16 {
		t.Errorf("salt length = %d, want 16", len(v.Salt))
	}
	stored, server := referenceKeys(t, "s3cret", v.Salt, v.Iterations)
	if !bytes.Equal(v.StoredKey, stored) {
		t.Errorf("StoredKey = %x, want %x", v.StoredKey, stored)
	}
	if !bytes.Equal(v.ServerKey, server) {
		t.Errorf("ServerKey = %x, want %x", v.ServerKey, server)
	}
	if got := formatVerifier(v); got != text {
		t.Errorf("formatted again = %q, want %q", got, text)
	}
}

func TestNewVerifierRandomSalt(t *testing.T) {
	first, err := NewVerifier("same")
	if err != nil {
		t.Fatal(err)
	}
	second, err := NewVerifier("same")
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Errorf("two verifiers of one password are equal: %q", first)
	}
}

func TestParseVerifierRejects(t *testing.T) {
	const key = "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY="
	tests := []struct {
		name     string
		verifier string
		wantErr  string
	}{
		{"empty", "", "must start with SCRAM-SHA-256$"},
		{"md5", "md5" + strings.Repeat("0", 32), "must start with SCRAM-SHA-256$"},
		{"no keys", "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==", "$ between salt and keys"},
		{"no salt", "SCRAM-SHA-256$4096$" + key + ":" + key, ": between iterations and salt"},
		{"one key", "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key, ": between StoredKey and ServerKey"},
		{"zero iterations", "SCRAM-SHA-256$0:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key, "iteration count"},
		{"negative iterations", "SCRAM-SHA-256$-1:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key, "iteration count"},
		{"huge iterations", "SCRAM-SHA-256$4294967296:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key, "iteration count"},
		{"text iterations", "SCRAM-SHA-256$many:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key, "iteration count"},
		{"empty salt", "SCRAM-SHA-256$4096:$" + key + ":" + key, "salt must be non-empty base64"},
		{"salt not base64", "SCRAM-SHA-256$4096:W22Z*$" + key + ":" + key, "salt must be non-empty base64"},
		{"short StoredKey", "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$AAAA:" + key, "StoredKey must be 32 bytes"},
		{"ServerKey not base64", "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$" + key + ":" + key[:20] + "*",
			"ServerKey must be 32 bytes"},
		{"trailing text", rfcVerifier + "$x", "ServerKey must be 32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseVerifier(tt.verifier)
			if err == nil {
				t.Fatalf("ParseVerifier(%q) succeeded, want error", tt.verifier)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), key[:20]) {
				t.Errorf("error %q contains key material", err)
			}
		})
	}
}

func TestParseVerifierAccepts(t *testing.T) {
	v, err := ParseVerifier(rfcVerifier)
	if err != nil {
		t.Fatalf("ParseVerifier: %v", err)
	}
	if v.Iterations != 4096 {
		t.Errorf("Iterations = %d, want 4096", v.Iterations)
	}
	if got := b64.EncodeToString(v.Salt); got != rfcSalt {
		t.Errorf("salt = %q, want %q", got, rfcSalt)
	}
}

func TestNormalizePassword(t *testing.T) {
	tests := []struct {
		name     string
		password string
		want     string
	}{
		{"ASCII unchanged", "pencil", "pencil"},
		{"ASCII space kept", "two words", "two words"},
		{"no-break space mapped", "two\u00a0words", "two words"},
		{"decomposed form composed", "cafe\u0301", "caf\u00e9"},
		{"control character kept raw", "bell\a", "bell\a"},
		{"empty kept raw", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := normalizePassword(tt.password); got != tt.want {
				t.Errorf("normalizePassword(%q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}
