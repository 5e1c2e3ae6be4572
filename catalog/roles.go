package catalog

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"pgway/auth"
)

// ownershipMarker is the comment on the roles and databases that pgway
// creates in the catalog cluster. pgway changes only objects that carry
// it, so a user named like a role of the cluster's own never gets that
// role.
const ownershipMarker = "pgway: created by pgway for the catalog mirror; pgway manages it"

// role is the catalog role of one pgway user.
type role struct {
	once     sync.Once
	password string
	err      error
	// granted holds the mirror databases the role has CONNECT on, as
	// far as this process granted it.
	granted map[string]bool
}

// Error is a catalog error meant for clients, with the SQLSTATE they
// receive.
type Error struct {
	Code    string
	Message string
	Hint    string
}

func (e *Error) Error() string { return e.Message + " (SQLSTATE " + e.Code + ")" }

// ensureRole creates or updates the role of user once per process and
// returns its password.
func (m *Manager) ensureRole(ctx context.Context, user string) (*role, error) {
	m.mu.Lock()
	r, ok := m.roles[user]
	if !ok {
		r = &role{granted: map[string]bool{}}
		m.roles[user] = r
	}
	m.mu.Unlock()
	r.once.Do(func() {
		r.password, r.err = m.setUpRole(ctx, user)
	})
	if r.err != nil {
		// A later session tries again, for example after an administrator
		// renamed a clashing role.
		m.mu.Lock()
		if m.roles[user] == r {
			delete(m.roles, user)
		}
		m.mu.Unlock()
		return nil, r.err
	}
	return r, nil
}

// setUpRole makes the role of user: a LOGIN role whose transactions are
// read-only by default, with rolePassword's password. Its only privileges
// are those of mirrorOwner, which it is a member of when catalog.dsn's
// role is a superuser. It refuses a role that pgway did not create.
//
// NOTE: PostgreSQL shows every role to every role (pg_roles, regrole,
// ACLs, pg_stat_activity.usename), so each user's catalog queries can list
// the names of the other pgway users.
func (m *Manager) setUpRole(ctx context.Context, user string) (string, error) {
	if user == m.adminRole || user == mirrorOwner || strings.HasPrefix(user, "pg_") {
		return "", roleClash(user)
	}
	password := m.rolePassword(user)
	// The cluster gets only the verifier, so the password is in no
	// statement text that the cluster might log.
	verifier, err := auth.NewVerifier(password)
	if err != nil {
		return "", err
	}

	if m.superuser {
		if err := m.ensureMirrorOwner(ctx); err != nil {
			return "", err
		}
	}
	conn, err := m.admin.Acquire(ctx)
	if err != nil {
		return "", fmt.Errorf("connect to the catalog database: %w", err)
	}
	defer conn.Release()
	// Roles are cluster-wide, so concurrent pgway starts must not race.
	tx, err := conn.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('pgway role ' || $1))", user); err != nil {
		return "", err
	}
	var exists bool
	var comment *string
	err = tx.QueryRow(ctx, `SELECT true, shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = $1`, user).
		Scan(&exists, &comment)
	if err != nil && err != pgx.ErrNoRows {
		return "", fmt.Errorf("look up catalog role: %w", err)
	}

	name := quoteIdent(user)
	inherit := " NOINHERIT"
	if m.superuser {
		inherit = " INHERIT"
	}
	attributes := " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS" + inherit +
		" CONNECTION LIMIT " + strconv.Itoa(m.roleConnections) + " PASSWORD " + quoteLiteral(verifier)
	var statements []string
	switch {
	case !exists:
		statements = append(statements, "CREATE ROLE "+name+attributes,
			"COMMENT ON ROLE "+name+" IS "+quoteLiteral(ownershipMarker))
	case comment == nil || *comment != ownershipMarker:
		return "", roleClash(user)
	default:
		statements = append(statements, "ALTER ROLE "+name+" WITH"+attributes)
	}
	statements = append(statements,
		"ALTER ROLE "+name+" SET default_transaction_read_only = on",
		"ALTER ROLE "+name+" SET search_path = \"$user\", public")
	if m.superuser {
		statements = append(statements, "GRANT "+quoteIdent(mirrorOwner)+" TO "+name)
	}
	for _, sql := range statements {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return "", fmt.Errorf("set up catalog role %q: %w", user, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return "", fmt.Errorf("set up catalog role %q: %w", user, err)
	}
	return password, nil
}

// rolePassword returns the password of user's role. It is derived from
// the password of catalog.dsn, so that pgway instances that share a
// catalog cluster and its DSN give each role the same password and do not
// lock each other's sessions out when each sets it at start. Without a
// password in the DSN it is random, and such instances cannot share the
// cluster.
func (m *Manager) rolePassword(user string) string {
	if m.adminCfg.Password == "" {
		secret := make([]byte, 24)
		rand.Read(secret)
		return hex.EncodeToString(secret)
	}
	mac := hmac.New(sha256.New, []byte(m.adminCfg.Password))
	mac.Write([]byte("pgway catalog role\x00" + user))
	return hex.EncodeToString(mac.Sum(nil))
}

func roleClash(user string) *Error {
	return &Error{Code: "42710",
		Message: fmt.Sprintf("the catalog database already has a role %q that pgway did not create", user),
		Hint:    "Rename the pgway user, or drop or rename that role in the catalog cluster."}
}

// cancelDeadline is how long a session's connection waits for the catalog
// database to end a cancelled statement before it closes the connection.
const cancelDeadline = 5 * time.Second

// grantConnect gives the user's role CONNECT on the mirror database, once
// per process.
func (m *Manager) grantConnect(ctx context.Context, r *role, user, database string) error {
	m.mu.Lock()
	done := r.granted[database]
	m.mu.Unlock()
	if done {
		return nil
	}
	sql := "GRANT CONNECT ON DATABASE " + quoteIdent(database) + " TO " + quoteIdent(user)
	if err := m.execGrant(ctx, sql); err != nil {
		return fmt.Errorf("grant %q access to catalog database %q: %w", user, database, err)
	}
	m.mu.Lock()
	r.granted[database] = true
	m.mu.Unlock()
	return nil
}

// execGrant runs a GRANT or REVOKE of database privileges. Concurrent
// GRANTs on one database fail with "tuple concurrently updated", so this
// process runs them one at a time, and retries the few that collide with
// another pgway instance's.
func (m *Manager) execGrant(ctx context.Context, sql string) error {
	m.grantMu.Lock()
	defer m.grantMu.Unlock()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if _, err = m.admin.Exec(ctx, sql); err == nil || !strings.Contains(err.Error(), "tuple concurrently updated") {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return err
}

// Connect opens a connection to the mirror database of a connection as
// the role of user, after the mirror's first refresh. The caller must
// already have checked that user may use the connection.
func (m *Manager) Connect(ctx context.Context, mirror *Mirror, user string, params map[string]string) (*pgconn.PgConn, error) {
	if err := mirror.Wait(ctx); err != nil {
		return nil, err
	}
	r, err := m.ensureRole(ctx, user)
	if err != nil {
		return nil, err
	}
	if err := m.grantConnect(ctx, r, user, mirror.name); err != nil {
		return nil, err
	}
	if err := m.syncConnectGrants(ctx, user); err != nil {
		return nil, err
	}
	if err := m.installGuard(ctx, mirror.name); err != nil {
		return nil, err
	}
	cfg := m.adminCfg.Config.Copy()
	cfg.User, cfg.Password, cfg.Database = user, r.password, mirror.name
	cfg.RuntimeParams = map[string]string{}
	for name, value := range params {
		cfg.RuntimeParams[name] = value
	}
	// A cancelled statement is cancelled on the server, so the connection
	// stays usable. pgconn's default closes the connection instead.
	cfg.BuildContextWatcherHandler = func(conn *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: conn, DeadlineDelay: cancelDeadline}
	}
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to catalog database %q as %q: %w", mirror.name, user, err)
	}
	return conn, nil
}

func quoteIdent(name string) string {
	return pgx.Identifier{name}.Sanitize()
}

// quoteLiteral quotes s as a string constant, for
// standard_conforming_strings on, the default since PostgreSQL 9.1.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
