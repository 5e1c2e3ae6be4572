package proxy

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/providers"
	"pgway/translate"
)

// The catalog database as a type oracle. A warehouse can compute a
// PostgreSQL expression with the same values but in another type: DuckDB
// sums integers as HUGEINT where PostgreSQL returns bigint, and has no
// varchar(n). The translator cannot see column types, but the mirror
// database has the warehouse's tables with PostgreSQL types. So the
// engine describes the client's statement there, without running it, and
// sends PostgreSQL's result types wherever the values convert exactly
// (engine_convert.go).

// resultTypeCacheSize is the number of statement descriptions kept per
// connection.
const resultTypeCacheSize = 4096

// describeTimeout bounds describing one statement on the mirror database,
// connecting to it included.
const describeTimeout = 10 * time.Second

// firstRefreshWait bounds how long a session's first warehouse statement
// waits for the mirror's first refresh before it runs with the
// warehouse's types.
const firstRefreshWait = 10 * time.Second

// describeRetryDelay is how long a session runs with the warehouse's
// types after the mirror database could not be reached, before it tries
// again.
const describeRetryDelay = time.Minute

// resultTypeKey identifies one description. The types of a statement
// depend on its text, the parameter types the client gave, and which
// relations its names resolve to, which search_path and the user (for
// "$user") decide.
type resultTypeKey struct {
	sql, params, searchPath, user string
	// temporary changes with the column types of the session's
	// temporary tables, which the description has (withTemporaryTables).
	temporary uint64
}

// resultTypes is PostgreSQL's description of a statement at one
// generation of the mirror.
type resultTypes struct {
	generation uint64
	// description is nil when the mirror database could not describe the
	// statement, such as one that reads a relation not mirrored yet.
	description *mirrorDescription
}

// mirrorDescription is the mirror database's description of a statement:
// its result columns and the types of its parameters, with PostgreSQL's
// inferred types where the client left them unspecified.
type mirrorDescription struct {
	columns []providers.Column
	params  []uint32
	// portalModifiers are the columns' type modifiers once PostgreSQL
	// plans the statement, nil when they are those of columns.
	portalModifiers []int32
}

// resultTypeCache holds the descriptions of one connection's statements,
// shared by its sessions. It is safe for concurrent use.
type resultTypeCache struct {
	entries *lru.Cache[resultTypeKey, *resultTypes]
}

// resultTypeCacheKey is the key of the cache among a mirror's
// attachments.
type resultTypeCacheKey struct{}

func newResultTypeCache() any {
	entries, err := lru.New[resultTypeKey, *resultTypes](resultTypeCacheSize)
	if err != nil {
		panic(err) // lru.New fails only for a size below 1
	}
	return &resultTypeCache{entries: entries}
}

// lookup returns the description cached for key at generation, and
// whether there is such an entry. An entry of an older generation is
// stale.
func (c *resultTypeCache) lookup(key resultTypeKey, generation uint64) (*mirrorDescription, bool) {
	entry, ok := c.entries.Get(key)
	if !ok || entry.generation != generation {
		return nil, false
	}
	return entry.description, true
}

func (c *resultTypeCache) store(key resultTypeKey, generation uint64, description *mirrorDescription) {
	c.entries.Add(key, &resultTypes{generation: generation, description: description})
}

func (e *engine) resultTypeKey(text string, clientOIDs []uint32) resultTypeKey {
	_, temporary := e.temporaryColumns()
	return resultTypeKey{sql: text, params: oidKey(clientOIDs),
		searchPath: e.settings.values["search_path"], user: e.s.principal.User, temporary: temporary}
}

// oidKey returns parameter OIDs as a string for a map key.
func oidKey(oids []uint32) string {
	if len(oids) == 0 {
		return ""
	}
	b := make([]byte, 0, 4*len(oids))
	for _, oid := range oids {
		b = binary.BigEndian.AppendUint32(b, oid)
	}
	return string(b)
}

// describePostgres returns the mirror database's description of the
// statement text, described with the client's parameter types, or nil when
// there is no catalog database or it cannot describe the statement. query
// returns the statement to describe when that is not text itself, as for
// DECLARE and COPY; it runs only when no description is cached.
func (e *engine) describePostgres(ctx context.Context, text string, query func() (string, error), clientOIDs []uint32) *mirrorDescription {
	ms := e.mirror
	if ms == nil {
		return nil
	}
	generation := e.mirrorGeneration(ctx)
	if generation == 0 {
		return nil
	}
	key := e.resultTypeKey(text, clientOIDs)
	if description, ok := ms.resultTypes.lookup(key, generation); ok {
		return description
	}
	if !ms.describeRetry.IsZero() && time.Now().Before(ms.describeRetry) {
		return nil
	}
	description, err := e.describeOnMirror(ctx, text, query, clientOIDs)
	if err != nil {
		if ctx.Err() == nil {
			e.s.log.Warn("catalog database could not describe a statement; results keep the warehouse's types",
				"error", err, "retry_in", describeRetryDelay.String())
			ms.describeRetry = time.Now().Add(describeRetryDelay)
		}
		return nil
	}
	ms.describeRetry = time.Time{}
	ms.resultTypes.store(key, generation, description)
	return description
}

// mirrorGeneration returns the generation of the session's mirror. Before
// the mirror's first refresh, the session's first call waits for it for
// up to firstRefreshWait.
func (e *engine) mirrorGeneration(ctx context.Context) uint64 {
	ms := e.mirror
	generation := ms.mirror.Generation()
	if generation != 0 || ms.refreshWaited {
		return generation
	}
	ms.refreshWaited = true
	waitCtx, cancel := context.WithTimeout(ctx, firstRefreshWait)
	defer cancel()
	if err := ms.mirror.Wait(waitCtx); err != nil {
		e.s.log.Debug("catalog mirror not ready; results keep the warehouse's types", "error", err)
	}
	return ms.mirror.Generation()
}

// describeOnMirror prepares a statement on the mirror database, which
// runs nothing, and returns its description. A statement that the mirror
// database rejects, such as one naming a relation it lacks, gets no
// description and no error. The error reports a failure to reach it.
func (e *engine) describeOnMirror(ctx context.Context, text string, query func() (string, error), clientOIDs []uint32) (*mirrorDescription, error) {
	sql := text
	if query != nil {
		var err error
		if sql, err = query(); err != nil {
			return nil, nil
		}
	}
	sql, ok := e.withTemporaryTables(sql)
	if !ok {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, describeTimeout)
	defer cancel()
	conn, err := e.catalogConn(ctx)
	if err != nil {
		return nil, err
	}
	desc, err := conn.Prepare(ctx, "", sql, clientOIDs)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && !transientSQLState(pgErr.Code):
		e.s.log.Debug("catalog database cannot describe the statement", "sqlstate", pgErr.Code)
		return nil, nil
	case err != nil:
		return nil, err
	}
	columns := make([]providers.Column, len(desc.Fields))
	for i, f := range desc.Fields {
		columns[i] = providers.Column{Name: f.Name, TypeOID: f.DataTypeOID,
			TypeModifier: f.TypeModifier, TypeSize: f.DataTypeSize}
	}
	modifiers, err := plannedModifiers(ctx, conn, desc)
	if err != nil {
		return nil, err
	}
	return &mirrorDescription{columns: columns, params: desc.ParamOIDs, portalModifiers: modifiers}, nil
}

// inferredParamOIDs returns the parameter types to prepare a warehouse
// statement with: the client's, and where the client left a type
// unspecified (0), the type PostgreSQL infers on the mirror database. A
// warehouse that needs parameter types, such as BigQuery, gets them even
// from clients that send every parameter untyped, as node-postgres does.
func (e *engine) inferredParamOIDs(ctx context.Context, text string, clientOIDs []uint32) []uint32 {
	if e.mirror == nil {
		return clientOIDs
	}
	d := e.describePostgres(ctx, text, nil, clientOIDs)
	if d == nil || len(d.params) == 0 {
		return clientOIDs
	}
	oids := make([]uint32, max(len(clientOIDs), len(d.params)))
	copy(oids, d.params)
	for i, oid := range clientOIDs {
		if oid != 0 {
			oids[i] = oid
		}
	}
	return oids
}

// transientSQLState reports whether an error of the catalog database is
// unrelated to the statement: a lost connection, a shutdown or a lack of
// resources. An internal error (XX000) counts as the statement's, since
// PostgreSQL raises it for some statements, such as one with a parameter
// of a type OID it does not have.
func transientSQLState(code string) bool {
	switch code[:2] {
	case "08", "53", "57", "58":
		return true
	}
	return false
}

// routedQuery returns the function that gives the query of a DECLARE or
// COPY statement, which is what the mirror database describes for it.
func routedQuery(sql string) func() (string, error) {
	return func() (string, error) { return translate.RoutedQueryText(sql) }
}

// resolveResultTypes describes a prepared warehouse statement that
// returns rows on the mirror database and sets the columns it reports to
// PostgreSQL's where its values convert exactly. text is the statement as
// the client wrote it, and query, when set, gives the query within it.
func (e *engine) resolveResultTypes(ctx context.Context, st *preparedStatement, text string, query func() (string, error), clientOIDs []uint32) {
	if e.mirror == nil || st.stmt == nil || len(st.stmt.Columns()) == 0 {
		return
	}
	if d := e.describePostgres(ctx, text, query, clientOIDs); d != nil {
		e.setPostgresColumns(st, d.columns)
		st.portalModifiers = d.portalModifiers
	}
}

// setPostgresColumns sets PostgreSQL's result columns of a warehouse
// statement, and the columns the statement reports from them.
func (e *engine) setPostgresColumns(st *preparedStatement, postgres []providers.Column) {
	st.postgresColumns = postgres
	if late, ok := st.stmt.(providers.LateBound); ok && late.LateBound() && st.copy == nil {
		// The warehouse describes the result only once it runs, so
		// PostgreSQL's description stands for it, and the rows must
		// come in its types (resultEncoding).
		st.columns, st.lateDescribed = postgres, true
		st.resultPlan = nil
		return
	}
	plan := e.planResult(postgres, st.stmt.Columns())
	st.resultPlan = plan
	switch {
	case plan == nil:
	case st.copy != nil:
		st.copyColumns = plan.columns
	default:
		st.columns = plan.columns
	}
}
