package translate

import (
	"fmt"
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
// ON COMMIT of a table that is not temporary fails with PostgreSQL's
// 42P16, and CREATE TABLE AS drops ON COMMIT PRESERVE ROWS, the default,
// which DuckDB's parser rejects there.
func checkOnCommit(stmt *pg.Node) error {
	var relation *pg.RangeVar
	var onCommit *pg.OnCommitAction
	if create := stmt.GetCreateStmt(); create != nil {
		relation, onCommit = create.Relation, &create.Oncommit
	} else if into := stmt.GetCreateTableAsStmt().GetInto(); into != nil {
		relation, onCommit = into.Rel, &into.OnCommit
	} else {
		return nil
	}
	switch {
	case *onCommit == pg.OnCommitAction_ONCOMMIT_NOOP:
		return nil
	case relation.GetRelpersistence() != "t":
		return &Error{Code: "42P16", Message: "ON COMMIT can only be used on temporary tables"}
	case *onCommit == pg.OnCommitAction_ONCOMMIT_DROP:
		return unsupported("ON COMMIT DROP", relation.GetLocation(), "")
	case *onCommit == pg.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		return unsupported("ON COMMIT DELETE ROWS", relation.GetLocation(), "")
	}
	if stmt.GetCreateTableAsStmt() != nil {
		*onCommit = pg.OnCommitAction_ONCOMMIT_NOOP
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
			strings.HasSuffix(name, "_object_agg") || name == "row_to_json" || name == "array_to_json" || name == "jsonb_set" ||
			name == "jsonb_array_elements"
	}
	return false
}

// checkSelectClauses raises PostgreSQL's errors for the LIMIT, OFFSET,
// ORDER BY, GROUP BY and window frame clauses that PostgreSQL rejects
// and DuckDB rejects with XX000 or runs, and rewrites FETCH FIRST ...
// WITH TIES, which DuckDB cannot parse.
func checkSelectClauses(stmt *pg.Node) error {
	if err := checkWindowNames(stmt); err != nil {
		return err
	}
	if err := checkNestedAggregates(stmt); err != nil {
		return err
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			err = checkLimit(v)
			if err == nil {
				err = checkPositions(v)
			}
			if err == nil {
				err = checkSetOperationWidths(v)
			}
		case *pg.WindowDef:
			err = checkFrameOffsets(v)
		}
	})
	return err
}

// checkLimit raises PostgreSQL's errors for a negative constant LIMIT or
// OFFSET, which PostgreSQL raises when the statement starts, rows or no
// rows.
func checkLimit(sel *pg.SelectStmt) error {
	if negativeConstant(sel.LimitCount) {
		return &Error{Code: "2201W", Message: "LIMIT must not be negative"}
	}
	if negativeConstant(sel.LimitOffset) {
		return &Error{Code: "2201X", Message: "OFFSET must not be negative"}
	}
	if sel.LimitOption == pg.LimitOption_LIMIT_OPTION_WITH_TIES {
		return rewriteWithTies(sel)
	}
	return nil
}

// negativeConstant reports whether n is a negative number constant.
func negativeConstant(n *pg.Node) bool {
	c := n.GetAConst()
	switch {
	case c == nil:
		return false
	case c.GetIval() != nil:
		return c.GetIval().Ival < 0
	case c.GetFval() != nil:
		return strings.HasPrefix(c.GetFval().Fval, "-")
	}
	return false
}

// checkPositions raises PostgreSQL's error for an ORDER BY or GROUP BY
// position outside the select list, where DuckDB raises XX000. A select
// list with * is left to DuckDB, since its length is not known here.
func checkPositions(sel *pg.SelectStmt) error {
	if sel.Op != pg.SetOperation_SETOP_NONE || len(sel.TargetList) == 0 {
		return nil
	}
	for _, t := range sel.TargetList {
		if ref := t.GetResTarget().GetVal().GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return nil
		}
	}
	return checkSelectPositions(sel, len(sel.TargetList), true, true)
}

// checkSelectPositions raises 42P10 for an ORDER BY position, and a GROUP
// BY position where group is set, below 1 or, where known, above width.
func checkSelectPositions(sel *pg.SelectStmt, width int, known, group bool) error {
	check := func(clause string, n *pg.Node) error {
		c := n.GetAConst()
		if c == nil || c.GetIval() == nil {
			return nil
		}
		if position := c.GetIval().Ival; position < 1 || known && int(position) > width {
			return &Error{Code: "42P10", Position: int(c.Location) + 1,
				Message: fmt.Sprintf("%s position %d is not in select list", clause, position)}
		}
		return nil
	}
	for _, s := range sel.SortClause {
		if err := check("ORDER BY", s.GetSortBy().GetNode()); err != nil {
			return err
		}
	}
	if !group {
		return nil
	}
	for _, g := range sel.GroupClause {
		if err := check("GROUP BY", g); err != nil {
			return err
		}
	}
	return nil
}

// Bits of WindowDef.FrameOptions, from PostgreSQL 15's parsenodes.h.
const (
	frameRows   = 0x4
	frameModes  = frameRange | frameRows | frameGroups
	frameByRows = frameRows | frameGroups
)

// checkFrameOffsets raises PostgreSQL's errors for a window frame offset
// that has a column, 42P10, or is a negative constant, 22013, where
// DuckDB runs the former and raises XX000 for the latter.
// NOTE: a column of an outer query, which PostgreSQL allows, is rejected
// too.
func checkFrameOffsets(w *pg.WindowDef) error {
	if w.FrameOptions&frameModes == 0 {
		return nil
	}
	mode := "RANGE"
	switch {
	case w.FrameOptions&frameRows != 0:
		mode = "ROWS"
	case w.FrameOptions&frameGroups != 0:
		mode = "GROUPS"
	}
	for i, offset := range []*pg.Node{w.StartOffset, w.EndOffset} {
		if offset == nil {
			continue
		}
		if hasColumn(offset) {
			return &Error{Code: "42P10", Position: int(exprLocation(offset)) + 1,
				Message: fmt.Sprintf("argument of %s must not contain variables", mode)}
		}
		if !negativeConstant(offset) {
			continue
		}
		message := "invalid preceding or following size in window function"
		if w.FrameOptions&frameByRows != 0 {
			message = []string{"frame starting offset must not be negative", "frame ending offset must not be negative"}[i]
		}
		return &Error{Code: "22013", Message: message}
	}
	return nil
}

// hasColumn reports whether n contains a column reference.
func hasColumn(n *pg.Node) bool { return contains[*pg.ColumnRef](n) }

// contains reports whether n holds a node of type T.
func contains[T protoreflect.ProtoMessage](n *pg.Node) bool {
	found := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if _, ok := msg.(T); ok {
			found = true
		}
	})
	return found
}

// checkConstantField raises PostgreSQL's error for a field of a constant
// such as (0).b, which is no row. The rewrite would lose the parentheses,
// so DuckDB could not parse it.
func checkConstantField(ind *pg.A_Indirection) error {
	c := ind.Arg.GetAConst()
	if c == nil {
		return nil
	}
	for _, step := range ind.Indirection {
		if field := step.GetString_(); field != nil {
			return &Error{Code: "42809", Message: fmt.Sprintf("column notation .%s applied to a constant, which is not a composite type", field.Sval),
				Position: int(c.Location) + 1}
		}
	}
	return nil
}

// checkWindowNames raises PostgreSQL's 42704 for OVER of a window name
// that no WINDOW clause of the statement defines, which DuckDB's parser
// rejects.
func checkWindowNames(stmt *pg.Node) error {
	defined := map[string]bool{}
	var uses []*pg.WindowDef
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.SelectStmt:
			for _, w := range v.WindowClause {
				defined[w.GetWindowDef().GetName()] = true
			}
		case *pg.FuncCall:
			if v.Over != nil {
				uses = append(uses, v.Over)
			}
		}
	})
	for _, w := range uses {
		for _, name := range []string{w.Name, w.Refname} {
			if name != "" && !defined[name] {
				return &Error{Code: "42704", Message: fmt.Sprintf("window %q does not exist", name), Position: int(w.Location) + 1}
			}
		}
	}
	return nil
}

// checkSetOperationWidths raises PostgreSQL's 42601 for a set operation
// whose queries select different numbers of columns, where one of them
// selects none, which DuckDB's parser rejects.
func checkSetOperationWidths(sel *pg.SelectStmt) error {
	if sel.Op == pg.SetOperation_SETOP_NONE || sel.Larg == nil || sel.Rarg == nil {
		return nil
	}
	empty := func(q *pg.SelectStmt) bool {
		return q.Op == pg.SetOperation_SETOP_NONE && len(q.TargetList) == 0 && len(q.ValuesLists) == 0
	}
	if empty(sel.Larg) != empty(sel.Rarg) {
		op := strings.TrimPrefix(strings.ToUpper(sel.Op.String()), "SETOP_")
		return &Error{Code: "42601", Message: fmt.Sprintf("each %s query must have the same number of columns", op)}
	}
	return nil
}
