package proxy_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// reloadableConfig is testConfig without the parts that validation
// rejects, so that Reload accepts copies of it.
func reloadableConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg := testConfig(t)
	cfg.Log = config.Log{Level: "info", Format: "text"}
	// carol_lost grants a connection that its owner may not use.
	cfg.Tokens = withoutToken(cfg.Tokens, "carol_lost")
	if problems := cfg.Validate(); len(problems) > 0 {
		t.Fatalf("test configuration has problems: %v", problems)
	}
	return cfg
}

// reloaded returns a copy of cfg, with its own lists, for edit to change
// before a reload.
func reloaded(cfg *config.Config, edit func(next *config.Config)) *config.Config {
	next := *cfg
	next.Users = slices.Clone(cfg.Users)
	next.Tokens = slices.Clone(cfg.Tokens)
	next.Connections = slices.Clone(cfg.Connections)
	edit(&next)
	return &next
}

func withoutConnection(conns []config.Connection, name string) []config.Connection {
	return slices.DeleteFunc(conns, func(c config.Connection) bool { return c.Name == name })
}

func withoutToken(tokens []config.Token, name string) []config.Token {
	return slices.DeleteFunc(tokens, func(tok config.Token) bool { return tok.Name == name })
}

// assertRevoked fails the test unless conn's next statement fails with
// the FATAL error of a revoked connection and the session ends.
func assertRevoked(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	_, err := conn.Exec(context.Background(), "select 1")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("statement after the reload: err = %v, want 42501", err)
	}
	if pgErr.Code != "42501" || pgErr.Severity != "FATAL" {
		t.Errorf("error = %s %s %s, want FATAL 42501", pgErr.Severity, pgErr.Code, pgErr.Message)
	}
	if !strings.Contains(pgErr.Message, "permission denied for database") {
		t.Errorf("message = %q", pgErr.Message)
	}
	if err := conn.Ping(context.Background()); err == nil {
		t.Error("session still open after its access was revoked")
	}
}

func assertQueryWorks(t *testing.T, conn *pgx.Conn, what string) {
	t.Helper()
	var n int
	if err := conn.QueryRow(context.Background(), "select 9").Scan(&n); err != nil {
		t.Errorf("%s: %v", what, err)
	}
}

func assertUnknownDatabase(t *testing.T, g *gateway, user, password, database, sslmode string) {
	t.Helper()
	conn, err := g.tryConnect(user, password, database, sslmode)
	if err == nil {
		conn.Close(context.Background())
		t.Fatalf("new session of %s on %s accepted after the reload", user, database)
	}
	if code := pgCode(err); code != "3D000" {
		t.Errorf("new session of %s on %s: err = %v, want 3D000", user, database, err)
	}
}

func TestReloadRemovedConnection(t *testing.T) {
	cfg := reloadableConfig(t)
	g := startGateway(t, cfg)
	removed := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	kept := g.connect(t, "alice", alicePassword, "org_shared", "disable")

	next := reloaded(cfg, func(next *config.Config) {
		next.Connections = withoutConnection(next.Connections, "alice_private")
		next.Tokens = withoutToken(withoutToken(next.Tokens, "alice_granted"), "alice_expired")
	})
	if err := g.srv.Reload(next); err != nil {
		t.Fatal(err)
	}
	assertRevoked(t, removed)
	assertUnknownDatabase(t, g, "alice", alicePassword, "alice_private", "disable")
	assertQueryWorks(t, kept, "session on a connection the reload kept")
}

func TestReloadPrivacyChange(t *testing.T) {
	cfg := reloadableConfig(t)
	g := startGateway(t, cfg)
	alice := g.connect(t, "alice", alicePassword, "org_shared", "disable")
	bob := g.connect(t, "bob", bobPassword, "org_shared", "disable")

	// A statement that runs across the reload finishes: access is checked
	// when a statement starts.
	running := make(chan error, 1)
	go func() {
		_, err := alice.Exec(context.Background(), "select pg_sleep(0.5) /* reload-running */")
		running <- err
	}()
	waitForActiveQuery(t, "reload-running")

	// org_shared becomes private to its owner, bob.
	next := reloaded(cfg, func(next *config.Config) {
		for i := range next.Connections {
			if next.Connections[i].Name == "org_shared" {
				next.Connections[i].Privacy = config.PrivacyPrivate
			}
		}
		next.Tokens = withoutToken(next.Tokens, "alice_other")
	})
	if err := g.srv.Reload(next); err != nil {
		t.Fatal(err)
	}
	if err := <-running; err != nil {
		t.Errorf("statement running during the reload: %v", err)
	}
	assertRevoked(t, alice)
	assertUnknownDatabase(t, g, "alice", alicePassword, "org_shared", "disable")
	assertQueryWorks(t, bob, "session of the owner")
	owner := g.connect(t, "bob", bobPassword, "org_shared", "disable")
	assertQueryWorks(t, owner, "new session of the owner")
}

func TestReloadUsersAndTokens(t *testing.T) {
	cfg := reloadableConfig(t)
	g := startGateway(t, cfg)
	carol := g.connect(t, "carol", carolPassword, "org_shared", "disable")
	token := g.connect(t, "token", tokens["alice_other"], "org_shared", "require")
	alice := g.connect(t, "alice", alicePassword, "org_shared", "disable")

	const davePassword = "dave-Secret-3456"
	next := reloaded(cfg, func(next *config.Config) {
		next.Users = slices.DeleteFunc(next.Users, func(u config.User) bool { return u.Name == "carol" })
		next.Users = append(next.Users, config.User{Name: "dave", Password: davePassword})
		next.Tokens = withoutToken(next.Tokens, "alice_other")
	})
	if err := g.srv.Reload(next); err != nil {
		t.Fatal(err)
	}
	assertRevoked(t, carol)
	assertRevoked(t, token)
	assertQueryWorks(t, alice, "session of a user the reload kept")
	dave := g.connect(t, "dave", davePassword, "org_shared", "disable")
	assertQueryWorks(t, dave, "session of a user the reload added")
	if _, err := g.tryConnect("carol", carolPassword, "org_shared", "disable"); pgCode(err) != "28P01" {
		t.Errorf("login of a removed user: err = %v, want 28P01", err)
	}
}

func TestReloadInvalidKeepsConfiguration(t *testing.T) {
	cfg := reloadableConfig(t)
	g := startGateway(t, cfg)
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")

	next := reloaded(cfg, func(next *config.Config) {
		next.Connections = withoutConnection(next.Connections, "alice_private")
		next.Connections[0].Privacy = "public"
		next.Connections[1].Groups = []string{"nobody"}
	})
	err := g.srv.Reload(next)
	var problems config.Problems
	if !errors.As(err, &problems) {
		t.Fatalf("Reload of an invalid configuration: err = %v, want config.Problems", err)
	}
	logged := make(map[string]bool)
	for _, line := range strings.Split(g.logs.String(), "\n") {
		var record struct{ Problem string }
		if json.Unmarshal([]byte(line), &record) == nil && record.Problem != "" {
			logged[record.Problem] = true
		}
	}
	if len(problems) < 3 {
		t.Errorf("problems = %v, want one for each of the 3 mistakes", problems)
	}
	for _, p := range problems {
		if !logged[p.String()] {
			t.Errorf("the log lacks the problem %q", p.String())
		}
	}
	// alice_private's removal was part of the rejected configuration.
	assertQueryWorks(t, conn, "session after a rejected reload")
	assertWorks(t, g)
}

func TestReloadDuringLogins(t *testing.T) {
	cfg := reloadableConfig(t)
	g := startGateway(t, cfg)
	next := reloaded(cfg, func(next *config.Config) {
		next.Connections = withoutConnection(next.Connections, "alice_private")
		next.Tokens = withoutToken(withoutToken(next.Tokens, "alice_granted"), "alice_expired")
	})

	// Sessions that log in while the reload happens either see the old
	// configuration and end at their next statement, or are rejected.
	results := make(chan error, 8)
	for range cap(results) {
		go func() {
			conn, err := g.tryConnect("alice", alicePassword, "alice_private", "disable")
			if err != nil {
				results <- err
				return
			}
			defer conn.Close(context.Background())
			time.Sleep(300 * time.Millisecond)
			_, err = conn.Exec(context.Background(), "select 1")
			results <- err
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := g.srv.Reload(next); err != nil {
		t.Fatal(err)
	}
	for range cap(results) {
		err := <-results
		if code := pgCode(err); code != "42501" && code != "3D000" {
			t.Errorf("session during the reload: err = %v, want 42501 or 3D000", err)
		}
	}
}
