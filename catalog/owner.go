package catalog

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// mirrorOwner is the role that owns the tables and views of every mirror
// database when catalog.dsn's role is a superuser. Each user's role is a
// member that inherits its privileges, because information_schema shows
// some rows only to the owner of a table: constraint_column_usage,
// check_constraints and views.view_definition among them. In PostgreSQL
// the user who created a table owns it, so those rows are listed.
//
// Ownership lets a role alter, drop and write to the relations, which are
// empty stand-ins that the next refresh restores. Users' roles reach them
// only through statements that reference no warehouse relation, in
// transactions that are read-only by default, and they cannot run SQL
// given as text (see revokedFunctions).
const mirrorOwner = "pgway_mirror_owner"

// ensureMirrorOwner creates mirrorOwner when it does not exist: a role
// that cannot log in and has no attributes. It rejects a role of that name
// that pgway did not create. It runs in the DSN's database, where the
// advisory lock that serializes it with other pgway instances is taken.
func (m *Manager) ensureMirrorOwner(ctx context.Context) error {
	m.mu.Lock()
	done := m.ownerReady
	m.mu.Unlock()
	if done {
		return nil
	}
	tx, err := m.admin.Begin(ctx)
	if err != nil {
		return fmt.Errorf("connect to the catalog database: %w", err)
	}
	defer tx.Rollback(ctx)

	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('pgway role ' || $1))", mirrorOwner); err != nil {
		return err
	}
	var comment *string
	err = tx.QueryRow(ctx, `SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = $1`, mirrorOwner).
		Scan(&comment)
	switch {
	case err == pgx.ErrNoRows:
		for _, sql := range []string{
			"CREATE ROLE " + quoteIdent(mirrorOwner) + " NOLOGIN NOINHERIT",
			"COMMENT ON ROLE " + quoteIdent(mirrorOwner) + " IS " + quoteLiteral(ownershipMarker),
		} {
			if _, err := tx.Exec(ctx, sql); err != nil {
				return fmt.Errorf("create catalog role %q: %w", mirrorOwner, err)
			}
		}
	case err != nil:
		return fmt.Errorf("look up catalog role %q: %w", mirrorOwner, err)
	case comment == nil || *comment != ownershipMarker:
		return roleClash(mirrorOwner)
	}

	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("create catalog role %q: %w", mirrorOwner, err)
	}
	m.mu.Lock()
	m.ownerReady = true
	m.mu.Unlock()
	return nil
}

// ownerChange returns the statement that makes owner the owner of the
// relation want, or nothing when owner is empty or already owns it. old
// is the relation before the plan, which does not count when the plan
// makes the relation anew.
func ownerChange(key relationKey, old, want *relation, owner string, recreated bool) []string {
	if owner == "" || !recreated && old.owner == owner {
		return nil
	}
	kind := "TABLE"
	if want.view {
		kind = "VIEW"
	}
	return []string{"ALTER " + kind + " " + qualified(key) + " OWNER TO " + quoteIdent(owner)}
}
