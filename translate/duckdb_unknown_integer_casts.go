package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// readUnknownTextAsInteger rewrites a cast to smallint, integer or
// bigint of a column whose type pgway does not know, such as a
// temporary table's. A text value is then read as PostgreSQL reads text,
// where DuckDB would round '2.5' to 3 or read '1e3' as 1000:
//
//	CASE WHEN typeof(c) = 'VARCHAR' THEN pgway_text_int4(c::varchar) ELSE c::int4 END
//
// A column of a known type is cast to it first (typeColumns), and
// textToInteger checks a cast of text. It applies only where pgway has
// the warehouse's column types, since without them every column would
// take this form.
func readUnknownTextAsInteger(stmt *pg.Node, types map[*pg.ColumnRef]string, rel *Relations) {
	if rel == nil {
		return
	}
	walkNode(stmt, func(n *pg.Node) error {
		tc := n.GetTypeCast()
		if tc == nil || len(tc.TypeName.GetArrayBounds()) > 0 {
			return nil
		}
		ref := tc.Arg.GetColumnRef()
		name := lastName(tc.TypeName.GetNames())
		if ref == nil || types[ref] != "" || integerWidths[name] == 0 {
			return nil
		}
		loc := tc.Location
		column := tc.Arg
		isText := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP,
			Name: []*pg.Node{pg.MakeStrNode("=")}, Lexpr: funcCall("typeof", loc, cloneNode(column)),
			Rexpr: pg.MakeAConstStrNode("VARCHAR", loc), Location: loc}}}
		fromText := funcCall("pgway_text_"+name, loc, typeCast(cloneNode(column), "varchar", loc))
		tc.Arg = caseWhen(isText, fromText, typeCast(column, name, loc), loc)
		return nil
	})
}
