package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"pgway/config"
)

func TestNewTokenFormat(t *testing.T) {
	token, sha256Hex, err := NewToken()
	if err != nil {
		t.Fatalf("NewToken: %v", err)
	}
	random, ok := strings.CutPrefix(token, "pgw_")
	if !ok {
		t.Fatalf("token %q does not start with pgw_", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(random)
	if err != nil {
		t.Errorf("token body is not unpadded base64url: %v", err)
	}
	if len(raw) != 32 {
		t.Errorf("token has %d random bytes, want 32", len(raw))
	}
	sum := sha256.Sum256([]byte(token))
	if want := hex.EncodeToString(sum[:]); sha256Hex != want {
		t.Errorf("sha256Hex = %q, want %q", sha256Hex, want)
	}
}

func TestNewTokenUnique(t *testing.T) {
	first, firstHash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	second, secondHash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Errorf("two tokens are equal: %q", first)
	}
	if firstHash == secondHash {
		t.Errorf("two token hashes are equal: %q", firstHash)
	}
}

// tokenConfig adds tokens to testConfig: "ci" of alice without expiry,
// "old" of bob that expires at expiry, "upper" of carol with its hash in
// upper case. It returns the configuration and the tokens by name.
func tokenConfig(t *testing.T, expiry time.Time) (*config.Config, map[string]string) {
	t.Helper()
	cfg := testConfig(t)
	tokens := map[string]string{}
	add := func(name, owner string, expires *time.Time, grants ...string) string {
		token, hash, err := NewToken()
		if err != nil {
			t.Fatal(err)
		}
		tokens[name] = token
		cfg.Tokens = append(cfg.Tokens, config.Token{Name: name, Owner: owner, SHA256: hash,
			Expires: expires, Grants: grants})
		return hash
	}
	add("ci", "alice", nil, "alice_private", "bob_groups")
	add("old", "bob", timePointer(expiry), "bob_groups")
	upper := add("upper", "carol", nil)
	cfg.Tokens[len(cfg.Tokens)-1].SHA256 = strings.ToUpper(upper)
	return cfg, tokens
}

func TestAuthenticateToken(t *testing.T) {
	expiry := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	cfg, tokens := tokenConfig(t, expiry)
	d := newTestDirectory(t, cfg)
	tests := []struct {
		name    string
		token   string
		now     time.Time
		want    *Principal
		wantErr error
	}{
		{"no expiry", tokens["ci"], expiry, &Principal{User: "alice", Token: "ci"}, nil},
		{"before expiry", tokens["old"], expiry.Add(-time.Second), &Principal{User: "bob", Token: "old"}, nil},
		{"at expiry", tokens["old"], expiry, &Principal{User: "bob", Token: "old"}, nil},
		{"after expiry", tokens["old"], expiry.Add(time.Second), nil, ErrTokenExpired},
		{"upper-case hash", tokens["upper"], expiry, &Principal{User: "carol", Token: "upper"}, nil},
		{"unknown token", "pgw_unknown", expiry, nil, ErrAuthFailed},
		{"token with extra byte", tokens["ci"] + "x", expiry, nil, ErrAuthFailed},
		{"empty", "", expiry, nil, ErrAuthFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := d.AuthenticateToken(tt.token, tt.now)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			if tt.want != nil && (got == nil || *got != *tt.want) {
				t.Errorf("principal = %+v, want %+v", got, tt.want)
			}
			if err != nil && tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error %q contains the token", err)
			}
		})
	}
}
