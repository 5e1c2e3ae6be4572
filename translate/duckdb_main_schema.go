package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkMainSchema fails as PostgreSQL does for a name in the schema main.
// DuckDB's default schema main is pgway's public (see publicToMain), and
// PostgreSQL has no schema main: without this check main.t would name
// public.t.
func checkMainSchema(stmt *pg.Node) error {
	var err error
	created := map[*pg.RangeVar]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.CreateStmt:
			created[v.Relation] = true
		case *pg.CreateTableAsStmt:
			created[v.GetInto().GetRel()] = true
		case *pg.ViewStmt:
			created[v.View] = true
		case *pg.RangeVar:
			if v.Schemaname != "main" || v.Catalogname != "" {
				return
			}
			if created[v] {
				err = &Error{Code: "3F000", Message: `schema "main" does not exist`, Position: int(v.Location) + 1}
				return
			}
			err = &Error{Code: "42P01", Message: `relation "main.` + v.Relname + `" does not exist`, Position: int(v.Location) + 1}
		case *pg.FuncCall:
			if len(v.Funcname) == 2 && schemaOf(v.Funcname) == "main" {
				err = &Error{Code: "3F000", Message: `schema "main" does not exist`, Position: int(v.Location) + 1}
			}
		}
	})
	return err
}
