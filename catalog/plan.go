package catalog

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"pgway/providers"
)

// mirrorState is the content of a mirror database, present or desired,
// without the objects of extensions.
type mirrorState struct {
	schemas   map[string]string // comment by schema name
	relations map[relationKey]*relation
	// owner is the role that should own every relation in a desired
	// state, empty to leave their owners as they are.
	owner string
}

type relationKey struct{ schema, name string }

type relation struct {
	view    bool
	comment string
	columns []column
	// primaryKey names the columns of the table's primary key in key
	// order, and primaryKeyName is the name PostgreSQL gave its constraint,
	// read from the mirror database.
	primaryKey     []string
	primaryKeyName string
	// uniqueKeys are the table's UNIQUE constraints, in the order they
	// are added. Their names are read from the mirror database and are
	// empty in a desired state, where PostgreSQL has not named them yet.
	uniqueKeys []uniqueKey
	// referencesGranted is set when PUBLIC has REFERENCES on the table in
	// the mirror database (see grantReferences).
	referencesGranted bool
	// estimatedRows is pg_class.reltuples: the warehouse's estimate of the
	// row count, or -1 when it has none.
	estimatedRows float64
	// owner is the role that owns the relation in a current state.
	owner string
}

type column struct {
	name, typ string
	notNull   bool
	comment   string
	// def is the column's default expression, as pg_get_expr writes it
	// in a current state and as the provider wrote it in a desired one.
	def string
}

func newState() *mirrorState {
	return &mirrorState{schemas: map[string]string{}, relations: map[relationKey]*relation{}}
}

// readMirrorSQL lists the schemas and relations of a mirror database,
// without those of PostgreSQL and of extensions. has_table_privilege
// reads the current catalog rather than the snapshot, so it is NULL for
// a relation dropped since the snapshot was taken.
const readMirrorSQL = `
SELECT n.nspname, coalesce(obj_description(n.oid, 'pg_namespace'), ''),
	c.relname, c.relkind = 'v', coalesce(obj_description(c.oid, 'pg_class'), ''),
	a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
	coalesce(col_description(c.oid, a.attnum), ''),
	coalesce(pg_get_expr(ad.adbin, ad.adrelid), ''),
	coalesce(has_table_privilege('public', c.oid, 'REFERENCES'), false), c.reltuples, pg_get_userbyid(c.relowner)
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'v', 'p', 'm', 'f')
	AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
		AND d.objid = c.oid AND d.deptype = 'e')
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
	AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
		AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum`

// readPrimaryKeysSQL lists the columns of the primary keys of a mirror
// database's tables in key order.
const readPrimaryKeysSQL = `
SELECT n.nspname, c.relname, con.conname, a.attname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE con.contype = 'p'
ORDER BY n.nspname, c.relname, k.position`

func readMirror(ctx context.Context, tx pgx.Tx) (*mirrorState, error) {
	state, err := readRelations(ctx, tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, readPrimaryKeysSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var key relationKey
		var constraint, column string
		if err := rows.Scan(&key.schema, &key.name, &constraint, &column); err != nil {
			return nil, err
		}
		// The keys of relations that readRelations leaves out, those of
		// extensions, are skipped.
		if rel, ok := state.relations[key]; ok {
			rel.primaryKeyName = constraint
			rel.primaryKey = append(rel.primaryKey, column)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := readUniqueKeys(ctx, tx, state); err != nil {
		return nil, err
	}
	return state, nil
}

func readRelations(ctx context.Context, tx pgx.Tx) (*mirrorState, error) {
	rows, err := tx.Query(ctx, readMirrorSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	state := newState()
	for rows.Next() {
		var schema, schemaComment string
		var name, comment, colName, colType, colComment, colDefault *string
		var view, notNull, referencesGranted *bool
		var estimatedRows *float64
		var owner *string
		if err := rows.Scan(&schema, &schemaComment, &name, &view, &comment,
			&colName, &colType, &notNull, &colComment, &colDefault, &referencesGranted, &estimatedRows, &owner); err != nil {
			return nil, err
		}
		state.schemas[schema] = schemaComment
		if name == nil {
			continue
		}
		key := relationKey{schema, *name}
		rel, ok := state.relations[key]
		if !ok {
			rel = &relation{view: *view, comment: *comment, referencesGranted: *referencesGranted,
				estimatedRows: *estimatedRows, owner: *owner}
			state.relations[key] = rel
		}
		if colName != nil {
			rel.columns = append(rel.columns, column{name: *colName, typ: *colType, notNull: *notNull,
				comment: *colComment, def: *colDefault})
		}
	}
	return state, rows.Err()
}

// maxIdentifierBytes is PostgreSQL's NAMEDATALEN - 1. A longer name would
// be truncated, and the truncated mirror would differ at every refresh.
const maxIdentifierBytes = 63

// typePattern matches a type as format_type writes it, such as
// "numeric(38,9)", "timestamp with time zone" or "geometry(Geometry,4326)[]".
// Type names are written into DDL unquoted, so anything else is replaced
// by text.
var typePattern = regexp.MustCompile(`^[a-z][a-z0-9_ ]*(\([A-Za-z0-9_, ]+\))?( with(out)? time zone)?(\[\])*$`)

// extensionRelations are the relations that postgis creates in public,
// which hide warehouse relations of the same name.
var extensionRelations = map[string]bool{"spatial_ref_sys": true, "geometry_columns": true, "geography_columns": true}

// desiredMirror turns a provider's snapshot into the mirror state it
// describes, leaving out the names that PostgreSQL reserves or would
// truncate, with a warning for each.
func desiredMirror(snap *providers.Snapshot, log *slog.Logger, connection string) *mirrorState {
	state := newState()
	skip := func(what, name string) {
		log.Warn("catalog mirror leaves out an object whose name PostgreSQL cannot take",
			"connection", connection, "object", what, "name", name)
	}
	for _, schema := range snap.Schemas {
		if !validName(schema.Name) || strings.HasPrefix(schema.Name, "pg_") || schema.Name == "information_schema" {
			skip("schema", schema.Name)
			continue
		}
		state.schemas[schema.Name] = schema.Comment
		for _, table := range schema.Tables {
			if !validName(table.Name) || (schema.Name == "public" && extensionRelations[table.Name]) {
				skip("table", schema.Name+"."+table.Name)
				continue
			}
			rel := &relation{view: table.View, comment: table.Comment, estimatedRows: -1}
			if table.RowsEstimated && !table.View {
				// reltuples is a real, so the estimate is rounded as
				// pg_class stores it.
				rel.estimatedRows = float64(float32(table.EstimatedRows))
			}
			seen := map[string]bool{}
			for _, c := range table.Columns {
				if !validName(c.Name) || seen[c.Name] {
					skip("column", schema.Name+"."+table.Name+"."+c.Name)
					continue
				}
				seen[c.Name] = true
				typ := c.Type
				if !typePattern.MatchString(typ) {
					log.Warn("catalog mirror shows a column of an unknown type as text",
						"connection", connection, "column", schema.Name+"."+table.Name+"."+c.Name, "type", typ)
					typ = "text"
				}
				def := ""
				if c.Default != "" && !table.View && defaultFits(typ, c.Default) {
					def = c.Default
				}
				rel.columns = append(rel.columns, column{name: c.Name, typ: typ, notNull: c.NotNull && !table.View,
					comment: c.Comment, def: def})
			}
			if len(table.PrimaryKey) > 0 && !table.View {
				setPrimaryKey(rel, table.PrimaryKey, func() {
					log.Warn("catalog mirror leaves out a primary key whose columns the table lacks",
						"connection", connection, "table", schema.Name+"."+table.Name, "columns", table.PrimaryKey)
				})
			}
			if !table.View {
				setUniqueKeys(rel, table.UniqueKeys, func(columns []string) {
					log.Warn("catalog mirror leaves out a unique constraint whose columns the table lacks",
						"connection", connection, "table", schema.Name+"."+table.Name, "columns", columns)
				})
			}
			state.relations[relationKey{schema.Name, table.Name}] = rel
		}
	}
	return state
}

// setPrimaryKey gives rel the primary key of the named columns, which
// become NOT NULL, as PostgreSQL makes the columns of a primary key. It
// calls invalid instead when a column is missing or named twice.
func setPrimaryKey(rel *relation, names []string, invalid func()) {
	seen := map[string]bool{}
	for _, name := range names {
		found := slices.ContainsFunc(rel.columns, func(c column) bool { return c.name == name })
		if !found || seen[name] {
			invalid()
			return
		}
		seen[name] = true
	}
	for i := range rel.columns {
		if seen[rel.columns[i].name] {
			rel.columns[i].notNull = true
		}
	}
	rel.primaryKey = slices.Clone(names)
}

func validName(name string) bool {
	return name != "" && len(name) <= maxIdentifierBytes && !strings.ContainsRune(name, 0)
}

// planChanges returns the statements that turn the mirror state current
// into desired. Tables are changed in place where PostgreSQL can, so that
// their OIDs, which clients cache, stay the same.
func planChanges(current, desired *mirrorState) []string {
	var plan []string
	for _, schema := range sortedKeys(desired.schemas) {
		comment := desired.schemas[schema]
		old, exists := current.schemas[schema]
		if !exists {
			plan = append(plan, "CREATE SCHEMA "+quoteIdent(schema),
				"GRANT USAGE ON SCHEMA "+quoteIdent(schema)+" TO PUBLIC")
		}
		if comment != old || (!exists && comment != "") {
			plan = append(plan, "COMMENT ON SCHEMA "+quoteIdent(schema)+" IS "+commentLiteral(comment))
		}
	}
	for _, schema := range sortedKeys(current.schemas) {
		if _, keep := desired.schemas[schema]; !keep && schema != "public" {
			plan = append(plan, "DROP SCHEMA "+quoteIdent(schema)+" CASCADE")
		}
	}
	for _, key := range sortedRelations(current.relations) {
		_, schemaKept := desired.schemas[key.schema]
		if _, keep := desired.relations[key]; !keep && (schemaKept || key.schema == "public") {
			plan = append(plan, dropRelation(key, current.relations[key]))
		}
	}
	plan = append(plan, freeIndexNames(current, desired)...)
	var keys []string
	for _, key := range sortedRelations(desired.relations) {
		old, want := current.relations[key], desired.relations[key]
		statements, recreated := planRelation(key, old, want)
		plan = append(plan, statements...)
		plan = append(plan, ownerChange(key, old, want, desired.owner, recreated)...)
		if len(want.primaryKey) > 0 && !want.view && (recreated || !slices.Equal(old.primaryKey, want.primaryKey)) {
			keys = append(keys, addPrimaryKey(key, want.primaryKey))
		}
		if !want.view {
			if recreated {
				old = nil
			}
			keys = append(keys, addUniqueKeys(key, old, want)...)
		}
	}
	// Keys come last, so that PostgreSQL names their indexes after every
	// relation exists and picks names that no relation has.
	return append(plan, keys...)
}

// freeIndexNames drops the primary keys and unique constraints whose
// index has the name of a relation to be created, and removes them from
// current, so that the plan adds them again under another name.
func freeIndexNames(current, desired *mirrorState) []string {
	var plan []string
	for _, key := range sortedRelations(current.relations) {
		rel := current.relations[key]
		if _, tableKept := desired.relations[key]; !tableKept {
			continue
		}
		nameTaken := func(name string) bool {
			index := relationKey{key.schema, name}
			_, taken := desired.relations[index]
			return name != "" && taken && current.relations[index] == nil
		}
		if nameTaken(rel.primaryKeyName) {
			plan = append(plan, "ALTER TABLE "+qualified(key)+" DROP CONSTRAINT "+quoteIdent(rel.primaryKeyName))
			rel.primaryKey, rel.primaryKeyName = nil, ""
		}
		kept := rel.uniqueKeys[:0]
		for _, unique := range rel.uniqueKeys {
			if nameTaken(unique.name) {
				plan = append(plan, "ALTER TABLE "+qualified(key)+" DROP CONSTRAINT "+quoteIdent(unique.name))
				continue
			}
			kept = append(kept, unique)
		}
		rel.uniqueKeys = kept
	}
	return plan
}

func addPrimaryKey(key relationKey, columns []string) string {
	quoted := make([]string, len(columns))
	for i, c := range columns {
		quoted[i] = quoteIdent(c)
	}
	return "ALTER TABLE " + qualified(key) + " ADD PRIMARY KEY (" + strings.Join(quoted, ", ") + ")"
}

// planRelation returns the statements that turn the relation old, nil if
// it does not exist, into want, except adding want's primary key, which
// planChanges does after every relation is made. It reports whether the
// relation is made anew.
func planRelation(key relationKey, old, want *relation) ([]string, bool) {
	if old != nil && old.view == want.view && !want.view {
		if alter, ok := alterTable(key, old, want); ok {
			if !old.referencesGranted {
				alter = append(alter, grantReferences(key))
			}
			return append(alter, commentChanges(key, old, want)...), false
		}
	}
	if old != nil && old.view && want.view && sameColumns(old.columns, want.columns) {
		return commentChanges(key, old, want), false
	}
	var plan []string
	if old != nil {
		plan = append(plan, dropRelation(key, old))
	}
	privileges := "SELECT"
	if !want.view {
		privileges = "SELECT, REFERENCES" // see grantReferences
	}
	plan = append(plan, createRelation(key, want),
		"GRANT "+privileges+" ON "+qualified(key)+" TO PUBLIC")
	return append(plan, commentChanges(key, &relation{view: want.view}, want)...), true
}

// alterTable returns the ALTER TABLE statements that give an existing
// table the desired columns. It reports false when the columns would end
// up in another order than desired, and the table must be made anew.
func alterTable(key relationKey, old, want *relation) ([]string, bool) {
	desiredColumns := map[string]column{}
	for _, c := range want.columns {
		desiredColumns[c.name] = c
	}
	var plan, order []string
	existing := map[string]bool{}
	table := "ALTER TABLE " + qualified(key)
	if old.primaryKeyName != "" && !slices.Equal(old.primaryKey, want.primaryKey) {
		// Dropped first, so that its columns may drop NOT NULL or go.
		plan = append(plan, table+" DROP CONSTRAINT "+quoteIdent(old.primaryKeyName))
	}
	plan = append(plan, dropUniqueKeys(key, old, want)...)
	for _, c := range renamedColumns(old.columns, want.columns, desiredColumns) {
		if c.renamedFrom != "" {
			plan = append(plan, table+" RENAME COLUMN "+quoteIdent(c.renamedFrom)+" TO "+quoteIdent(c.name))
		}
		w, keep := desiredColumns[c.name]
		if !keep {
			plan = append(plan, table+" DROP COLUMN "+quoteIdent(c.name))
			continue
		}
		existing[c.name] = true
		order = append(order, c.name)
		plan = append(plan, dropDefault(table, c.column, w)...)
		if w.typ != c.typ {
			plan = append(plan, table+" ALTER COLUMN "+quoteIdent(c.name)+" TYPE "+w.typ+" USING NULL")
		}
		plan = append(plan, setDefault(table, c.column, w)...)
		if w.notNull != c.notNull {
			action := " DROP NOT NULL"
			if w.notNull {
				action = " SET NOT NULL"
			}
			plan = append(plan, table+" ALTER COLUMN "+quoteIdent(c.name)+action)
		}
	}
	for _, c := range want.columns {
		if !existing[c.name] {
			plan = append(plan, table+" ADD COLUMN "+columnDefinition(c))
			order = append(order, c.name)
		}
	}
	for i, c := range want.columns {
		if order[i] != c.name {
			return nil, false
		}
	}
	return plan, true
}

func sameColumns(a, b []column) bool {
	return slices.EqualFunc(a, b, func(x, y column) bool { return x.name == y.name && x.typ == y.typ })
}

func createRelation(key relationKey, rel *relation) string {
	if rel.view {
		// The view returns no rows; its query only gives the columns their
		// names and types.
		targets := make([]string, len(rel.columns))
		for i, c := range rel.columns {
			targets[i] = "NULL::" + c.typ + " AS " + quoteIdent(c.name)
		}
		return "CREATE VIEW " + qualified(key) + " AS SELECT " + strings.Join(targets, ", ") + " WHERE false"
	}
	definitions := make([]string, len(rel.columns))
	for i, c := range rel.columns {
		definitions[i] = columnDefinition(c)
	}
	return "CREATE TABLE " + qualified(key) + " (" + strings.Join(definitions, ", ") + ")"
}

func columnDefinition(c column) string {
	definition := quoteIdent(c.name) + " " + c.typ
	if c.def != "" {
		definition += " DEFAULT " + c.def
	}
	if c.notNull {
		definition += " NOT NULL"
	}
	return definition
}

func dropRelation(key relationKey, rel *relation) string {
	if rel.view {
		return "DROP VIEW " + qualified(key) + " CASCADE"
	}
	return "DROP TABLE " + qualified(key) + " CASCADE"
}

// commentChanges returns the COMMENT statements for the comments of want
// that differ from those of old. old's columns are matched by name.
func commentChanges(key relationKey, old, want *relation) []string {
	var plan []string
	kind := "TABLE"
	if want.view {
		kind = "VIEW"
	}
	if old.comment != want.comment {
		plan = append(plan, "COMMENT ON "+kind+" "+qualified(key)+" IS "+commentLiteral(want.comment))
	}
	oldComments := map[string]string{}
	for _, c := range old.columns {
		oldComments[c.name] = c.comment
	}
	for _, c := range want.columns {
		if oldComments[c.name] != c.comment {
			plan = append(plan, "COMMENT ON COLUMN "+qualified(key)+"."+quoteIdent(c.name)+" IS "+commentLiteral(c.comment))
		}
	}
	return plan
}

func qualified(key relationKey) string {
	return quoteIdent(key.schema) + "." + quoteIdent(key.name)
}

// commentLiteral returns the comment as a string constant, or NULL, which
// removes a comment, for an empty one.
func commentLiteral(comment string) string {
	if comment == "" {
		return "NULL"
	}
	return quoteLiteral(strings.ReplaceAll(comment, "\x00", ""))
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedRelations(m map[relationKey]*relation) []relationKey {
	keys := make([]relationKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b relationKey) int {
		if c := strings.Compare(a.schema, b.schema); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	return keys
}
