// Package translate parses the PostgreSQL statements that clients send,
// decides where each one runs (pgway itself, the catalog database or the
// warehouse), and rewrites warehouse statements to the warehouse's dialect
// so that they return what PostgreSQL would return. What cannot be
// translated exactly fails with an *Error, SQLSTATE 0A000, naming the
// construct.
//
// A statement that references no relation at all, such as SELECT 1 or
// SELECT version(), is a warehouse statement with NoRelations set: the
// warehouse is always there and the rewrite keeps PostgreSQL's semantics,
// while the catalog database is optional. A caller that has a catalog
// database may run such a statement there instead, unchanged. A statement
// without relations that calls a catalog function, such as SELECT
// pg_backend_pid(), is a catalog statement.
package translate

import (
	"strings"
	"unicode"

	lru "github.com/hashicorp/golang-lru/v2"
	pg "github.com/pganalyze/pg_query_go/v6"
)

// Statement is one translated statement of a query string.
type Statement struct {
	Kind Kind
	// SQL is the statement as the client wrote it, which the catalog
	// database runs.
	SQL string
	// Rewritten is the warehouse statement in the dialect, with the
	// session's values folded in. For DECLARE and COPY it is the query
	// alone.
	Rewritten string
	// Command is set for KindSession.
	Command *Command
	// NoRelations is set for a warehouse statement that references no
	// relation.
	NoRelations bool
	// RefreshCatalog is set for SELECT pgway_refresh_catalog(), which pgway
	// runs itself whether or not the dialect translates it (Err may be set).
	RefreshCatalog bool
	// Cursor is the cursor name of DECLARE name CURSOR FOR query, and
	// CursorOptions its options.
	Cursor        string
	CursorOptions CursorOptions
	// Copy is set for COPY ... TO STDOUT; it holds the options by
	// lower-case name, such as format and header.
	Copy map[string]string
	// Drops are the relations and schemas that DROP ... IF EXISTS names,
	// of which PostgreSQL reports those that do not exist in a NOTICE.
	Drops []DroppedName
	// Unqualified is the first warehouse relation that the statement
	// names without a schema, which search_path resolves, or "".
	Unqualified string
	// Changes names the statement in PostgreSQL's error for a read-only
	// transaction when it may change data or schemas, such as "INSERT".
	// It is empty for a read.
	Changes string
	// Tag is PostgreSQL's command tag of DDL, such as "CREATE TABLE",
	// which warehouses may give in a shorter form, and "" for other
	// statements.
	Tag string
	// CreatesTemporary is the name of the temporary table or view that
	// the statement creates, which may hide a relation of Relations.
	CreatesTemporary string
	// ParamTypes are the types, by OID, that the DuckDB dialect gave the
	// parameters that the client and the catalog database left untyped,
	// as PostgreSQL infers them (see inferParams); 0 where it gave none.
	ParamTypes []uint32
	// ResultTypmods reports, for each result column of a query on DuckDB,
	// whether PostgreSQL describes it with a type modifier (see
	// resultTypmods). It is nil where the warehouse's description is kept.
	ResultTypmods []bool
	// CreatedColumns describes the columns of CREATE TABLE AS on DuckDB,
	// or is nil.
	CreatedColumns *CreatedColumns
	// Truncate is set for TRUNCATE of several tables or with CASCADE on
	// DuckDB, whose rewrite truncates the first table alone.
	Truncate *Truncate
	// OnCommit is the ON COMMIT action of CREATE TEMPORARY TABLE on
	// DuckDB, which the rewrite leaves out, or nil.
	OnCommit *OnCommit
	// NoColumns is set for a SELECT without result columns on DuckDB,
	// whose one column in Rewritten the engine leaves out of the result.
	NoColumns bool
	// Err is set when this statement cannot run. Statements before it in
	// the query string still run, as in PostgreSQL.
	Err error
}

// Translator translates statements and caches the rewrites by dialect and
// statement text. Query strings that differ only in literals that stay
// literals in the rewrite share a template (see shared.go). It is safe for
// concurrent use.
type Translator struct {
	cache *lru.Cache[cacheKey, []*translation]
	// shapes stores, by dialect and shape key, which literals of the shape
	// are part of its template key: seenOnce after the shape's first miss,
	// nil when the shape cannot share.
	shapes *lru.Cache[cacheKey, *shapeInfo]
	// templates stores shared templates by dialect and template key:
	// templateSeenOnce after the key's first miss, nil when the statements
	// of that key cannot share one.
	templates *lru.Cache[cacheKey, *sharedTemplate]
}

type cacheKey struct {
	dialect, sql string
}

// translation is the session-independent result for one statement, which
// the cache holds.
type translation struct {
	kind Kind
	sql  string
	// textStart is the byte offset of sql in the query string.
	textStart      int
	command        *Command
	noRelations    bool
	noColumns      bool
	refreshCatalog bool
	cursor         string
	cursorOpts     CursorOptions
	copy           map[string]string
	temporary      string
	tag            string
	changes        string
	unqualified    string
	drops          []DroppedName
	resultTypmods  []bool
	created        *CreatedColumns
	onCommit       *OnCommit
	truncate       *Truncate
	paramTypes     []uint32
	// databaseNames are the names qualified with a database, which must
	// be the session's.
	databaseNames []databaseName
	template      []segment
	slots         []foldSlot
	err           error
}

// New returns a Translator that caches the rewrites of up to size query
// strings, and up to size shared templates.
func New(size int) *Translator {
	return &Translator{
		cache:     newCache[[]*translation](size),
		shapes:    newCache[*shapeInfo](size),
		templates: newCache[*sharedTemplate](size),
	}
}

func newCache[V any](size int) *lru.Cache[cacheKey, V] {
	cache, err := lru.New[cacheKey, V](max(size, 1))
	if err != nil {
		panic(err) // lru.New fails only for a size below 1
	}
	return cache
}

// Translate translates a query string of one or more statements for
// dialect d, folding in the values of session s. It returns an *Error for
// a syntax error; errors of single statements are in Statement.Err.
func (t *Translator) Translate(d Dialect, sql string, s *Session) ([]Statement, error) {
	key := cacheKey{d.Name(), sql}
	translations, ok := t.cache.Get(key)
	if !ok {
		lookup, shareable := t.lookupShape(d, sql)
		if shareable && lookup.template != nil {
			return lookup.template.render(sql, lookup.shape, s, d), nil
		}
		var err error
		if translations, err = translateAll(d, sql); err != nil {
			return nil, err
		}
		t.cache.Add(key, translations)
		if shareable {
			t.learn(d, sql, lookup, translations)
		}
	}
	out := make([]Statement, len(translations))
	for i, tr := range translations {
		out[i] = tr.statement(s, d, sql)
	}
	return out, nil
}

func (tr *translation) statement(s *Session, d Dialect, fullSQL string) Statement {
	st := Statement{Kind: tr.kind, SQL: tr.sql, Command: tr.command,
		NoRelations: tr.noRelations, NoColumns: tr.noColumns, RefreshCatalog: tr.refreshCatalog, Cursor: tr.cursor, CursorOptions: tr.cursorOpts, Copy: tr.copy,
		CreatesTemporary: tr.temporary, Tag: tr.tag, Changes: tr.changes, Unqualified: tr.unqualified, Drops: tr.drops,
		ResultTypmods: tr.resultTypmods, CreatedColumns: tr.created, ParamTypes: tr.paramTypes, Err: tr.err}
	st.OnCommit, st.Truncate = tr.onCommit, tr.truncate
	if tr.err != nil || tr.kind != KindWarehouse {
		return st
	}
	if err := checkDatabaseNames(tr.databaseNames, s); err != nil {
		st.Err = withPosition(err, fullSQL)
		return st
	}
	rewritten, err := render(tr.template, tr.slots, s, d.warehouseTime())
	if err != nil {
		st.Err = withPosition(err, fullSQL)
	}
	st.Rewritten = rewritten
	return st
}

// translateAll parses sql and translates each statement.
func translateAll(d Dialect, sql string) ([]*translation, error) {
	if strings.Contains(sql, "pgway.fold."+markerNonce) {
		return nil, &Error{Code: CodeSyntaxError, Message: "invalid statement text"}
	}
	tree, err := parse(sql)
	if err != nil {
		return nil, syntaxError(err)
	}
	if err := checkNumericLiterals(sql); err != nil {
		return nil, err
	}
	if err := checkFromAliases(tree, sql); err != nil {
		return nil, err
	}
	readVerticalTabs(tree, sql)
	out := make([]*translation, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		text, start := statementText(sql, raw)
		tr := translateStatement(d, raw, text)
		tr.textStart = start
		tr.err = withPosition(tr.err, sql)
		out = append(out, tr)
	}
	return out, nil
}

// statementText returns the text of one statement of sql, without the
// semicolon that ends it, and its byte offset in sql.
func statementText(sql string, raw *pg.RawStmt) (string, int) {
	start := int(raw.StmtLocation)
	end := len(sql)
	if raw.StmtLen > 0 {
		end = start + int(raw.StmtLen)
	}
	untrimmed := sql[start:end]
	text := strings.TrimLeftFunc(untrimmed, unicode.IsSpace)
	start += len(untrimmed) - len(text)
	return strings.TrimRightFunc(text, unicode.IsSpace), start
}

func withPosition(err error, sql string) error {
	if e := AsError(err); e != nil {
		return e.withCharPosition(sql)
	}
	return err
}

func translateOne(d Dialect, raw *pg.RawStmt, text string) *translation {
	tr := &translation{sql: text}
	cmd, err := sessionCommand(raw.Stmt)
	if cmd != nil || err != nil {
		tr.kind, tr.command, tr.err = KindSession, cmd, err
		return tr
	}
	target, err := routedQuery(raw.Stmt, tr)
	if err != nil {
		tr.err = err
		return tr
	}
	_, duck := d.(*duckDB)
	if _, from := tr.copy[CopyFromTable]; from && !duck {
		tr.err = unsupportedf(-1, "COPY FROM is not supported on this warehouse")
		return tr
	}
	selectInto := false
	if duck {
		target, selectInto = selectIntoAsCreate(target)
		if err := checkUnloggedCreate(target); err != nil {
			tr.err = err
			return tr
		}
	}
	refs := collectReferences(target)
	if tr.err = checkDuckDBOnly(target, duck && !refs.hasCatalog); tr.err != nil {
		return tr
	}
	if refs.hasTypeOf && !refs.hasWarehouse && !duck {
		refs.addCatalog("pg_typeof()", refs.typeOfAt)
	}
	if tr.kind, tr.err = refs.kindOf(); tr.err != nil || tr.kind == KindCatalog {
		return tr
	}
	// Before the rewrites, which call the warehouse's own functions.
	undefined := findUndefinedFunction(d, target)
	if duck {
		tr.databaseNames = stripDatabaseNames(target)
		tr.resultTypmods = resultTypmods(target)
		tr.created = createdColumns(target)
		tr.onCommit = temporaryOnCommit(target)
		tr.truncate = truncatedTables(target, d.(*duckDB).catalog())
		if tr.err = fillEmptySubqueries(target); tr.err != nil {
			return tr
		}
		if raw.Stmt.GetSelectStmt() != nil {
			tr.noColumns = fillEmptySelects(target)
		}
	}
	tr.noRelations = !refs.hasWarehouse
	tr.unqualified = refs.unqualified
	tr.drops = droppedIfExists(target)
	tr.tag = ddlTag(target)
	tr.changes = changeTag(target)
	if selectInto {
		tr.changes = "SELECT INTO"
	}
	tr.refreshCatalog = tr.noRelations && isRefreshCall(target)
	tr.err = undefined.precede(rewrite(d, target, tr))
	if tr.err != nil && refs.hasTypeOf && tr.noRelations {
		// The catalog database's pg_typeof() takes any argument, where
		// DuckDB's dialect folds only some (see foldTypeOf).
		return &translation{sql: text, kind: KindCatalog}
	}
	// The rewrite may make a relation temporary (see checkNames).
	tr.temporary = createdTemporary(target)
	return tr
}

// rewrite turns a warehouse statement into the dialect's template.
func rewrite(d Dialect, stmt *pg.Node, tr *translation) error {
	wrapValues(stmt)
	aliasTargets(stmt)
	boxesToEnvelopes(stmt)
	if _, duck := d.(*duckDB); !duck {
		// DuckDB's rewrite checks them after its internal names.
		if err := extentGeometries(stmt, false); err != nil {
			return err
		}
	}
	f := &folder{}
	if err := f.fold(stmt); err != nil {
		return err
	}
	if duck, ok := d.(*duckDB); ok {
		tr.paramTypes = duck.inferredParamTypes(stmt)
	}
	text, err := d.rewrite(stmt)
	if err != nil {
		return err
	}
	if tr.created != nil {
		tr.created = tr.created.locateQuery(stmt, text)
	}
	tr.template, tr.slots = splitTemplate(text, f.slots)
	return nil
}
