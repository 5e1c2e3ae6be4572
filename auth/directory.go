// Package auth contains pgway's users, groups and API access tokens. It runs
// the server side of SCRAM-SHA-256 logins, checks tokens, and decides which
// connections a principal may use.
package auth

import (
	"crypto/rand"
	"errors"
	"fmt"

	"pgway/config"
)

var (
	// ErrAuthFailed is the error for a wrong password, an unknown user or an
	// invalid token. The proxy reports it with SQLSTATE 28P01.
	ErrAuthFailed = errors.New("password authentication failed")
	// ErrTokenExpired is the error for a token that matched but has expired.
	ErrTokenExpired = errors.New("access token expired")
)

// TokenUser is the user name with which a client logs in with an API access
// token, sending the token as its password.
const TokenUser = "token"

// mockSecretLen is the length in bytes of the secret from which a Directory
// derives mock verifiers for unknown users.
const mockSecretLen = 32

// Principal is the identity a session acts as.
type Principal struct {
	User  string // the pgway user, which for a token login is the token's owner
	Token string // the token name, empty for password and trust logins
}

// Directory contains the users, groups and tokens of one configuration. It is
// immutable after NewDirectory and safe for concurrent use.
type Directory struct {
	users        map[string]*userEntry
	tokensByHash map[[tokenHashLen]byte]*tokenEntry
	tokensByName map[string]*tokenEntry
	// mockSecret makes mock verifiers unpredictable to clients but stable
	// for the life of the Directory.
	mockSecret []byte
}

type userEntry struct {
	name     string
	verifier *Verifier
	groups   map[string]bool
}

// NewDirectory builds a Directory from the users and tokens of cfg. It turns
// cleartext passwords into verifiers with random salts, parses the stored
// verifiers, and indexes tokens by their SHA-256. Errors name the user or
// token at fault and never contain a password, verifier or token hash.
func NewDirectory(cfg *config.Config) (*Directory, error) {
	if cfg == nil {
		return nil, errors.New("load users: configuration is missing")
	}
	d := &Directory{
		users:      make(map[string]*userEntry, len(cfg.Users)),
		mockSecret: make([]byte, mockSecretLen),
	}
	// crypto/rand.Read never returns an error since Go 1.24.
	rand.Read(d.mockSecret)

	for i, u := range cfg.Users {
		if err := d.addUser(u); err != nil {
			return nil, fmt.Errorf("users[%d]: %w", i, err)
		}
	}
	if err := d.loadTokens(cfg.Tokens); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Directory) addUser(u config.User) error {
	switch {
	case u.Name == "":
		return errors.New("name is missing")
	case u.Name == TokenUser:
		return fmt.Errorf("user name %q is reserved for API access token logins", TokenUser)
	case d.users[u.Name] != nil:
		return fmt.Errorf("user %q is listed twice", u.Name)
	}
	verifier, err := userVerifier(u)
	if err != nil {
		return fmt.Errorf("user %q: %w", u.Name, err)
	}

	entry := &userEntry{name: u.Name, verifier: verifier, groups: make(map[string]bool, len(u.Groups))}
	for _, g := range u.Groups {
		entry.groups[g] = true
	}
	d.users[u.Name] = entry
	return nil
}

func userVerifier(u config.User) (*Verifier, error) {
	switch {
	case u.Password != "" && u.SCRAMSHA256 != "":
		return nil, errors.New("set either password or scram_sha_256, not both")
	case u.Password != "":
		return newVerifier(u.Password)
	case u.SCRAMSHA256 != "":
		return ParseVerifier(u.SCRAMSHA256)
	}
	return nil, errors.New("password or scram_sha_256 is missing")
}

// HasUser reports whether name is a configured user. It is false for the
// token login name.
func (d *Directory) HasUser(name string) bool {
	return d.users[name] != nil
}

// NewSCRAM starts a SCRAM exchange for the user named in the startup message.
// binding is the TLS channel binding. It is nil on a plain connection and
// when the certificate has none, and then SCRAM-SHA-256-PLUS is not offered.
// A binding with empty Data counts as nil. For an unknown user the exchange
// uses a mock verifier whose salt depends only on the user name and this
// Directory, so it looks like a real user's and fails at Finish.
func (d *Directory) NewSCRAM(user string, binding *ChannelBinding) *SCRAMServer {
	if binding != nil && len(binding.Data) == 0 {
		binding = nil
	}
	s := &SCRAMServer{user: user, binding: binding}
	if entry := d.users[user]; entry != nil {
		s.verifier = entry.verifier
	} else {
		s.verifier = d.mockVerifier(user)
		s.mock = true
	}
	return s
}

// mockVerifier derives a verifier for an unknown user from the user name and
// the Directory's secret, as PostgreSQL derives a mock salt, so that repeated
// attempts see the same salt and iteration count as for a real user.
func (d *Directory) mockVerifier(user string) *Verifier {
	return &Verifier{
		Iterations: verifierIterations,
		Salt:       hmacSHA256(d.mockSecret, []byte("salt\x00"+user))[:verifierSaltLen],
		StoredKey:  hmacSHA256(d.mockSecret, []byte("stored key\x00"+user)),
		ServerKey:  hmacSHA256(d.mockSecret, []byte("server key\x00"+user)),
	}
}
