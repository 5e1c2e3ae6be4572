package translate

import (
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Relations are the column types of a warehouse's tables and views, as
// PostgreSQL clients see them. With them, a dialect gives a column the
// PostgreSQL semantics of its type where the statement does not show the
// type. For example, a double precision column cast to text is written
// as PostgreSQL writes it. A column whose relation is missing has no
// known type, and translates as it would without Relations.
type Relations struct {
	// id distinguishes the Relations of one connection at different
	// times, and of different connections, in the rewrite cache.
	id string
	// tables holds the relations by lower-case schema and table name, as
	// DuckDB, which is case-insensitive, resolves them.
	tables map[relationKey]*relationType
	// hidden are lower-case names of temporary relations, which hide the
	// relations of their names where a statement does not name the
	// schema.
	hidden map[string]bool
	// temporary holds the temporary relations of hidden whose columns are
	// known, by lower-case name.
	temporary map[string]*relationType
	// path are the lower-case schemas in which a name without a schema is
	// looked up, in order: public when nil.
	path []string
	// catalog is the DuckDB database that holds the relations, which
	// qualifies public's names (see publicToMain); empty when unknown.
	catalog string
	// macros are the lower-case names of the warehouse's own functions
	// that a call may name (SetMacros).
	macros map[string]bool
	// keyed are the tables that have a unique key (SetUniqueKeys), nil
	// when they are not known.
	keyed map[relationKey]bool
	// primaryKeys are the lower-case columns of each table's primary key
	// (SetPrimaryKeys).
	primaryKeys map[relationKey][]string
}

// SetCatalog records the name of the warehouse database that holds the
// relations. Call it before r is shared.
func (r *Relations) SetCatalog(name string) {
	r.catalog = name
}

type relationKey struct{ schema, table string }

// relationType is the result columns of a relation, in order.
type relationType struct {
	// schema and name are a warehouse relation's names in their case.
	schema, name string
	columns      []typedColumn
	// opaque is set when the columns are not known, as for a table
	// function or a relation missing from Relations.
	opaque bool
}

// typedColumn is a column and its type, in the names of typeNameOf
// ("float8", "int4", "text"), empty when unknown.
type typedColumn struct {
	name, typ string
	// spelled is a warehouse column's name in its case.
	spelled string
	// element is the type of a one-dimensional array column's elements,
	// in the names of typ.
	element string
	// varcharLength is n of a varchar(n) column, whose typ is text, and 0
	// for other columns.
	varcharLength int64
	// geometry is set for a PostGIS geometry column, whose typ is empty.
	geometry bool
	// geometryCRS is the CRS of a geometry column whose type has one,
	// such as EPSG:4326, and "" for other columns.
	geometryCRS string
	// timeType and timePrecision are the type name (timestamp,
	// timestamptz, time or timetz) and p of a column of that type(p) with
	// p below 6 (SetTimePrecisions). timeType is empty for other columns.
	timeType      string
	timePrecision int64
}

// RelationColumn is one column of a relation given to NewRelations.
type RelationColumn struct {
	Name string
	// Type is the column's PostgreSQL type as format_type writes it, such
	// as "double precision" or "timestamp with time zone".
	Type string
}

var relationsCount atomic.Uint64

// NewRelations returns the Relations of tables, which holds the columns
// of each relation by schema and name, in the names PostgreSQL clients
// see: the warehouse's default schema is public. Each call returns
// Relations with a new identity, so a dialect with them caches its
// rewrites apart from one with the Relations of another call.
func NewRelations(tables map[[2]string][]RelationColumn) *Relations {
	r := &Relations{id: "rel" + strconv.FormatUint(relationsCount.Add(1), 10),
		tables: make(map[relationKey]*relationType, len(tables))}
	for name, columns := range tables {
		r.tables[relationKey{strings.ToLower(name[0]), strings.ToLower(name[1])}] = newRelationType(name[0], name[1], columns)
	}
	return r
}

// newRelationType returns the relation schema.name of columns.
func newRelationType(schema, name string, columns []RelationColumn) *relationType {
	rel := &relationType{schema: schema, name: name, columns: make([]typedColumn, len(columns))}
	for i, c := range columns {
		rel.columns[i] = typedColumn{name: strings.ToLower(c.Name), typ: formattedTypeName(c.Type), spelled: c.Name,
			element: arrayElementName(c.Type), varcharLength: formattedVarcharLength(c.Type),
			geometry: c.Type == "geometry" || strings.HasPrefix(c.Type, "geometry("), geometryCRS: formattedGeometryCRS(c.Type)}
		if timeType, p, withoutP, ok := formattedTimePrecision(c.Type); ok {
			column := &rel.columns[i]
			column.typ, column.timeType, column.timePrecision = formattedTypeName(withoutP), timeType, p
		}
	}
	return rel
}

// lookup returns the relation schema.table, with the default schema when
// schema is empty, or nil when Relations do not have it.
func (r *Relations) lookup(schema, table string) *relationType {
	if r == nil {
		return nil
	}
	table = strings.ToLower(table)
	if schema == "pg_temp" {
		return r.temporary[table]
	}
	if schema != "" {
		return r.tables[relationKey{strings.ToLower(schema), table}]
	}
	if r.hidden[table] {
		return r.temporary[table]
	}
	if r.path == nil {
		return r.tables[relationKey{"public", table}]
	}
	for _, schema := range r.path {
		if rel := r.tables[relationKey{schema, table}]; rel != nil {
			return rel
		}
	}
	return nil
}

// Finds reports whether r has the relation schema.name, or name in the
// schemas of search_path when schema is empty, in the case of the names.
// known is false when r cannot tell, as for the name of a session's
// temporary relation.
func (r *Relations) Finds(schema, name string) (found, known bool) {
	if r == nil || schema == "" && r.hidden[strings.ToLower(name)] || schema == "pg_temp" {
		return false, false
	}
	rel := r.lookup(schema, name)
	if rel == nil {
		return false, true
	}
	return rel.name == name && (schema == "" || rel.schema == schema), true
}

// Resolving returns Relations like r in which names without a schema are
// looked up in the schemas of path in order: those of search_path that
// exist, and pg_temp where search_path names it.
// The temporary relations hidden, which a session created, hide the
// relations of those names. Those in temporary, which holds the columns
// of the warehouse's temporary tables by their names, have those columns;
// the others have no known columns. The result has an identity of its
// own, as NewRelations gives.
func (r *Relations) Resolving(path, hidden []string, temporary map[string][]RelationColumn) *Relations {
	out := &Relations{id: "rel" + strconv.FormatUint(relationsCount.Add(1), 10), tables: r.tables,
		hidden: make(map[string]bool, len(hidden)), path: make([]string, len(path)), catalog: r.catalog, macros: r.macros,
		keyed: r.keyed, primaryKeys: r.primaryKeys}
	for _, name := range hidden {
		out.hidden[strings.ToLower(name)] = true
	}
	for name, columns := range temporary {
		if lower := strings.ToLower(name); out.hidden[lower] {
			if out.temporary == nil {
				out.temporary = map[string]*relationType{}
			}
			out.temporary[lower] = newRelationType("pg_temp", name, columns)
		}
	}
	for i, schema := range path {
		out.path[i] = strings.ToLower(schema)
	}
	return out
}

// formattedTypes are the types that Relations distinguish, by how
// format_type writes them. Other types are kept as unknown.
var formattedTypes = map[string]string{
	"double precision":            "float8",
	"real":                        "float4",
	"smallint":                    "int2",
	"integer":                     "int4",
	"bigint":                      "int8",
	"numeric":                     "numeric",
	"text":                        "text",
	"character varying":           "text",
	"boolean":                     "bool",
	"date":                        "date",
	"timestamp without time zone": "timestamp",
	"timestamp with time zone":    "timestamptz",
	"time without time zone":      "time",
	"interval":                    "interval",
	"bytea":                       "bytea",
	"jsonb":                       "jsonb",
}

// formattedTypeName returns the name typeNameOf uses for a type as
// format_type writes it, ignoring its modifiers: "numeric(10,2)" is
// numeric, "character varying(20)" text. A one-dimensional array of such
// a type is its name with [], such as text[]. It is empty for other types.
func formattedTypeName(formatted string) string {
	if strings.HasSuffix(formatted, "]") {
		if element := arrayElementName(formatted); element != "" {
			return element + "[]"
		}
		return ""
	}
	base, modifiers, _ := strings.Cut(formatted, "(")
	name := formattedTypes[strings.TrimSpace(base)]
	if name == "numeric" && numericModifiers.MatchString(modifiers) {
		// numeric(10,2) keeps its precision and scale, which a cast to
		// the column's type needs.
		return "numeric(" + strings.ReplaceAll(modifiers, " ", "")
	}
	return name
}

// arrayElementName returns the name formattedTypeName gives the element
// of a one-dimensional array type as format_type writes it, such as int4
// for "integer[]", or "" for another type.
func arrayElementName(formatted string) string {
	element, ok := strings.CutSuffix(formatted, "[]")
	if !ok || strings.HasSuffix(element, "]") {
		return ""
	}
	return formattedTypeName(element)
}

// numericModifiers are the precision and scale of numeric(p,s), after
// the opening parenthesis.
var numericModifiers = regexp.MustCompile(`^[0-9]+, ?[0-9]+\)$`)

// numericTypmods returns the precision and scale of a type name
// numeric(p,s) that formattedTypeName returns.
func numericTypmods(typ string) (precision, scale int64, ok bool) {
	inner, found := strings.CutPrefix(typ, "numeric(")
	if !found {
		return 0, 0, false
	}
	p, s, _ := strings.Cut(strings.TrimSuffix(inner, ")"), ",")
	precision, err1 := strconv.ParseInt(p, 10, 32)
	scale, err2 := strconv.ParseInt(s, 10, 32)
	return precision, scale, err1 == nil && err2 == nil
}

// castTypeNames are the types that a cast's type name gives its result,
// by the name the parser writes, in the names of formattedTypes.
var castTypeNames = map[string]string{
	"float8": "float8", "float4": "float4", "int2": "int2", "int4": "int4", "int8": "int8",
	"numeric": "numeric", "text": "text", "varchar": "text", "bool": "bool", "date": "date",
	"timestamp": "timestamp", "timestamptz": "timestamptz", "interval": "interval", "time": "time",
}

// WithRelations returns d with the column types rel, for a dialect that
// uses them (DuckDB's), and d itself for the others.
func WithRelations(d Dialect, rel *Relations) Dialect {
	duck, ok := d.(*duckDB)
	if !ok || duck.caps.Relations == rel {
		return d
	}
	caps := duck.caps
	caps.Relations = rel
	return DuckDB(caps)
}

// createdTemporary returns the name of the temporary table or view that
// stmt creates, or "".
func createdTemporary(stmt *pg.Node) string {
	var rel *pg.RangeVar
	switch v := stmt.GetNode().(type) {
	case *pg.Node_CreateStmt:
		rel = v.CreateStmt.Relation
	case *pg.Node_ViewStmt:
		rel = v.ViewStmt.View
	case *pg.Node_CreateTableAsStmt:
		rel = v.CreateTableAsStmt.GetInto().GetRel()
	}
	if rel.GetRelpersistence() != "t" {
		return ""
	}
	return rel.Relname
}
