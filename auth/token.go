package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"pgway/config"
)

const (
	// tokenPrefix starts every token, so that a token found in a file or a
	// log can be recognized.
	tokenPrefix = "pgw_"
	// tokenRandomLen is the number of random bytes in a token.
	tokenRandomLen = 32
	tokenHashLen   = sha256.Size
)

type tokenEntry struct {
	name    string
	owner   string
	hash    [tokenHashLen]byte
	expires *time.Time
	grants  map[string]bool
}

// NewToken creates an API access token and the hex SHA-256 of it to store in
// the configuration. The token is "pgw_" followed by 32 random bytes in
// unpadded base64url, 47 characters in all. The hash covers the whole token
// string, prefix included. The error is always nil, because crypto/rand.Read
// never returns one since Go 1.24.
func NewToken() (token, sha256Hex string, err error) {
	raw := make([]byte, tokenRandomLen)
	// crypto/rand.Read never returns an error since Go 1.24.
	rand.Read(raw)
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	return token, hex.EncodeToString(sum[:]), nil
}

// AuthenticateToken finds the token whose SHA-256 matches the presented
// token. It returns an error wrapping ErrAuthFailed when none matches, and one
// wrapping ErrTokenExpired when the token's expiry time is before now.
func (d *Directory) AuthenticateToken(token string, now time.Time) (*Principal, error) {
	sum := sha256.Sum256([]byte(token))
	entry := d.tokensByHash[sum]
	if entry == nil || subtle.ConstantTimeCompare(entry.hash[:], sum[:]) != 1 {
		return nil, fmt.Errorf("%w for user %q", ErrAuthFailed, TokenUser)
	}
	if entry.expires != nil && entry.expires.Before(now) {
		return nil, fmt.Errorf("%w: token %q expired at %s", ErrTokenExpired, entry.name,
			entry.expires.UTC().Format(time.RFC3339))
	}
	return &Principal{User: entry.owner, Token: entry.name}, nil
}

// loadTokens indexes tokens by hash and by name. Every token needs a unique
// name, a unique hash and an owner that is a configured user.
func (d *Directory) loadTokens(tokens []config.Token) error {
	d.tokensByHash = make(map[[tokenHashLen]byte]*tokenEntry, len(tokens))
	d.tokensByName = make(map[string]*tokenEntry, len(tokens))
	for i, t := range tokens {
		entry, err := d.newTokenEntry(t)
		if err != nil {
			return fmt.Errorf("tokens[%d]: %w", i, err)
		}
		if d.tokensByHash[entry.hash] != nil {
			return fmt.Errorf("tokens[%d]: token %q has the same sha256 as token %q",
				i, t.Name, d.tokensByHash[entry.hash].name)
		}
		d.tokensByHash[entry.hash] = entry
		d.tokensByName[entry.name] = entry
	}
	return nil
}

func (d *Directory) newTokenEntry(t config.Token) (*tokenEntry, error) {
	switch {
	case t.Name == "":
		return nil, errors.New("name is missing")
	case d.tokensByName[t.Name] != nil:
		return nil, fmt.Errorf("token %q is listed twice", t.Name)
	case d.users[t.Owner] == nil:
		return nil, fmt.Errorf("token %q: owner %q is not a configured user", t.Name, t.Owner)
	}
	hash, err := hex.DecodeString(t.SHA256)
	if err != nil || len(hash) != tokenHashLen {
		return nil, fmt.Errorf("token %q: sha256 must be %d hex digits", t.Name, 2*tokenHashLen)
	}

	entry := &tokenEntry{name: t.Name, owner: t.Owner, expires: t.Expires,
		grants: make(map[string]bool, len(t.Grants))}
	copy(entry.hash[:], hash)
	for _, g := range t.Grants {
		entry.grants[g] = true
	}
	return entry, nil
}
