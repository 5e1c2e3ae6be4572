package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB looks a name without a schema up in the temporary relations
// first, then in its search_path, which the warehouse session sets to the
// schemas of PostgreSQL's search_path that exist (or to its default
// schema when none does), and it matches WITH query names in any case.
// checkNames makes each name of a statement find what PostgreSQL finds,
// or rejects the statement, where these lookups differ:
//   - a name that differs only in case from a WITH query's names a
//     relation in PostgreSQL and the WITH query in DuckDB: 0A000;
//   - when no schema of search_path exists, PostgreSQL finds only the
//     temporary relations, which the name is then qualified to, and
//     creates nothing without a schema: 3F000;
//   - with pg_temp first in search_path, CREATE without a schema creates
//     a temporary relation, as CREATE of pg_temp.t does;
//   - with pg_temp after another schema, a temporary relation's name may
//     name a relation of that schema in PostgreSQL: 0A000.
//
// r's path says which schemas exist; without it (nil r, or r without a
// search_path) only WITH names are checked.
func checkNames(stmt *pg.Node, r *Relations) error {
	created := createdRelations(stmt)
	withNames := map[string]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if cte, ok := msg.(*pg.CommonTableExpr); ok {
			withNames[cte.Ctename] = true
		}
	})
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.RangeVar:
			if created[v] && v.Schemaname == "pg_temp" && v.Catalogname == "" {
				// CREATE TABLE pg_temp.t creates a temporary table.
				v.Schemaname, v.Relpersistence = "", "t"
				return
			}
			if v.Schemaname != "" || v.Catalogname != "" {
				return
			}
			if created[v] {
				err = r.checkCreate(v)
				return
			}
			if withNames[v.Relname] {
				return
			}
			for name := range withNames {
				if strings.EqualFold(name, v.Relname) {
					err = unsupportedf(v.Location,
						"relation %q named like the WITH query %q in another case is not supported on this warehouse", v.Relname, name)
					return
				}
			}
			err = r.checkReference(v)
		case *pg.DropStmt:
			err = r.checkDropNames(v)
		}
	})
	return err
}

// createdRelations returns the relations that stmt creates.
func createdRelations(stmt *pg.Node) map[*pg.RangeVar]bool {
	created := map[*pg.RangeVar]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.CreateStmt:
			created[v.Relation] = true
		case *pg.ViewStmt:
			created[v.View] = true
		case *pg.CreateSeqStmt:
			created[v.Sequence] = true
		case *pg.IntoClause:
			created[v.Rel] = true
		}
	})
	delete(created, nil)
	return created
}

// hasSchema reports whether a schema of search_path other than pg_temp
// exists. It is true when r does not know search_path.
func (r *Relations) hasSchema() bool {
	if r == nil || r.path == nil {
		return true
	}
	for _, schema := range r.path {
		if schema != "pg_temp" {
			return true
		}
	}
	return false
}

// temporaryAfterSchema reports whether search_path names pg_temp after a
// schema that exists.
func (r *Relations) temporaryAfterSchema() bool {
	if r == nil {
		return false
	}
	for i, schema := range r.path {
		if schema == "pg_temp" {
			return i > 0
		}
	}
	return false
}

// checkCreate checks rel, a relation that a statement creates without a
// schema, and makes it temporary when pg_temp comes first in search_path.
func (r *Relations) checkCreate(rel *pg.RangeVar) error {
	if rel.Relpersistence == "t" || r == nil || r.path == nil {
		return nil
	}
	if len(r.path) > 0 && r.path[0] == "pg_temp" {
		rel.Relpersistence = "t"
		return nil
	}
	if !r.hasSchema() {
		return &Error{Code: "3F000", Message: "no schema has been selected to create in", Position: int(rel.Location) + 1}
	}
	return nil
}

// checkReference checks rel, a name without a schema that a statement
// reads or changes.
func (r *Relations) checkReference(rel *pg.RangeVar) error {
	if r == nil {
		return nil
	}
	temporary := r.hidden[strings.ToLower(rel.Relname)]
	switch {
	case temporary && r.temporaryAfterSchema():
		return r.temporaryAfterSchemaError(rel.Relname, rel.Location)
	case r.hasSchema():
		return nil
	case temporary:
		rel.Catalogname, rel.Schemaname = "temp", "main"
		return nil
	}
	return &Error{Code: "42P01", Message: "relation \"" + rel.Relname + "\" does not exist", Position: int(rel.Location) + 1}
}

func (r *Relations) temporaryAfterSchemaError(name string, location int32) error {
	return &Error{Code: CodeFeatureNotSupported,
		Message:  "temporary relation \"" + name + "\" with pg_temp after other schemas in search_path is not supported on this warehouse",
		Hint:     "Name its schema, or put pg_temp first in search_path.",
		Position: int(location) + 1}
}

// droppedKinds are the words of PostgreSQL's errors for the kinds of
// relations that DROP names.
var droppedKinds = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_TABLE:    "table",
	pg.ObjectType_OBJECT_VIEW:     "view",
	pg.ObjectType_OBJECT_SEQUENCE: "sequence",
	pg.ObjectType_OBJECT_INDEX:    "index",
	pg.ObjectType_OBJECT_MATVIEW:  "materialized view",
}

// checkDropNames checks the relations without a schema that DROP names.
// When no schema of search_path exists they are looked up among the
// temporary relations only.
func (r *Relations) checkDropNames(drop *pg.DropStmt) error {
	kind, ok := droppedKinds[drop.RemoveType]
	if !ok || r == nil {
		return nil
	}
	for _, object := range drop.Objects {
		list := object.GetList()
		if len(list.GetItems()) != 1 {
			continue
		}
		name := list.Items[0].GetString_().GetSval()
		temporary := r.hidden[strings.ToLower(name)]
		switch {
		case temporary && r.temporaryAfterSchema():
			return r.temporaryAfterSchemaError(name, -1)
		case r.hasSchema():
		case temporary || drop.MissingOk:
			list.Items = qualifiedNames("temp", "main", list.Items[0])
		case drop.RemoveType == pg.ObjectType_OBJECT_INDEX:
			return &Error{Code: "42704", Message: kind + " \"" + name + "\" does not exist"}
		default:
			return &Error{Code: "42P01", Message: kind + " \"" + name + "\" does not exist"}
		}
	}
	return nil
}
