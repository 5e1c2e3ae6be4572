package catalog

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"pgway/config"
)

// sync brings the mirror database of conn up to date with its warehouse.
// It creates the database and the postgis extension when they are
// missing. Then it applies what changed since the last refresh in one
// transaction, so a reader sees the old or the new mirror, never a part.
// It returns the OIDs of the PostGIS types in the database, which it also
// passes to publish as soon as postgis is installed, before the slower
// work of describing the warehouse. It also reports whether it changed
// the mirror database.
func (m *Manager) sync(ctx context.Context, conn *config.Connection, publish func(map[string]uint32)) (map[string]uint32, bool, error) {
	if err := m.ensureDatabase(ctx, conn.Name); err != nil {
		return nil, false, err
	}
	db, err := m.adminConn(ctx, conn.Name)
	if err != nil {
		return nil, false, err
	}
	defer db.Close(context.Background())
	if _, err := db.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		return nil, false, postgisError(err)
	}
	if _, err := db.Exec(ctx, revokedFunctions); err != nil {
		return nil, false, fmt.Errorf("revoke functions from PUBLIC in the mirror database: %w", err)
	}
	types, err := readTypeOIDs(ctx, db)
	if err != nil {
		return nil, false, err
	}
	publish(types)
	snapshot, err := m.describe(ctx, conn)
	if err != nil {
		return nil, false, fmt.Errorf("describe the warehouse: %w", err)
	}

	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback(ctx)
	// Another pgway instance on the same cluster may refresh the same
	// mirror, and their changes must not interleave. The lock is taken in
	// the DSN's database, where users' roles run no queries: in the mirror
	// database any user could take the same advisory lock and hold off
	// every refresh.
	unlock, err := m.lockMirror(ctx, conn.Name)
	if err != nil {
		return nil, false, err
	}
	// The lock is released at commit, so the work after it holds no
	// connection of the admin pool. The deferred call covers the paths
	// that fail before the commit.
	defer unlock()
	current, err := readMirror(ctx, tx)
	if err != nil {
		return nil, false, fmt.Errorf("read the mirror: %w", err)
	}
	desired := desiredMirror(snapshot, m.log, conn.Name)
	if m.superuser {
		// Only a superuser may give a relation to a role that has no
		// CREATE on its schema.
		if err := m.ensureMirrorOwner(ctx); err != nil {
			return nil, false, err
		}
		desired.owner = mirrorOwner
	}
	plan := planChanges(current, desired)
	if err := applyPlan(ctx, tx, plan); err != nil {
		return nil, false, err
	}
	// Row estimates change with every write to the warehouse, but no
	// value computed from the mirror depends on them, so they do not
	// count as a change of the mirror.
	if m.superuser {
		if err := applyRowEstimates(ctx, tx, desired); err != nil {
			return nil, false, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, err
	}
	unlock()
	// From here on the changes are committed, so they are reported even
	// when revoking fails.
	if err := m.revokeLostAccess(ctx, conn.Name); err != nil {
		return nil, len(plan) > 0, err
	}
	m.log.Debug("catalog mirror refreshed", "connection", conn.Name, "changes", len(plan))
	return types, len(plan) > 0, nil
}

func applyPlan(ctx context.Context, tx pgx.Tx, plan []string) error {
	for _, sql := range plan {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("apply a change to the mirror (%.200s): %w", sql, err)
		}
	}
	return nil
}

// applyRowEstimates sets the row estimates of the mirror's tables to the
// desired ones. It reads the mirror again, since the plan may have made
// tables anew, which starts their estimate at -1.
func applyRowEstimates(ctx context.Context, tx pgx.Tx, desired *mirrorState) error {
	current, err := readMirror(ctx, tx)
	if err != nil {
		return fmt.Errorf("read the mirror: %w", err)
	}
	return applyPlan(ctx, tx, planRowEstimates(current, desired))
}

func postgisError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42501" {
		return &Error{Code: "42501", Message: "the catalog database's role may not create the postgis extension",
			Hint: "Let catalog.dsn log in as a superuser, or install postgis in template1 of the catalog cluster."}
	}
	return fmt.Errorf("create the postgis extension: %w", err)
}

// ensureDatabase creates the mirror database of a connection when it does
// not exist, closed to every role but those granted CONNECT later. It
// refuses a database of that name that pgway did not create.
func (m *Manager) ensureDatabase(ctx context.Context, name string) error {
	// A session's first catalog query and the mirror's first refresh may
	// both get here.
	m.createMu.Lock()
	defer m.createMu.Unlock()
	var comment *string
	err := m.admin.QueryRow(ctx, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", name).
		Scan(&comment)
	if err == nil {
		if comment == nil || *comment != ownershipMarker {
			return &Error{Code: "42P04",
				Message: fmt.Sprintf("the catalog cluster already has a database %q that pgway did not create", name),
				Hint:    "Rename the connection, or drop or rename that database in the catalog cluster."}
		}
		return nil
	}
	if err != pgx.ErrNoRows {
		return fmt.Errorf("look up catalog database %q: %w", name, err)
	}

	// NOTE: pgway marks the database right after creating it. A database
	// left unmarked by a crash in between is then refused as foreign.
	statements := []string{
		"CREATE DATABASE " + quoteIdent(name),
		"COMMENT ON DATABASE " + quoteIdent(name) + " IS " + quoteLiteral(ownershipMarker),
		"REVOKE ALL ON DATABASE " + quoteIdent(name) + " FROM PUBLIC",
	}
	for _, sql := range statements {
		if _, err := m.admin.Exec(ctx, sql); err != nil {
			return fmt.Errorf("create catalog database %q: %w", name, err)
		}
	}
	m.log.Info("catalog database created", "connection", name)
	return nil
}

// readTypeOIDs returns the OIDs of PostGIS's geometry and geography types
// in the mirror database.
func readTypeOIDs(ctx context.Context, db *pgx.Conn) (map[string]uint32, error) {
	rows, err := db.Query(ctx, `
		SELECT t.typname, t.oid FROM pg_type t
		JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'postgis'
		WHERE t.typname IN ('geometry', 'geography')`)
	if err != nil {
		return nil, fmt.Errorf("read the postgis type OIDs: %w", err)
	}
	types := map[string]uint32{}
	for rows.Next() {
		var name string
		var oid uint32
		if err := rows.Scan(&name, &oid); err != nil {
			return nil, err
		}
		types[name] = oid
	}
	return types, rows.Err()
}

// revokeLostAccess takes CONNECT on the mirror database away from the
// roles of users who may no longer use the connection.
func (m *Manager) revokeLostAccess(ctx context.Context, database string) error {
	if m.access == nil {
		return nil
	}
	rows, err := m.admin.Query(ctx, `
		SELECT r.rolname FROM pg_database d, aclexplode(d.datacl) a
		JOIN pg_roles r ON r.oid = a.grantee
		WHERE d.datname = $1 AND a.privilege_type = 'CONNECT'
			AND shobj_description(r.oid, 'pg_authid') = $2`, database, ownershipMarker)
	if err != nil {
		return fmt.Errorf("read the grants of catalog database %q: %w", database, err)
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read the grants of catalog database %q: %w", database, err)
	}
	for _, user := range users {
		if m.access(user, database) {
			continue
		}
		sql := "REVOKE CONNECT ON DATABASE " + quoteIdent(database) + " FROM " + quoteIdent(user)
		if _, err := m.admin.Exec(ctx, sql); err != nil {
			return fmt.Errorf("revoke %q's access to catalog database %q: %w", user, database, err)
		}
		m.mu.Lock()
		if r := m.roles[user]; r != nil {
			delete(r.granted, database)
		}
		m.mu.Unlock()
	}
	return nil
}

// lockMirror takes the advisory lock that serializes refreshes of the
// mirror of connection across pgway instances, on a connection of the
// admin pool, and returns the function that releases it.
func (m *Manager) lockMirror(ctx context.Context, connection string) (func(), error) {
	conn, err := m.admin.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("connect to the catalog database: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtext('pgway mirror ' || $1))", connection); err != nil {
		conn.Release()
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { m.unlockMirror(conn, connection) }) }, nil
}

// unlockMirror releases the lock of lockMirror and the connection.
func (m *Manager) unlockMirror(conn *pgxpool.Conn, connection string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_unlock(hashtext('pgway mirror ' || $1))", connection); err != nil {
		// A connection that may still hold the lock is not reused.
		conn.Conn().Close(ctx)
	}
	conn.Release()
}

// revokedFunctions takes functions away from PUBLIC in a mirror
// database. Users' roles are read-only by default, but PostgreSQL runs the
// large object functions lo_create and lo_from_bytea in a read-only
// transaction, so any user could otherwise fill the catalog cluster's
// disk with a SELECT. The *_to_xml functions run SQL given as text, and
// pg_describe_object and its kin name databases by OID, so they would
// show the names that pgway filters out of pg_database. pg_shdepend lists
// the OIDs of the databases whose privileges name a role, so it would
// show that other users' connections exist.
const revokedFunctions = `DO $$
DECLARE f regprocedure;
BEGIN
	FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
		WHERE p.pronamespace = 'pg_catalog'::regnamespace
			AND (p.proname LIKE 'lo\_%' OR p.proname IN ('loread', 'lowrite')
				OR p.proname LIKE '%\_to\_xml%' OR p.proname IN ('pg_describe_object',
				'pg_identify_object', 'pg_identify_object_as_address', 'pg_tablespace_databases'))
	LOOP
		EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
	END LOOP;
	REVOKE SELECT ON pg_catalog.pg_shdepend FROM PUBLIC;
END $$`
