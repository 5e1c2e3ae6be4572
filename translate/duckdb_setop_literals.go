package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL resolves each column of UNION, INTERSECT and EXCEPT pair by
// pair, left to right. It reads a string constant or a NULL of a branch as
// the type of the other side, so SELECT 1 UNION SELECT '2' is an integer
// column and SELECT 1 UNION SELECT 'a' fails with 22P02. DuckDB makes such
// a column text, and x > 10 then compares strings. The dialect casts those
// constants to the other side's type where that type is known. It rejects
// columns of different type categories, such as text beside a number,
// with PostgreSQL's 42804.

// setColumn is the type of a column of a set operation's branch: a name
// of castTypeNames, "unknown" for a string constant or NULL, or "" when
// the translator cannot tell.
type setColumn struct {
	typ string
	// literal is the select-list item of an unknown constant of a query
	// without a set operation, which the other side's type is cast onto.
	literal *pg.ResTarget
}

// typeSetOperationLiterals types the unknown constants of the set
// operations of stmt. types holds the column types that resolveColumns
// found.
func typeSetOperationLiterals(stmt *pg.Node, types map[*pg.ColumnRef]string) error {
	return walkNode(stmt, func(n *pg.Node) error {
		sel := n.GetSelectStmt()
		if sel == nil || sel.Op == pg.SetOperation_SETOP_NONE {
			return nil
		}
		_, err := setOperationColumns(sel, types)
		return err
	})
}

// setOperationColumns returns the column types of sel, casting the
// unknown constants of its branches as PostgreSQL resolves them. It
// returns nil when it cannot tell the columns.
func setOperationColumns(sel *pg.SelectStmt, types map[*pg.ColumnRef]string) ([]setColumn, error) {
	if sel == nil {
		return nil, nil
	}
	if sel.Op == pg.SetOperation_SETOP_NONE {
		if len(sel.ValuesLists) > 0 {
			return nil, nil
		}
		columns := make([]setColumn, len(sel.TargetList))
		for i, t := range sel.TargetList {
			rt := t.GetResTarget()
			columns[i] = leafColumn(rt, types)
		}
		return columns, nil
	}
	left, err := setOperationColumns(sel.Larg, types)
	if err != nil {
		return nil, err
	}
	right, err := setOperationColumns(sel.Rarg, types)
	if err != nil || left == nil || right == nil || len(left) != len(right) {
		return nil, err
	}
	columns := make([]setColumn, len(left))
	for i := range left {
		typ, err := resolveSetColumn(sel.Op, left[i], right[i])
		if err != nil {
			return nil, err
		}
		columns[i] = setColumn{typ: typ}
	}
	return columns, nil
}

// leafColumn returns the type of the select-list item rt of a query
// without a set operation.
func leafColumn(rt *pg.ResTarget, types map[*pg.ColumnRef]string) setColumn {
	if rt == nil || rt.Val == nil {
		return setColumn{}
	}
	if c := rt.Val.GetAConst(); c != nil && (c.GetSval() != nil || c.GetIsnull()) {
		return setColumn{typ: "unknown", literal: rt}
	}
	if c := rt.Val.GetAConst(); c != nil && c.GetBoolval() != nil {
		return setColumn{typ: "bool"}
	}
	if ref := rt.Val.GetColumnRef(); ref != nil {
		name, _, _ := strings.Cut(types[ref], "(")
		return setColumn{typ: castTypeNames[name]}
	}
	return setColumn{typ: exactType(rt.Val)}
}

// typeCategories are PostgreSQL's type categories of castTypeNames.
// Columns of different categories cannot be matched.
var typeCategories = map[string]string{
	"int2": "numeric", "int4": "numeric", "int8": "numeric", "numeric": "numeric",
	"float4": "numeric", "float8": "numeric", "text": "string", "bool": "boolean",
	"date": "datetime", "timestamp": "datetime", "timestamptz": "datetime", "time": "datetime",
	"interval": "timespan",
}

// implicitRanks orders the types of a category by PostgreSQL's implicit
// casts: each converts to those ranked above it. time converts to none of
// the other date and time types.
var implicitRanks = map[string]int{
	"int2": 1, "int4": 2, "int8": 3, "numeric": 4, "float4": 5, "float8": 6,
	"date": 1, "timestamp": 2, "timestamptz": 3,
}

// resolveSetColumn returns the type of a column of a set operation op
// whose sides have the types left and right, and casts an unknown
// constant of one side to the other's type.
func resolveSetColumn(op pg.SetOperation, left, right setColumn) (string, error) {
	switch {
	case left.typ == "" || right.typ == "":
		return "", nil
	case left.typ == "unknown" && right.typ == "unknown":
		return "text", nil
	case left.typ == "unknown":
		castLiteral(left.literal, right.typ)
		return right.typ, nil
	case right.typ == "unknown":
		castLiteral(right.literal, left.typ)
		return left.typ, nil
	case left.typ == right.typ:
		return left.typ, nil
	case typeCategories[left.typ] != typeCategories[right.typ]:
		return "", &Error{Code: "42804", Message: fmt.Sprintf("%s types %s and %s cannot be matched",
			setOperationName(op), typeDisplayNames[left.typ], typeDisplayNames[right.typ])}
	case implicitRanks[left.typ] == 0 || implicitRanks[right.typ] == 0:
		return "", nil
	case implicitRanks[left.typ] > implicitRanks[right.typ]:
		return left.typ, nil
	}
	return right.typ, nil
}

// castLiteral casts the string constant of rt to typ, keeping the column
// name PostgreSQL gives the constant. A NULL stays bare, because DuckDB
// gives it the other side's type too.
func castLiteral(rt *pg.ResTarget, typ string) {
	if rt.Val.GetAConst().GetIsnull() {
		return
	}
	if rt.Name == "" {
		rt.Name = "?column?"
	}
	rt.Val = typeCast(rt.Val, typ, exprLocation(rt.Val))
}
