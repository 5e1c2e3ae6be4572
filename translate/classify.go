package translate

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Kind says where a statement runs.
type Kind int

const (
	// KindWarehouse statements run on the warehouse, rewritten to its dialect.
	KindWarehouse Kind = iota + 1
	// KindCatalog statements reference only pg_catalog and
	// information_schema relations or catalog functions. They run unchanged
	// on the catalog database.
	KindCatalog
	// KindSession statements are commands that pgway runs itself.
	KindSession
)

func (k Kind) String() string {
	switch k {
	case KindWarehouse:
		return "warehouse"
	case KindCatalog:
		return "catalog"
	case KindSession:
		return "session"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// catalogSchemas are the schemas whose relations the catalog database
// serves.
var catalogSchemas = map[string]bool{"pg_catalog": true, "information_schema": true}

// catalogFunctions are functions, besides those named pg_*, that read the
// catalog or change session state, so only the catalog database can run them.
var catalogFunctions = map[string]bool{
	"format_type": true, "obj_description": true, "col_description": true,
	"shobj_description": true, "current_schemas": true, "set_config": true,
	"has_table_privilege": true, "has_schema_privilege": true,
	"has_database_privilege": true, "has_column_privilege": true,
	"has_any_column_privilege": true, "has_function_privilege": true,
	"has_sequence_privilege": true, "has_type_privilege": true,
	"to_regclass": true, "to_regtype": true, "to_regproc": true,
	"to_regnamespace": true, "to_regrole": true, "txid_current": true,
	"inet_server_addr": true, "inet_server_port": true, "inet_client_addr": true,
	"row_security_active": true,
	// PostGIS's version functions and find_srid() describe the PostGIS
	// installation and its geometry_columns view, which the catalog
	// database has and a warehouse does not.
	"postgis_version": true, "postgis_lib_version": true, "postgis_full_version": true,
	"postgis_geos_version": true, "postgis_proj_version": true, "postgis_scripts_installed": true,
	"find_srid": true,
}

// postgisViews are the views and table that PostGIS creates in the schema
// it is installed in, which the catalog database serves.
// NOTE: a warehouse table of one of these names is hidden behind the
// catalog's view.
var postgisViews = map[string]bool{
	"geometry_columns": true, "geography_columns": true, "spatial_ref_sys": true, "raster_columns": true,
}

// catalogTypes are the object identifier types, whose casts look up the
// catalog.
var catalogTypes = map[string]bool{
	"oid": true, "regclass": true, "regtype": true, "regproc": true,
	"regprocedure": true, "regoper": true, "regoperator": true,
	"regnamespace": true, "regrole": true, "regconfig": true, "regdictionary": true,
	"regcollation": true,
}

// references are the relations and catalog functions that a statement
// names, each with its first location.
type references struct {
	catalog, warehouse       string
	catalogAt, warehAt       int32
	hasWarehouse, hasCatalog bool
	// unqualified is the first warehouse relation named without a
	// schema, which search_path would resolve.
	unqualified string
	// hasTypeOf and typeOfAt record the first call of pg_typeof(). A
	// statement that calls it and references no relation runs on the
	// catalog database, except on DuckDB where the dialect can fold
	// every call (see translateOne).
	hasTypeOf bool
	typeOfAt  int32
}

// isCatalogFunction reports whether a function, by its qualified name,
// runs only on the catalog database.
func isCatalogFunction(funcname []*pg.Node) bool {
	name := lastName(funcname)
	if schema := schemaOf(funcname); schema != "" && schema != "pg_catalog" {
		return false
	}
	return strings.HasPrefix(name, "pg_") || catalogFunctions[name]
}

func isCatalogRelation(rv *pg.RangeVar) bool {
	if postgisViews[rv.Relname] && (rv.Schemaname == "" || rv.Schemaname == "public") {
		return true
	}
	if rv.Schemaname != "" {
		return catalogSchemas[rv.Schemaname]
	}
	// pg_catalog comes first in every search_path, so an unqualified pg_*
	// name resolves to a catalog relation.
	return strings.HasPrefix(rv.Relname, "pg_")
}

// collectReferences walks stmt and records what it references.
func collectReferences(stmt *pg.Node) *references {
	refs := &references{}
	refs.walk(stmt.ProtoReflect(), nil)
	return refs
}

// walk records the references of m and the messages inside it. ctes are
// the names of the WITH queries in scope, which an unqualified relation
// name refers to instead of a table.
func (r *references) walk(m protoreflect.Message, ctes map[string]bool) {
	switch v := m.Interface().(type) {
	case *pg.RangeVar:
		if v.Schemaname == "" && ctes[v.Relname] {
			return
		}
		r.addRelation(v)
	case *pg.FuncCall:
		if isTypeOfCall(v) {
			// The warehouse's dialect folds pg_typeof() where the
			// statement shows its argument's type (kindOf).
			if !r.hasTypeOf {
				r.hasTypeOf, r.typeOfAt = true, v.Location
			}
		} else if isCatalogFunction(v.Funcname) && !isSessionFunction(v) {
			r.addCatalog(strings.Join(names(v.Funcname), ".")+"()", v.Location)
		}
	case *pg.CommentStmt:
		// COMMENT names its relation as a list of names.
		if rv := commentedRelation(v); rv != nil {
			r.addRelation(rv)
		}
	case *pg.TypeCast:
		if tn := v.TypeName; tn != nil && catalogTypes[lastName(tn.Names)] {
			r.addCatalog("::"+lastName(tn.Names), v.Location)
		}
	}
	if with := withClause(m.Interface()); with != nil {
		ctes, _ = withScope(with, ctes, func(query protoreflect.Message, scope map[string]bool) error {
			r.walk(query, scope)
			return nil
		})
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Name() == "with_clause":
			// withScope has walked it.
		case fd.IsList():
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				r.walk(list.Get(i).Message(), ctes)
			}
		default:
			r.walk(v.Message(), ctes)
		}
		return true
	})
}

// withClause returns the WITH clause of a statement, nil for none.
func withClause(m protoreflect.ProtoMessage) *pg.WithClause {
	switch v := m.(type) {
	case *pg.SelectStmt:
		return v.WithClause
	case *pg.InsertStmt:
		return v.WithClause
	case *pg.UpdateStmt:
		return v.WithClause
	case *pg.DeleteStmt:
		return v.WithClause
	case *pg.MergeStmt:
		return v.WithClause
	}
	return nil
}

func (r *references) addRelation(rv *pg.RangeVar) {
	if isCatalogRelation(rv) {
		r.addCatalog(qualifiedName(rv), rv.Location)
		return
	}
	if !r.hasWarehouse {
		r.hasWarehouse, r.warehouse, r.warehAt = true, qualifiedName(rv), rv.Location
	}
	if r.unqualified == "" && rv.Schemaname == "" && rv.Catalogname == "" {
		r.unqualified = rv.Relname
	}
}

func (r *references) addCatalog(name string, location int32) {
	if !r.hasCatalog {
		r.hasCatalog, r.catalog, r.catalogAt = true, name, location
	}
}

func qualifiedName(rv *pg.RangeVar) string {
	if rv.Schemaname != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

// kindOf decides where a statement that is not a session command runs.
func (r *references) kindOf() (Kind, error) {
	switch {
	case r.hasCatalog && r.hasWarehouse:
		at := max(r.catalogAt, r.warehAt)
		return 0, &Error{
			Code: CodeFeatureNotSupported,
			Message: fmt.Sprintf("a statement that references both the catalog (%s) and warehouse relations (%s) is not supported",
				r.catalog, r.warehouse),
			Hint:     "Query the catalog and the warehouse in separate statements.",
			Position: int(at) + 1,
		}
	case r.hasCatalog:
		return KindCatalog, nil
	}
	return KindWarehouse, nil
}

// statementNames are the SQL names of the statement node types whose
// names are not the statement's words.
var statementNames = map[string]string{
	"Index": "CREATE INDEX", "CreateSeq": "CREATE SEQUENCE", "AlterSeq": "ALTER SEQUENCE",
	"CreateEnum": "CREATE TYPE", "CompositeType": "CREATE TYPE", "CreateTrig": "CREATE TRIGGER",
	"Rename": "ALTER ... RENAME", "CreateTableAs": "CREATE TABLE AS", "CreatePLang": "CREATE LANGUAGE",
}

// statementName returns the SQL name of a statement node type, such as
// "CREATE FUNCTION" for CreateFunctionStmt.
func statementName(stmt *pg.Node) string {
	t := reflect.TypeOf(stmt.Node)
	if t == nil {
		return "empty statement"
	}
	name := strings.TrimSuffix(strings.TrimPrefix(t.Elem().Name(), "Node_"), "Stmt")
	if sql, ok := statementNames[name]; ok {
		return sql
	}
	var words []string
	start := 0
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			words = append(words, name[start:i])
			start = i
		}
	}
	words = append(words, name[start:])
	return strings.ToUpper(strings.Join(words, " "))
}
