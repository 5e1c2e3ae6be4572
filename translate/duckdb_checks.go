package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkLocking rejects SELECT ... FOR UPDATE and its kin, as DuckDB has
// no row locks.
func checkLocking(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if sel, ok := msg.(*pg.SelectStmt); ok && err == nil && len(sel.LockingClause) > 0 {
			strength := sel.LockingClause[0].GetLockingClause().GetStrength()
			err = unsupported("SELECT ... "+lockStrengths[strength], 0, "DuckDB has no row locks.")
		}
	})
	return err
}

// checkOnCommit rejects ON COMMIT DROP and ON COMMIT DELETE ROWS of a
// temporary table, whose rows DuckDB and Snowflake keep for the session.
func checkOnCommit(stmt *pg.Node) error {
	create := stmt.GetCreateStmt()
	switch {
	case create == nil:
		return nil
	case create.Oncommit == pg.OnCommitAction_ONCOMMIT_DROP:
		return unsupported("ON COMMIT DROP", create.Relation.GetLocation(), "")
	case create.Oncommit == pg.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		return unsupported("ON COMMIT DELETE ROWS", create.Relation.GetLocation(), "")
	}
	return nil
}

// lockStrengths are the locking clauses of SELECT as PostgreSQL writes
// them.
var lockStrengths = map[pg.LockClauseStrength]string{
	pg.LockClauseStrength_LCS_FORKEYSHARE: "FOR KEY SHARE", pg.LockClauseStrength_LCS_FORSHARE: "FOR SHARE",
	pg.LockClauseStrength_LCS_FORNOKEYUPDATE: "FOR NO KEY UPDATE", pg.LockClauseStrength_LCS_FORUPDATE: "FOR UPDATE",
}

// checkDrop rejects DROP of several objects, which DuckDB and Snowflake
// cannot run.
func checkDrop(stmt *pg.Node) error {
	if d := stmt.GetDropStmt(); d != nil && len(d.Objects) > 1 {
		return unsupported("DROP of several objects in one statement", 0, "Drop them one at a time.")
	}
	return nil
}

// checkReturning rejects a RETURNING list of UPDATE ... FROM or DELETE
// ... USING that names a table of the FROM or USING list, or is *. DuckDB
// binds RETURNING to the target table only: a column of another table
// fails to bind, and * leaves out the other tables' columns, which
// PostgreSQL's RETURNING * includes.
func checkReturning(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		var target *pg.RangeVar
		var from, returning []*pg.Node
		verb := ""
		switch v := msg.(type) {
		case *pg.UpdateStmt:
			target, from, returning, verb = v.Relation, v.FromClause, v.ReturningList, "UPDATE ... FROM"
		case *pg.DeleteStmt:
			target, from, returning, verb = v.Relation, v.UsingClause, v.ReturningList, "DELETE ... USING"
		default:
			return
		}
		if len(from) == 0 || len(returning) == 0 {
			return
		}
		others := fromNames(from)
		delete(others, rangeVarName(target))
		for _, item := range returning {
			inspect(item.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
				ref, ok := msg.(*pg.ColumnRef)
				if !ok || err != nil {
					return
				}
				switch {
				case len(ref.Fields) == 1 && ref.Fields[0].GetAStar() != nil:
					err = unsupported("RETURNING * of "+verb, ref.Location,
						"Name the columns of the target table, or select the other tables' columns with a query.")
				case len(ref.Fields) >= 2 && others[strings.ToLower(ref.Fields[0].GetString_().GetSval())]:
					err = unsupported("RETURNING a column of the "+verb+" list", ref.Location,
						"Return the target table's columns, or select the other tables' columns with a query.")
				}
			})
		}
	})
	return err
}

// fromNames returns the lower-case names by which a FROM list's tables
// are referenced: their aliases, else their names.
func fromNames(from []*pg.Node) map[string]bool {
	names := map[string]bool{}
	for _, item := range from {
		inspect(item.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			switch v := msg.(type) {
			case *pg.RangeVar:
				names[rangeVarName(v)] = true
			case *pg.Alias:
				names[strings.ToLower(v.Aliasname)] = true
			}
		})
	}
	return names
}

// rangeVarName returns the lower-case name by which a statement
// references a table: its alias, else its name.
func rangeVarName(rv *pg.RangeVar) string {
	if rv == nil {
		return ""
	}
	if rv.Alias != nil {
		return strings.ToLower(rv.Alias.Aliasname)
	}
	return strings.ToLower(rv.Relname)
}

// checkJSONConcat rejects || with an operand that shows it is json or
// jsonb: PostgreSQL merges jsonb values, where DuckDB's || joins their
// text.
func checkJSONConcat(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || lastName(e.Name) != "||" {
			return
		}
		if showsJSON(e.Lexpr) || showsJSON(e.Rexpr) {
			err = unsupportedf(e.Location, "|| of json or jsonb values is not supported on this warehouse")
		}
	})
	return err
}

// showsJSON reports whether the expression shows that n is json or
// jsonb: a cast to either, ->, #> or a function that builds one.
func showsJSON(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_TypeCast:
		name := lastName(v.TypeCast.TypeName.GetNames())
		return name == "json" || name == "jsonb"
	case *pg.Node_AExpr:
		op := lastName(v.AExpr.Name)
		return v.AExpr.Kind == pg.A_Expr_Kind_AEXPR_OP && (op == "->" || op == "#>")
	case *pg.Node_FuncCall:
		name := strings.ToLower(lastName(v.FuncCall.Funcname))
		return strings.HasPrefix(name, "json_build_") || strings.HasPrefix(name, "jsonb_build_") ||
			strings.HasPrefix(name, "to_json") || strings.HasSuffix(name, "json_agg") || strings.HasSuffix(name, "jsonb_agg") ||
			strings.HasSuffix(name, "_object_agg") || name == "row_to_json" || name == "array_to_json" || name == "jsonb_set"
	}
	return false
}
