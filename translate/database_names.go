package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// databaseName is a name qualified with a database, such as
// carto_dw.public.cities, which PostgreSQL accepts only when the database
// is the current one.
type databaseName struct {
	database string
	// name is the whole name as PostgreSQL's error writes it.
	name string
	// location is the name's byte offset in the query string, -1 when
	// unknown.
	location int32
}

// stripDatabaseNames removes the database from the qualified names of
// stmt, of relations, columns, functions and types, and returns them. DuckDB's
// own databases, system and temp, stay for checkInternalFunctions. The database
// is the client's, a connection, and a DuckDB warehouse has no database
// of that name: whether the name is the session's is checked when the
// statement is rendered for a session (checkDatabaseNames), since
// translations are shared between databases.
func stripDatabaseNames(stmt *pg.Node) []databaseName {
	var out []databaseName
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeVar:
			if v.Catalogname == "" || internalCatalogs[strings.ToLower(v.Catalogname)] {
				return
			}
			out = append(out, databaseName{v.Catalogname, `"` + v.Catalogname + "." + v.Schemaname + "." + v.Relname + `"`, v.Location})
			v.Catalogname = ""
		case *pg.ColumnRef:
			if len(v.Fields) != 4 {
				return
			}
			out = append(out, databaseName{v.Fields[0].GetString_().GetSval(), fieldsText(v.Fields), v.Location})
			v.Fields = v.Fields[1:]
		case *pg.FuncCall:
			if len(v.Funcname) == 3 {
				out = append(out, databaseName{v.Funcname[0].GetString_().GetSval(), fieldsText(v.Funcname), v.Location})
				v.Funcname = v.Funcname[1:]
			}
		case *pg.TypeName:
			if len(v.Names) == 3 {
				// PostgreSQL's error gives no position for a type.
				out = append(out, databaseName{v.Names[0].GetString_().GetSval(), fieldsText(v.Names), -1})
				v.Names = v.Names[1:]
			}
		case *pg.DropStmt:
			for _, object := range v.Objects {
				list := object.GetList()
				if len(list.GetItems()) != 3 {
					continue
				}
				out = append(out, databaseName{list.Items[0].GetString_().GetSval(), `"` + fieldsText(list.Items) + `"`, -1})
				list.Items = list.Items[1:]
			}
		}
	})
	return out
}

// fieldsText writes the parts of a qualified name, * for A_Star.
func fieldsText(fields []*pg.Node) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		if f.GetAStar() != nil {
			parts[i] = "*"
		} else {
			parts[i] = f.GetString_().GetSval()
		}
	}
	return strings.Join(parts, ".")
}

// checkDatabaseNames fails as PostgreSQL does for a name qualified with
// a database other than the session's.
func checkDatabaseNames(names []databaseName, s *Session) error {
	for _, n := range names {
		if s == nil || n.database != s.Database {
			return &Error{
				Code:     CodeFeatureNotSupported,
				Message:  "cross-database references are not implemented: " + n.name,
				Position: int(n.location) + 1,
			}
		}
	}
	return nil
}
