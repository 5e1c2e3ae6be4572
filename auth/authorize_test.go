package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"pgway/config"
)

func TestAuthorize(t *testing.T) {
	cfg, _ := tokenConfig(t, time.Now().Add(-time.Hour))
	// Bob's token "fresh" has not expired and is granted both connections.
	// Carol's token "nogrant" has no grants.
	cfg.Tokens = append(cfg.Tokens,
		config.Token{Name: "fresh", Owner: "bob", SHA256: sha256Hex("fresh"),
			Expires: timePointer(time.Now().Add(time.Hour)), Grants: []string{"bob_groups", "alice_private"}},
		config.Token{Name: "nogrant", Owner: "carol", SHA256: sha256Hex("nogrant")},
	)
	d := newTestDirectory(t, cfg)

	// In this configuration bob has left "analysts" but keeps his tokens.
	left := *cfg
	left.Users = []config.User{cfg.Users[0], {Name: "bob", Password: bobPassword}, cfg.Users[2]}
	dLeft := newTestDirectory(t, &left)

	private := &config.Connection{Name: "alice_private", Owner: "alice", Privacy: config.PrivacyPrivate}
	groups := &config.Connection{Name: "bob_groups", Owner: "alice", Privacy: config.PrivacyGroups,
		Groups: []string{"analysts", "marketing"}}
	org := &config.Connection{Name: "org", Owner: "alice", Privacy: config.PrivacyOrganization}
	unset := &config.Connection{Name: "unset", Owner: "alice"}

	tests := []struct {
		name      string
		directory *Directory
		principal *Principal
		conn      *config.Connection
		want      bool
	}{
		{"owner of private", d, &Principal{User: "alice"}, private, true},
		{"other user on private", d, &Principal{User: "bob"}, private, false},
		{"owner of groups connection", d, &Principal{User: "alice"}, groups, true},
		{"group member", d, &Principal{User: "bob"}, groups, true},
		{"group non-member", d, &Principal{User: "carol"}, groups, false},
		{"former group member", dLeft, &Principal{User: "bob"}, groups, false},
		{"organization member", d, &Principal{User: "carol"}, org, true},
		{"privacy unset is private", d, &Principal{User: "bob"}, unset, false},
		{"unknown user", d, &Principal{User: "mallory"}, org, false},
		{"nil principal", d, nil, org, false},
		{"nil connection", d, &Principal{User: "alice"}, nil, false},
		{"token with grant", d, &Principal{User: "alice", Token: "ci"}, private, true},
		{"token without grant", d, &Principal{User: "alice", Token: "ci"}, org, false},
		{"token with no grants", d, &Principal{User: "carol", Token: "nogrant"}, org, false},
		{"token of group member", d, &Principal{User: "bob", Token: "fresh"}, groups, true},
		{"token grant beyond owner", d, &Principal{User: "bob", Token: "fresh"}, private, false},
		{"token owner left group", dLeft, &Principal{User: "bob", Token: "fresh"}, groups, false},
		{"expired token", d, &Principal{User: "bob", Token: "old"}, groups, false},
		{"unknown token", d, &Principal{User: "alice", Token: "gone"}, private, false},
		{"token of other user", d, &Principal{User: "alice", Token: "fresh"}, private, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.directory.Authorize(tt.principal, tt.conn); got != tt.want {
				t.Errorf("Authorize() = %v, want %v", got, tt.want)
			}
		})
	}
}

func sha256Hex(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
