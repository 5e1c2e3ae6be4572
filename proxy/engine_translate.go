package proxy

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers"
	"pgway/providers/geometry"
	"pgway/translate"
)

// translator translates the statements of every engine session, so that
// sessions share its cache of rewrites.
var translator = translate.New(translationCacheSize)

// translationCacheSize is the number of query strings whose rewrites the
// translator keeps.
const translationCacheSize = 4096

// dialects maps the provider_id of each provider that the engine drives
// to the function that returns a connection's SQL dialect. Every DuckDB
// database that pgway opens has GEOMETRY and pgway's PostGIS functions.
var dialects = map[string]func(*config.Connection) translate.Dialect{
	"duckdb":    sameDialect(translate.DuckDB(translate.DuckDBCapabilities{Spatial: true})),
	"carto_dw":  sameDialect(translate.DuckDB(translate.DuckDBCapabilities{Spatial: true})),
	"bigquery":  bigQueryDialect,
	"snowflake": sameDialect(translate.Snowflake()),
}

// sameDialect returns a function that gives every connection the dialect
// d, for providers whose connections all translate alike.
func sameDialect(d translate.Dialect) func(*config.Connection) translate.Dialect {
	return func(*config.Connection) translate.Dialect { return d }
}

// bigQueryDialect returns the dialect of a BigQuery connection. When its
// jobs run in a billing project other than project_id, BigQuery would
// look for the dataset of dataset.table in the billing project, so the
// dialect writes project_id.dataset.table. Dialects with the same options
// share the name under which the translator caches rewrites, so building
// one per session costs one small allocation and no translation.
func bigQueryDialect(conn *config.Connection) translate.Dialect {
	creds := conn.Config.Credentials
	opts := translate.BigQueryOptions{}
	if billing := creds["billing_project"]; billing != "" && billing != creds["project_id"] {
		opts.Project = creds["project_id"]
	}
	return translate.BigQuery(opts)
}

// relationTyper is implemented by the sessions of providers whose
// dialect uses the column types of the warehouse's relations, DuckDB's.
type relationTyper interface {
	// Relations returns the column types as they are now, the same
	// *translate.Relations while they have not changed.
	Relations(ctx context.Context) (*translate.Relations, error)
	// TemporaryColumns returns the column types of the session's
	// temporary tables and views by name, or nil when they are not
	// known, and a number that stays the same while they do.
	TemporaryColumns(ctx context.Context) (tables map[string][]translate.RelationColumn, version uint64)
}

// translate translates a query string for the session's warehouse, with
// the session's values as they are now.
func (e *engine) translate(sql string) ([]translate.Statement, error) {
	e.followRelations()
	statements, err := translator.Translate(e.dialect, sql, e.translateSession())
	if err != nil {
		return nil, err
	}
	created := false
	for _, st := range statements {
		if name := st.CreatesTemporary; name != "" && !slices.Contains(e.temporaryRelations, name) {
			// A temporary relation hides the relation of its name, whose
			// column types would then be wrong.
			e.temporaryRelations = append(e.temporaryRelations, name)
			created = true
		}
	}
	if created {
		e.followRelations()
		return translator.Translate(e.dialect, sql, e.translateSession())
	}
	return statements, nil
}

// translateTyped translates the statement of ts again with the
// PostgreSQL types of its parameters, paramOIDs, when the dialect writes
// them into the statement (translate.WithParamTypes), since a statement
// may translate, or fail, only with them. It returns ts when the dialect
// does not, and the statement's error when it has one.
func (e *engine) translateTyped(ts translate.Statement, paramOIDs []uint32) (translate.Statement, error) {
	typed := translate.WithParamTypes(e.dialect, paramOIDs)
	if typed == e.dialect {
		return ts, ts.Err
	}
	translated, err := translator.Translate(typed, ts.SQL, e.translateSession())
	if err != nil {
		return ts, err
	}
	if len(translated) != 1 {
		return ts, fmt.Errorf("statement translated to %d statements with its parameter types", len(translated))
	}
	return translated[0], translated[0].Err
}

// followRelations gives the session's dialect the warehouse's column types
// as they are now. When they cannot be read, the dialect keeps the ones
// it has, or translates without them. The session's temporary relations
// hide the relations of their names, and its temporary tables have their
// columns' types where the warehouse can read them.
func (e *engine) followRelations() {
	typer, ok := e.provider.(relationTyper)
	if !ok {
		return
	}
	rel, err := typer.Relations(context.Background())
	if err != nil {
		e.s.log.Warn("column types of the warehouse could not be read; statements translate without them", "error", err)
		return
	}
	if len(e.temporaryRelations) > 0 || e.settings.values["search_path"] != defaultSearchPath {
		// Which schemas exist may change with any statement.
		path := e.settings.lookupPath(e.s.principal.User, e.schemaExists())
		var temporary map[string][]translate.RelationColumn
		var version uint64
		if len(e.temporaryRelations) > 0 {
			temporary, version = typer.TemporaryColumns(context.Background())
		}
		resolved := &e.resolved
		if resolved.base != rel || resolved.count != len(e.temporaryRelations) || resolved.temporary != version ||
			!slices.Equal(resolved.path, path) {
			resolved.base, resolved.count, resolved.temporary, resolved.path = rel, len(e.temporaryRelations), version, path
			resolved.relations = rel.Resolving(path, e.temporaryRelations, temporary)
		}
		rel = resolved.relations
	}
	e.relations = rel
	e.dialect = translate.WithRelations(e.dialect, rel)
}

// schemaExists returns the warehouse's check of whether a schema exists,
// or nil when it cannot tell.
func (e *engine) schemaExists() func(string) bool {
	if pather, ok := e.provider.(providers.SearchPather); ok {
		return pather.SchemaExists
	}
	return nil
}

func (e *engine) translateSession() *translate.Session {
	statementStart := time.Now()
	if e.txStart.IsZero() {
		// The first statement of a transaction starts it, so
		// statement_timestamp() equals now() there, as in PostgreSQL.
		e.txStart = statementStart
	} else if !statementStart.After(e.txStart.Add(time.Microsecond)) {
		// A later statement, or the Bind of one parsed earlier, starts
		// after the transaction, which timestamps of microseconds show
		// even when the clock has moved less than one.
		statementStart = e.txStart.Add(time.Microsecond)
	}
	return &translate.Session{
		User:             e.s.principal.User,
		Database:         e.s.connection.Name,
		Schema:           e.settings.currentSchema(e.s.principal.User, e.schemaExists()),
		ServerVersion:    e.serverVersionText(),
		TransactionStart: e.txStart,
		StatementStart:   statementStart,
		Settings:         e.settings.values,
	}
}

// geometryOIDQuery is the catalog query by which clients such as
// psycopg's PostGIS adapters find the OID of the geometry type.
var geometryOIDQuery = regexp.MustCompile(`(?is)^select\s+(?:pg_type\.)?oid\s+from\s+(?:pg_catalog\.)?pg_type\s+` +
	`where\s+typname\s*=\s*'geometry'\s*;?$`)

// currentSchemasQuery is SELECT current_schemas(true) or (false), which
// pgway returns itself without a catalog database.
var currentSchemasQuery = regexp.MustCompile(`(?is)^select\s+(?:pg_catalog\.)?current_schemas\s*\(\s*(true|false)\s*\)\s*;?$`)

// catalogCommand returns the command that runs a catalog query for which
// pgway has a built-in result when there is no catalog database. Other
// catalog queries need one.
func catalogCommand(sql string) (*sessionCommand, error) {
	if geometryOIDQuery.MatchString(sql) {
		column := providers.Column{Name: "oid", TypeOID: pgtype.OIDOID, TypeModifier: -1, TypeSize: 4}
		return &sessionCommand{tag: "SELECT", columns: []providers.Column{column},
			run: func(*engine) ([][]any, error) { return [][]any{{uint32(geometry.OID)}}, nil }}, nil
	}
	if match := currentSchemasQuery.FindStringSubmatch(sql); match != nil {
		implicit := strings.EqualFold(match[1], "true")
		column := providers.Column{Name: "current_schemas", TypeOID: pgtype.NameArrayOID, TypeModifier: -1, TypeSize: -1}
		return &sessionCommand{tag: "SELECT", columns: []providers.Column{column},
			run: func(e *engine) ([][]any, error) {
				return [][]any{{e.settings.currentSchemas(implicit, e.s.principal.User, e.schemaExists())}}, nil
			}}, nil
	}
	err := errStatement("0A000", "queries of pg_catalog and information_schema are not supported without a catalog database")
	err.Hint = "Set catalog.dsn in pgway's configuration: pgway runs these queries on that PostgreSQL database, " +
		"which mirrors the warehouse's schemas."
	return nil, err
}

// serverVersionText returns what version() returns: the catalog
// database's version() when there is one.
func (e *engine) serverVersionText() string {
	if e.mirror != nil {
		return e.mirror.manager.Version()
	}
	return "PostgreSQL " + serverVersion
}

// relationsChanged reports whether the column types changed since the
// session's dialect last read them, and gives it the new ones.
func (e *engine) relationsChanged() bool {
	before := e.dialect
	e.followRelations()
	return e.dialect != before
}
