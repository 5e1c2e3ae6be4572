package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// hiddenDatabaseOID is the OID that pg_catalog.pgway_visible_database
// returns for an OID of a database that the role may not see or of no
// database. In PostgreSQL 15 the only databases with OIDs below 16384
// (FirstNormalObjectId) are template1 (1), template0 (4) and postgres
// (5), and 0 is the statistics entry of shared relations, so no database
// has OID 2.
const hiddenDatabaseOID = 2

// databaseGuardSQL installs in a mirror database the function that
// translate.RestrictDatabases passes every database argument of a
// built-in function through. A role may see a database when it may
// connect to it: the mirrors of the connections its user may use, and the
// databases that PUBLIC may connect to, such as postgres and the
// templates.
//
// A name that the role may not see, or of no database, gets the error of
// a database that does not exist. So does such an OID when
// hidden_oid_error is set, with that SQLSTATE: pg_database_size raises
// 3D000, and pg_database_collation_actual_version 42704, for an OID of no
// database. Otherwise the OID becomes hiddenDatabaseOID, for which
// has_database_privilege returns NULL and pg_stat_get_db_* return what
// they return for any OID of no database. A hidden database and a missing
// one always get the same result, so a direct call of the function shows
// a role only which databases it may see. pgway_shobj_description is
// shobj_description without the comments of the databases that the role
// may not see.
//
// It also takes away from PUBLIC the functions that would get around the
// rewrite: ts_stat and ts_rewrite run SQL given as text, which no rewrite
// of the statement reaches, and pg_get_object_address looks databases up
// by name.
var databaseGuardSQL = []string{`
CREATE OR REPLACE FUNCTION pg_catalog.pgway_visible_database(dbname text, hidden_oid_error text)
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
	IF dbname IS NULL OR EXISTS (SELECT FROM pg_catalog.pg_database d
			WHERE d.datname OPERATOR(pg_catalog.=) dbname
				AND pg_catalog.has_database_privilege(d.oid, 'CONNECT')) THEN
		RETURN dbname;
	END IF;
	RAISE EXCEPTION 'database "%" does not exist', dbname USING ERRCODE = '3D000';
END $$`, `
CREATE OR REPLACE FUNCTION pg_catalog.pgway_visible_database(dboid oid, hidden_oid_error text)
RETURNS oid LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
	IF dboid IS NULL OR dboid OPERATOR(pg_catalog.=) 0
			OR EXISTS (SELECT FROM pg_catalog.pg_database d WHERE d.oid OPERATOR(pg_catalog.=) dboid
				AND pg_catalog.has_database_privilege(d.oid, 'CONNECT')) THEN
		RETURN dboid;
	END IF;
	IF hidden_oid_error IS NULL THEN
		RETURN ` + fmt.Sprint(hiddenDatabaseOID) + `;
	END IF;
	RAISE EXCEPTION 'database with OID % does not exist', dboid USING ERRCODE = hidden_oid_error;
END $$`,
	`
CREATE OR REPLACE FUNCTION pg_catalog.pgway_shobj_description(objoid oid, catalog name)
RETURNS text LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
	SELECT pg_catalog.shobj_description(objoid, catalog)
	WHERE catalog OPERATOR(pg_catalog.<>) 'pg_database'
		OR pg_catalog.pgway_visible_database(objoid, NULL) OPERATOR(pg_catalog.=) objoid
$$`,
	`COMMENT ON FUNCTION pg_catalog.pgway_visible_database(text, text) IS ` + quoteLiteral(ownershipMarker),
	`COMMENT ON FUNCTION pg_catalog.pgway_visible_database(oid, text) IS ` + quoteLiteral(ownershipMarker),
	`COMMENT ON FUNCTION pg_catalog.pgway_shobj_description(oid, name) IS ` + quoteLiteral(ownershipMarker),
	`REVOKE EXECUTE ON FUNCTION pg_catalog.ts_stat(text), pg_catalog.ts_stat(text, text),
		pg_catalog.ts_rewrite(tsquery, text), pg_catalog.pg_get_object_address(text, text[], text[]) FROM PUBLIC`,
}

// installGuard runs databaseGuardSQL in the mirror database of a
// connection, once per process, before the first session of a user
// connects to it.
func (m *Manager) installGuard(ctx context.Context, database string) error {
	m.mu.Lock()
	done := m.guarded[database]
	m.mu.Unlock()
	if done {
		return nil
	}

	// Concurrent CREATE OR REPLACE of one function fails, so the sessions
	// and pgway instances that install it take turns.
	unlock, err := m.lockMirror(ctx, database)
	if err != nil {
		return err
	}
	defer unlock()

	db, err := m.adminConn(ctx, database)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	err = pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		for _, sql := range databaseGuardSQL {
			if _, err := tx.Exec(ctx, sql); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("install the database guard in catalog database %q: %w", database, err)
	}
	m.mu.Lock()
	m.guarded[database] = true
	m.mu.Unlock()
	return nil
}

// syncConnectGrants gives the role of user CONNECT on the mirror
// databases of the connections the user may use, and takes it away on
// those of the others, so that the databases pgway_visible_database lets
// through are those that pg_database lists. Without an access function
// it changes nothing.
//
// NOTE: access does not count token grants, so a session of an API token
// that may use fewer connections than its owner still sees the others
// of its owner through has_database_privilege and pg_database_size.
func (m *Manager) syncConnectGrants(ctx context.Context, user string) error {
	if m.access == nil {
		return nil
	}
	rows, err := m.admin.Query(ctx, `SELECT datname, has_database_privilege($1, oid, 'CONNECT')
		FROM pg_database WHERE shobj_description(oid, 'pg_database') = $2`, user, ownershipMarker)
	if err != nil {
		return fmt.Errorf("read the catalog databases of %q: %w", user, err)
	}
	type grantState struct {
		name    string
		granted bool
	}
	states, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (grantState, error) {
		var st grantState
		err := row.Scan(&st.name, &st.granted)
		return st, err
	})
	if err != nil {
		return fmt.Errorf("read the catalog databases of %q: %w", user, err)
	}

	var grant, revoke []string
	for _, st := range states {
		allowed := m.access(user, st.name)
		switch {
		case allowed && !st.granted:
			grant = append(grant, st.name)
		case !allowed && st.granted:
			revoke = append(revoke, st.name)
		}
	}
	if len(grant) > 0 {
		if err := m.execGrant(ctx, "GRANT CONNECT ON DATABASE "+quoteIdents(grant)+" TO "+quoteIdent(user)); err != nil {
			return fmt.Errorf("grant %q access to catalog databases: %w", user, err)
		}
	}
	if len(revoke) > 0 {
		if err := m.execGrant(ctx, "REVOKE CONNECT ON DATABASE "+quoteIdents(revoke)+" FROM "+quoteIdent(user)); err != nil {
			return fmt.Errorf("revoke %q's access to catalog databases: %w", user, err)
		}
	}

	m.mu.Lock()
	if r := m.roles[user]; r != nil {
		for _, name := range grant {
			r.granted[name] = true
		}
		for _, name := range revoke {
			delete(r.granted, name)
		}
	}
	m.mu.Unlock()
	return nil
}

// quoteIdents quotes each name as an identifier and joins them with
// commas.
func quoteIdents(names []string) string {
	quoted := make([]string, len(names))
	for i, name := range names {
		quoted[i] = quoteIdent(name)
	}
	return strings.Join(quoted, ", ")
}
