package proxy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestPrivacyMatrix asserts every cell: who may use which connection, and
// that a connection one may not use looks exactly like one that does not
// exist.
func TestPrivacyMatrix(t *testing.T) {
	g := startGateway(t, testConfig(t))
	cases := []struct {
		name     string
		user     string
		password string
		database string
		sslmode  string
		wantCode string // empty: the login succeeds
		wantText string
	}{
		{"owner of private", "alice", alicePassword, "alice_private", "disable", "", ""},
		{"other user on private", "bob", bobPassword, "alice_private", "disable", "3D000", `database "alice_private" does not exist`},
		{"group member", "alice", alicePassword, "analysts_shared", "disable", "", ""},
		{"owner outside the group", "bob", bobPassword, "analysts_shared", "disable", "", ""},
		{"non-member of group", "carol", carolPassword, "analysts_shared", "disable", "3D000", `database "analysts_shared" does not exist`},
		{"organization member", "carol", carolPassword, "org_shared", "disable", "", ""},
		{"token with grant", "token", tokens["alice_granted"], "alice_private", "require", "", ""},
		{"token without grant", "token", tokens["alice_other"], "alice_private", "require", "3D000", `database "alice_private" does not exist`},
		{"token grant on organization", "token", tokens["alice_other"], "org_shared", "require", "", ""},
		{"token whose owner lost access", "token", tokens["carol_lost"], "analysts_shared", "require", "3D000", `database "analysts_shared" does not exist`},
		{"expired token", "token", tokens["alice_expired"], "alice_private", "require", "28P01", "password authentication failed"},
		{"unknown token", "token", "pgw_not_a_token", "alice_private", "require", "28P01", `password authentication failed for user "token"`},
		{"token without TLS", "token", tokens["alice_granted"], "alice_private", "disable", "28000", "only over SSL"},
		{"wrong password", "alice", "wrong-password", "alice_private", "disable", "28P01", `password authentication failed for user "alice"`},
		{"unknown user", "mallory", "any-password", "alice_private", "disable", "28P01", `password authentication failed for user "mallory"`},
		{"unknown database", "alice", alicePassword, "no_such_connection", "disable", "3D000", `database "no_such_connection" does not exist`},
		{"wrong password over TLS", "alice", "wrong-password", "alice_private", "require", "28P01", `password authentication failed for user "alice"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := g.tryConnect(tc.user, tc.password, tc.database, tc.sslmode)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer conn.Close(context.Background())
				var one int
				if err := conn.QueryRow(context.Background(), "select 1").Scan(&one); err != nil {
					t.Fatalf("query after login: %v", err)
				}
				return
			}
			if err == nil {
				conn.Close(context.Background())
				t.Fatalf("login succeeded, want SQLSTATE %s", tc.wantCode)
			}
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) {
				t.Fatalf("err = %v, want a server error", err)
			}
			if pgErr.Code != tc.wantCode {
				t.Errorf("code = %s, want %s (%s)", pgErr.Code, tc.wantCode, pgErr.Message)
			}
			if !strings.Contains(pgErr.Message+" "+pgErr.Detail, tc.wantText) {
				t.Errorf("message = %q, want it to contain %q", pgErr.Message, tc.wantText)
			}
		})
	}
}

// TestDeniedLooksLikeMissing compares the whole error of a denied
// connection with that of a missing one, so names cannot be probed.
func TestDeniedLooksLikeMissing(t *testing.T) {
	g := startGateway(t, testConfig(t))
	_, denied := g.tryConnect("bob", bobPassword, "alice_private", "disable")
	_, missing := g.tryConnect("bob", bobPassword, "alice_privat", "disable")
	var deniedErr, missingErr *pgconn.PgError
	if !errors.As(denied, &deniedErr) || !errors.As(missing, &missingErr) {
		t.Fatalf("errors: %v / %v", denied, missing)
	}
	if deniedErr.Code != missingErr.Code || deniedErr.Severity != missingErr.Severity ||
		deniedErr.Hint != missingErr.Hint || deniedErr.Detail != missingErr.Detail {
		t.Errorf("denied %+v differs from missing %+v", deniedErr, missingErr)
	}
	if strings.Replace(deniedErr.Message, "alice_private", "X", 1) != strings.Replace(missingErr.Message, "alice_privat", "X", 1) {
		t.Errorf("messages differ: %q / %q", deniedErr.Message, missingErr.Message)
	}
}

func TestUnknownUserFailsLikeWrongPassword(t *testing.T) {
	g := startGateway(t, testConfig(t))
	_, wrong := g.tryConnect("alice", "nope", "alice_private", "disable")
	_, unknown := g.tryConnect("alice2", "nope", "alice_private", "disable")
	var wrongErr, unknownErr *pgconn.PgError
	if !errors.As(wrong, &wrongErr) || !errors.As(unknown, &unknownErr) {
		t.Fatalf("errors: %v / %v", wrong, unknown)
	}
	if wrongErr.Code != unknownErr.Code || wrongErr.Hint != unknownErr.Hint || wrongErr.Detail != unknownErr.Detail {
		t.Errorf("wrong password %+v differs from unknown user %+v", wrongErr, unknownErr)
	}
}

func TestTLSRequireRejectsPlain(t *testing.T) {
	cfg := testConfig(t)
	cfg.TLS.Mode = "require"
	g := startGateway(t, cfg)
	_, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "28000" {
		t.Fatalf("plain connection: err = %v, want 28000", err)
	}
	conn, err := g.tryConnect("alice", alicePassword, "alice_private", "require")
	if err != nil {
		t.Fatalf("TLS connection: %v", err)
	}
	conn.Close(context.Background())
}

func TestTLSDisabledAnswersNo(t *testing.T) {
	cfg := testConfig(t)
	cfg.TLS.Mode = "disable"
	g := startGateway(t, cfg)
	if _, err := g.tryConnect("alice", alicePassword, "alice_private", "require"); err == nil {
		t.Error("sslmode=require succeeded against a server without TLS")
	}
	conn, err := g.tryConnect("alice", alicePassword, "alice_private", "prefer")
	if err != nil {
		t.Fatalf("sslmode=prefer: %v", err)
	}
	conn.Close(context.Background())
}

func TestTrustLoopback(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	g := startGateway(t, cfg)
	conn, err := g.tryConnect("alice", "", "alice_private", "disable")
	if err != nil {
		t.Fatalf("trusted login: %v", err)
	}
	conn.Close(context.Background())

	_, err = g.tryConnect("mallory", "", "alice_private", "disable")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "28000" {
		t.Errorf("unknown user with trust: err = %v, want 28000", err)
	}
	// Trust never lets a user past privacy.
	_, err = g.tryConnect("bob", "", "alice_private", "disable")
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" {
		t.Errorf("bob on alice_private with trust: err = %v, want 3D000", err)
	}
}

func TestNoTrustWithoutSetting(t *testing.T) {
	g := startGateway(t, testConfig(t))
	_, err := g.tryConnect("alice", "", "alice_private", "disable")
	if err == nil {
		t.Fatal("login without password succeeded")
	}
}
