package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB holds a jsonb value as JSON text, spaced and ordered as it was
// written, so its GROUP BY, DISTINCT, ORDER BY, UNION and IN compare
// that text: '{"a":1,"b":2}' and '{"b":2, "a":1}' would be two groups,
// and '10' would sort before '9'. PostgreSQL compares jsonb values as
// JSON, and orders them by type, then by size, then by content. IN
// compares pgway_jsonb_key() of its operands, as = does
// (rewriteJSONBComparison). The clauses that group, deduplicate or sort
// jsonb values fail with 0A000.

// checkJSONBComparisons rewrites IN of jsonb values into comparisons of
// their keys, and rejects jsonb values in GROUP BY, DISTINCT, ORDER BY,
// PARTITION BY and set operations other than UNION ALL. A value is jsonb
// where the statement shows it: a column of type jsonb in types, a cast,
// or an operator or function that returns jsonb (showsJSON, showsJSONB).
func checkJSONBComparisons(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	isJSONB := func(n *pg.Node) bool {
		if ref := n.GetColumnRef(); ref != nil {
			return types[ref] == "jsonb"
		}
		return showsJSON(n) || showsJSONB(n)
	}
	var err error
	outputs := jsonbOutputs{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			err = checkJSONBSelect(v, isJSONB, outputs)
		case *pg.SortBy:
			if isJSONB(v.Node) {
				err = jsonbClauseError("ORDER BY", v.Node)
			}
		case *pg.WindowDef:
			for _, n := range v.PartitionClause {
				if err == nil && isJSONB(n) {
					err = jsonbClauseError("PARTITION BY", n)
				}
			}
		case *pg.FuncCall:
			if err = checkJSONBExtremum(v, isJSONB); err != nil {
				return
			}
			for _, n := range v.Args {
				if err == nil && v.AggDistinct && isJSONB(n) {
					err = jsonbClauseError("DISTINCT", n)
				}
			}
		case *pg.A_Expr:
			jsonbIn(v, isJSONB)
		}
	})
	return err
}

// checkJSONBSelect rejects jsonb values among the GROUP BY, DISTINCT and
// ORDER BY items of sel, by expression, output column number or output
// column name, and among the output columns of a set operation that
// removes duplicates or sorts rows.
func checkJSONBSelect(sel *pg.SelectStmt, isJSONB func(*pg.Node) bool, outputs jsonbOutputs) error {
	if clause, n := jsonbSelectClause(sel, isJSONB, outputs); n != nil {
		return jsonbClauseError(clause, n)
	}
	return nil
}

// jsonbSelectClause returns the first clause of sel that checkJSONBSelect
// rejects, and the value in it. outputs keeps the results of jsonbOutput
// for the set operations of sel, so that the checks of the set operations
// of a chain take time in its length, not in its square.
func jsonbSelectClause(sel *pg.SelectStmt, isJSONB func(*pg.Node) bool, outputs jsonbOutputs) (string, *pg.Node) {
	if sel.Op != pg.SetOperation_SETOP_NONE && (!sel.All || sel.Op != pg.SetOperation_SETOP_UNION) {
		if n := outputs.first(sel, isJSONB); n != nil {
			return setOperationName(sel.Op), n
		}
	}
	targets := sel.TargetList
	if len(sel.DistinctClause) == 1 && sel.DistinctClause[0].GetNode() == nil {
		for _, t := range targets {
			if val := t.GetResTarget().GetVal(); val != nil && isJSONB(val) {
				return "DISTINCT", val
			}
		}
	}
	clauses := []struct {
		name  string
		items []*pg.Node
	}{{"DISTINCT ON", sel.DistinctClause}, {"GROUP BY", sel.GroupClause}, {"ORDER BY", sortKeys(sel.SortClause)}}
	for _, clause := range clauses {
		for _, item := range clause.items {
			if item.GetNode() == nil {
				continue
			}
			if isJSONB(item) {
				return clause.name, item
			}
			if target := jsonbOutputColumn(item, targets); target != nil && isJSONB(target) {
				return clause.name, item
			}
		}
	}
	return "", nil
}

// sortKeys returns the expressions of ORDER BY items.
func sortKeys(items []*pg.Node) []*pg.Node {
	keys := make([]*pg.Node, 0, len(items))
	for _, item := range items {
		if sb := item.GetSortBy(); sb != nil {
			keys = append(keys, sb.Node)
		}
	}
	return keys
}

// jsonbOutputColumn returns the output column of targets that item names
// by number or by name, as GROUP BY 1 or ORDER BY total do, or nil. A
// name is also that of an output column that is a column of that name.
func jsonbOutputColumn(item *pg.Node, targets []*pg.Node) *pg.Node {
	if c := item.GetAConst(); c != nil && c.GetIval() != nil {
		if i := int(c.GetIval().Ival); i >= 1 && i <= len(targets) {
			return targets[i-1].GetResTarget().GetVal()
		}
		return nil
	}
	ref := item.GetColumnRef()
	if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_() == nil {
		return nil
	}
	name := ref.Fields[0].GetString_().Sval
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		if rt.Name == name {
			return rt.Val
		}
		if same := rt.Val.GetColumnRef(); rt.Name == "" && same != nil && len(same.Fields) == 1 &&
			same.Fields[0].GetString_().GetSval() == name {
			// GROUP BY x where the output column x is the column x,
			// whose reference in the target list has the known type.
			return rt.Val
		}
	}
	return nil
}

// jsonbOutputs are the results of first, by query, for one predicate.
type jsonbOutputs map[*pg.SelectStmt]*pg.Node

// first returns the first output column of the queries that a set
// operation combines that is jsonb, or nil.
func (outputs jsonbOutputs) first(sel *pg.SelectStmt, isJSONB func(*pg.Node) bool) *pg.Node {
	if sel == nil {
		return nil
	}
	if sel.Op != pg.SetOperation_SETOP_NONE {
		if n, ok := outputs[sel]; ok {
			return n
		}
		n := outputs.first(sel.Larg, isJSONB)
		if n == nil {
			n = outputs.first(sel.Rarg, isJSONB)
		}
		outputs[sel] = n
		return n
	}
	for _, t := range sel.TargetList {
		if val := t.GetResTarget().GetVal(); val != nil && isJSONB(val) {
			return val
		}
	}
	for _, row := range sel.ValuesLists {
		for _, n := range row.GetList().GetItems() {
			if isJSONB(n) {
				return n
			}
		}
	}
	return nil
}

func setOperationName(op pg.SetOperation) string {
	switch op {
	case pg.SetOperation_SETOP_INTERSECT:
		return "INTERSECT"
	case pg.SetOperation_SETOP_EXCEPT:
		return "EXCEPT"
	}
	return "UNION"
}

func jsonbClauseError(clause string, n *pg.Node) error {
	return unsupported(clause+" of jsonb values", exprLocation(n),
		"DuckDB compares jsonb values as their text, where PostgreSQL compares them as JSON values. "+
			"Use a field (->>) or a cast to text where the text is meant.")
}

// jsonbIn rewrites x IN (a, b) into pgway_jsonb_key(x) IN
// (pgway_jsonb_key(a), pgway_jsonb_key(b)) when an operand is jsonb.
func jsonbIn(e *pg.A_Expr, isJSONB func(*pg.Node) bool) {
	if e.Kind != pg.A_Expr_Kind_AEXPR_IN || e.Lexpr == nil {
		return
	}
	items := e.Rexpr.GetList().GetItems()
	jsonb := isJSONB(e.Lexpr)
	for _, n := range items {
		jsonb = jsonb || isJSONB(n)
	}
	if !jsonb || items == nil {
		return
	}
	e.Lexpr = funcCall("pgway_jsonb_key", e.Location, typeCast(e.Lexpr, "varchar", e.Location))
	for i, n := range items {
		items[i] = funcCall("pgway_jsonb_key", e.Location, typeCast(n, "varchar", e.Location))
	}
}

// checkJSONBExtremum raises PostgreSQL's error for max() or min() of a
// jsonb value: PostgreSQL 15 has neither for jsonb, where DuckDB would
// return the greatest or least text.
func checkJSONBExtremum(fc *pg.FuncCall, isJSONB func(*pg.Node) bool) error {
	name := strings.ToLower(lastName(fc.Funcname))
	if (name != "max" && name != "min") || len(fc.Funcname) > 2 || len(fc.Args) != 1 || fc.AggStar || !isJSONB(fc.Args[0]) {
		return nil
	}
	return missingFunction(name, fc.Location, "jsonb")
}
