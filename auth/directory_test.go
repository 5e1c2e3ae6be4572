package auth

import (
	"strings"
	"testing"

	"pgway/config"
)

func TestNewDirectoryRejects(t *testing.T) {
	const hash = "0000000000000000000000000000000000000000000000000000000000000000"
	alice := config.User{Name: "alice", Password: "secret-pw"}
	tests := []struct {
		name    string
		users   []config.User
		tokens  []config.Token
		wantErr string
	}{
		{"user without name", []config.User{{Password: "secret-pw"}}, nil, "users[0]: name is missing"},
		{"reserved name", []config.User{{Name: "token", Password: "secret-pw"}}, nil, `"token" is reserved`},
		{"duplicate user", []config.User{alice, alice}, nil, `users[1]: user "alice" is listed twice`},
		{"no password", []config.User{{Name: "alice"}}, nil, "password or scram_sha_256 is missing"},
		{"both passwords", []config.User{{Name: "alice", Password: "secret-pw", SCRAMSHA256: rfcVerifier}}, nil,
			"not both"},
		{"bad verifier", []config.User{{Name: "alice", SCRAMSHA256: "SCRAM-SHA-256$4096:secret-pw"}}, nil,
			`user "alice": invalid SCRAM-SHA-256 verifier`},
		{"token without name", []config.User{alice}, []config.Token{{Owner: "alice", SHA256: hash}},
			"tokens[0]: name is missing"},
		{"token of unknown owner", []config.User{alice}, []config.Token{{Name: "ci", Owner: "bob", SHA256: hash}},
			`owner "bob" is not a configured user`},
		{"token hash not hex", []config.User{alice}, []config.Token{{Name: "ci", Owner: "alice", SHA256: "secret-pw"}},
			"sha256 must be 64 hex digits"},
		{"token hash too short", []config.User{alice}, []config.Token{{Name: "ci", Owner: "alice", SHA256: "abcd"}},
			"sha256 must be 64 hex digits"},
		{"duplicate token name", []config.User{alice}, []config.Token{
			{Name: "ci", Owner: "alice", SHA256: hash},
			{Name: "ci", Owner: "alice", SHA256: strings.Repeat("1", 64)},
		}, `tokens[1]: token "ci" is listed twice`},
		{"duplicate token hash", []config.User{alice}, []config.Token{
			{Name: "ci", Owner: "alice", SHA256: hash},
			{Name: "cd", Owner: "alice", SHA256: hash},
		}, `token "cd" has the same sha256 as token "ci"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewDirectory(&config.Config{Users: tt.users, Tokens: tt.tokens})
			if err == nil {
				t.Fatal("NewDirectory succeeded, want error")
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "secret-pw") {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}

func TestNewDirectoryNilConfig(t *testing.T) {
	if _, err := NewDirectory(nil); err == nil {
		t.Error("NewDirectory(nil) succeeded, want error")
	}
}

func TestHasUser(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tests := []struct {
		name string
		want bool
	}{
		{"alice", true},
		{"bob", true},
		{"mallory", false},
		{"token", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.HasUser(tt.name); got != tt.want {
				t.Errorf("HasUser(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}
