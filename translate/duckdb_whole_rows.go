package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// rowUse is the expression that a whole-row reference is an operand of.
type rowUse int

const (
	// otherUse is any place that rowUses does not list.
	otherUse rowUse = iota
	// targetUse is a result column of a select list.
	targetUse
	// nullTestUse is the operand of IS NULL or IS NOT NULL.
	nullTestUse
	// fieldUse is the row of a field selection such as (t).a.
	fieldUse
	// jsonbUse is an argument of a function of jsonbRowFunctions.
	jsonbUse
	// countUse is the argument of count() without DISTINCT.
	countUse
	// textUse is the operand of a cast to text, an argument of concat()
	// or concat_ws(), or an operand of ||.
	textUse
	// outputNameUse is a bare name in ORDER BY or GROUP BY that names a
	// result column, which PostgreSQL reads as that column.
	outputNameUse
	// expansionUse is name.* as a result column or a field of ROW(),
	// which stands for the columns of name.
	expansionUse
)

// jsonbRowFunctions are the functions that read a row as a jsonb or json
// object of its columns. DuckDB's STRUCT of a table's row converts to the
// same object: jsonb sorts the keys, and json keeps the columns' order,
// which the STRUCT has too.
var jsonbRowFunctions = map[string]bool{
	"to_jsonb": true, "jsonb_agg": true, "jsonb_build_object": true, "jsonb_build_array": true,
	"to_json": true, "row_to_json": true, "json_agg": true, "json_build_object": true, "json_build_array": true,
}

// isStarReference reports whether ref is name.*, which stands for a whole
// row except where a select list or ROW() expands it.
func isStarReference(ref *pg.ColumnRef) bool {
	return len(ref.Fields) == 2 && ref.Fields[0].GetString_() != nil && ref.Fields[1].GetAStar() != nil
}

// rowUses returns the use of each whole-row reference of stmt that is not
// otherUse. Only the result columns of the statement's own select list,
// or of the queries of its set operation, are targetUse, because a
// subquery's record column would reach tests and comparisons that treat
// DuckDB's STRUCT by other rules.
func rowUses(stmt *pg.Node) map[*pg.ColumnRef]rowUse {
	uses := map[*pg.ColumnRef]rowUse{}
	mark := func(n *pg.Node, use rowUse) {
		if ref := n.GetColumnRef(); ref != nil && (len(ref.Fields) == 1 || isStarReference(ref)) {
			uses[ref] = use
		}
	}
	outermost := map[*pg.SelectStmt]bool{}
	var addOutermost func(sel *pg.SelectStmt)
	addOutermost = func(sel *pg.SelectStmt) {
		if sel != nil {
			outermost[sel] = true
			addOutermost(sel.Larg)
			addOutermost(sel.Rarg)
		}
	}
	addOutermost(stmt.GetSelectStmt())
	// grouped are the whole rows outside WHERE of a query with GROUP BY,
	// where PostgreSQL requires the row itself to be grouped.
	grouped := map[*pg.ColumnRef]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.SelectStmt:
			if len(v.GroupClause) > 0 {
				for _, n := range append(append([]*pg.Node{v.HavingClause}, v.TargetList...), v.SortClause...) {
					if n != nil {
						inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
							if ref, ok := msg.(*pg.ColumnRef); ok {
								grouped[ref] = true
							}
						})
					}
				}
			}
			outputs := map[string]bool{}
			for _, n := range v.TargetList {
				rt := n.GetResTarget()
				if rt == nil || rt.Val == nil {
					continue
				}
				switch ref := rt.Val.GetColumnRef(); {
				case ref != nil && isStarReference(ref):
					uses[ref] = expansionUse
				case outermost[v]:
					mark(rt.Val, targetUse)
				}
				// An output column that is a bare name is that name's
				// column or whole row, in ORDER BY and GROUP BY too.
				if ref := rt.Val.GetColumnRef(); rt.Name != "" || ref == nil || len(ref.Fields) != 1 {
					outputs[targetName(rt)] = true
				}
			}
			for _, n := range append(sortKeys(v.SortClause), v.GroupClause...) {
				if ref := n.GetColumnRef(); ref != nil && len(ref.Fields) == 1 && outputs[ref.Fields[0].GetString_().GetSval()] {
					uses[ref] = outputNameUse
				}
			}
		case *pg.RowExpr:
			// ROW(t.*) has the columns of t as its fields.
			for _, arg := range v.Args {
				if ref := arg.GetColumnRef(); ref != nil && isStarReference(ref) {
					uses[ref] = expansionUse
				}
			}
		case *pg.NullTest:
			mark(v.Arg, nullTestUse)
		case *pg.A_Indirection:
			if len(v.Indirection) > 0 && v.Indirection[0].GetString_() != nil {
				mark(v.Arg, fieldUse)
			}
		case *pg.FuncCall:
			if schema := schemaOf(v.Funcname); v.AggDistinct || schema != "" && schema != "pg_catalog" {
				return
			}
			name := strings.ToLower(lastName(v.Funcname))
			for _, arg := range v.Args {
				switch {
				case jsonbRowFunctions[name]:
					mark(arg, jsonbUse)
				case name == "count":
					mark(arg, countUse)
				case name == "concat" || name == "concat_ws":
					mark(arg, textUse)
				}
			}
		case *pg.A_Expr:
			if v.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(v.Name) == "||" {
				// Beside text, || writes the row as text (textOfValue).
				mark(v.Lexpr, textUse)
				mark(v.Rexpr, textUse)
			}
		case *pg.TypeCast:
			if tn := v.TypeName; tn != nil && lastName(tn.Names) == "text" && len(tn.Typmods) == 0 && len(tn.ArrayBounds) == 0 {
				mark(v.Arg, textUse)
			}
		}
	})
	for ref := range grouped {
		if uses[ref] == nullTestUse {
			delete(uses, ref)
		}
	}
	return uses
}

// checkWholeRows fails with 0A000 for a whole-row reference that DuckDB
// cannot give PostgreSQL's value, and rewrites the others that need it.
// A table's or subquery's row (relationRow) may be:
//   - a result column, which rewriteFunctionRows makes a record of the
//     columns, unless the type of a subquery's column is unknown;
//   - the operand of IS [NOT] NULL, rewritten to the test of every
//     column, which is PostgreSQL's rule for a row;
//   - the row of a field selection, (t).a;
//   - the argument of a jsonbRowFunctions or of count(), where DuckDB's
//     STRUCT gives PostgreSQL's value, unless the type of a column is
//     unknown;
//   - cast to text, an argument of concat() or an operand of ||, which
//     pgway_text writes by the types of the fields when it runs.
//
// Elsewhere it fails, and so does a row that an outer join can make NULL
// anywhere but in a field selection or a null test. DuckDB's STRUCT of
// NULL fields is not NULL, and DuckDB compares and sorts a STRUCT by
// other rules than PostgreSQL's record. A function's row (recordRow) in
// a null test is rewritten in the same way.
// NOTE: a relation of unknown columns, such as a table missing from
// Relations, is not checked, because a column of that name may hide its
// row.
func checkWholeRows(stmt *pg.Node, wholeRows map[*pg.ColumnRef]fromItem) error {
	uses := rowUses(stmt)
	var first *pg.ColumnRef
	var failure *Error
	expansions := map[*pg.ColumnRef]fromItem{}
	for ref, item := range wholeRows {
		if uses[ref] == expansionUse {
			expansions[ref] = item
		}
		if uses[ref] == outputNameUse || uses[ref] == expansionUse {
			delete(wholeRows, ref)
			continue
		}
		if err := checkWholeRow(ref, item, uses[ref]); err != nil && (first == nil || ref.Location < first.Location) {
			first, failure = ref, err
		}
	}
	if failure != nil {
		return failure
	}
	for ref := range wholeRows {
		// DuckDB reads name.* only as columns, and name as the row.
		if isStarReference(ref) {
			ref.Fields = ref.Fields[:1]
		}
	}
	return walkNode(stmt, func(n *pg.Node) error {
		if row := n.GetRowExpr(); row != nil {
			row.Args = expandRowStars(row.Args, expansions)
			return nil
		}
		test := n.GetNullTest()
		if test == nil || test.Arg.GetColumnRef() == nil {
			return nil
		}
		ref := test.Arg.GetColumnRef()
		item, ok := wholeRows[ref]
		if !ok || item.row != relationRow && item.row != recordRow {
			return nil
		}
		delete(wholeRows, ref)
		tests := make([]*pg.Node, len(item.rel.columns))
		for i, c := range item.rel.columns {
			column := &pg.ColumnRef{Fields: stringNodes(item.alias, c.name), Location: ref.Location}
			tests[i] = &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: column}},
				Nulltesttype: test.Nulltesttype, Location: test.Location}}}
		}
		if len(tests) == 1 {
			n.Node = tests[0].Node
			return nil
		}
		n.Node = &pg.Node_BoolExpr{BoolExpr: &pg.BoolExpr{Boolop: pg.BoolExprType_AND_EXPR, Args: tests, Location: test.Location}}
		return nil
	})
}

// expandRowStars replaces each name.* among the fields of a ROW() by the
// columns of name, which DuckDB does not expand there.
func expandRowStars(args []*pg.Node, expansions map[*pg.ColumnRef]fromItem) []*pg.Node {
	var out []*pg.Node
	for _, arg := range args {
		item, ok := expansions[arg.GetColumnRef()]
		if !ok {
			out = append(out, arg)
			continue
		}
		for _, c := range item.rel.columns {
			column := &pg.ColumnRef{Fields: stringNodes(item.alias, c.name), Location: arg.GetColumnRef().Location}
			out = append(out, &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: column}})
		}
	}
	return out
}

// checkWholeRow returns the 0A000 error for a whole-row reference of the
// given use that checkWholeRows rejects, or nil.
func checkWholeRow(ref *pg.ColumnRef, item fromItem, use rowUse) *Error {
	name := ref.Fields[0].GetString_().GetSval()
	switch {
	case item.row != relationRow && item.row != recordRow:
		return nil
	case use == nullTestUse && len(item.rel.columns) == 0:
		return unsupportedf(ref.Location, "a null test of the whole row of %q, which has no columns, is not supported on this warehouse", name)
	case use == nullTestUse || use == fieldUse:
		return nil
	case item.nullable:
		return unsupportedf(ref.Location, "the whole row of %q is not supported on this warehouse except in a null test or a field "+
			"selection, because an outer join can make it NULL, which DuckDB does not", name)
	case item.row == recordRow:
		return nil
	}
	if duplicate := duplicateColumn(item.rel); duplicate != "" {
		return unsupportedf(ref.Location, "the whole row of %q is not supported on this warehouse because two of its columns are named %q",
			name, duplicate)
	}
	switch use {
	case targetUse:
		// NOTE: PostgreSQL types a table's whole row as the table's
		// composite type, and pgway sends it as record, since that type has
		// no OID without a catalog database. Its text and binary values
		// are those of the composite type.
		// A warehouse table's column of a type that Relations do not name,
		// such as geometry, is sent in the record as it is sent alone. A
		// subquery's column may be an expression whose rewrite depends on
		// its type.
		for _, c := range item.rel.columns {
			if c.typ == "" && item.rel.name == "" {
				return unsupportedf(ref.Location, "the whole row of %q as a result column is not supported on this warehouse "+
					"because pgway does not know the type of its column %q", name, c.name)
			}
		}
		return nil
	case textUse:
		// pgway_text writes the row by the DuckDB types of its fields as
		// PostgreSQL's record_out does, and fails with 0A000 for a type
		// it does not know, such as GEOMETRY. A table's column of unknown
		// type is most likely a geometry: that fails here, naming the row.
		for _, c := range item.rel.columns {
			if item.rel.name != "" && c.typ == "" {
				return unsupportedf(ref.Location, "the whole row of %q as text is not supported on this warehouse "+
					"because pgway does not know the type of its column %q", name, c.name)
			}
		}
		return nil
	case jsonbUse:
		// The type is unknown for a geometry column, among others, whose
		// value PostGIS writes in jsonb as GeoJSON.
		for _, c := range item.rel.columns {
			if c.typ == "" || strings.Contains(c.typ, "geometry") {
				return unsupportedf(ref.Location, "the whole row of %q inside jsonb or text is not supported on this warehouse "+
					"because pgway does not know the type of its column %q", name, c.name)
			}
		}
		return nil
	case countUse:
		return nil
	}
	return unsupportedf(ref.Location, "the whole row of %q is not supported in this position on this warehouse. A whole row may be "+
		"a result column of the outermost query, the operand of IS [NOT] NULL or ::text, a field selection such as (%s).column, "+
		"or the argument of count(), to_jsonb(), jsonb_agg(), jsonb_build_object(), jsonb_build_array(), to_json(), "+
		"row_to_json(), json_agg(), json_build_object() or json_build_array()", name, name)
}

// duplicateColumn returns a column name that rel has twice, or "".
func duplicateColumn(rel *relationType) string {
	seen := map[string]bool{}
	for _, c := range rel.columns {
		if seen[c.name] {
			return c.name
		}
		seen[c.name] = true
	}
	return ""
}

// markNullable sets nullable on the FROM items of one side of a join when
// the join is outer on that side.
func markNullable(items []fromItem, outer bool) {
	if !outer {
		return
	}
	for i := range items {
		items[i].nullable = true
	}
}
