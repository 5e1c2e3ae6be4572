package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// pgByteaOID is the OID of PostgreSQL's bytea.
const pgByteaOID = 17

// inferCallParams gives the untyped arguments of substring(), overlay(),
// timezone(), date_bin(), age() and width_bucket() the types that
// PostgreSQL 15's function resolution picks from their candidates.
func inferCallParams(fc *pg.FuncCall, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return
	}
	args := fc.Args
	switch name := lastName(fc.Funcname); {
	case name == "substring" && (len(args) == 2 || len(args) == 3):
		inferSubstring(args, typeOf, set)
	case name == "overlay" && (len(args) == 3 || len(args) == 4):
		// overlay(s placing r from i [for n]) of text or of bytea.
		kind := uint32(pgTextOID)
		if typeOf(args[0]) == pgByteaOID || typeOf(args[1]) == pgByteaOID {
			kind = pgByteaOID
		}
		set(args[0], kind)
		set(args[1], kind)
		for _, arg := range args[2:] {
			set(arg, 23)
		}
	case name == "timezone" && len(args) == 2:
		// The value of AT TIME ZONE resolves to timestamptz, the preferred
		// type of the date and time candidates.
		set(args[1], 1184)
	case name == "date_bin" && len(args) == 3:
		set(args[0], 1186)
		inferTimestampPair(args[1:], typeOf, set)
	case name == "age" && len(args) == 2:
		inferTimestampPair(args, typeOf, set)
	case name == "width_bucket" && len(args) == 4 && args[0].GetParamRef() != nil:
		inferBucketOperand(args, typeOf, set)
	}
}

// inferSubstring types substring(s, a [, b]). Its candidates of text are
// (text, integer, integer) and the regular expression forms (text, text)
// and (text, text, text), so an untyped a or b is text unless another of
// them is an integer. Of bytea, a and b are integers.
func inferSubstring(args []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if typeOf(args[0]) == pgByteaOID {
		for _, arg := range args[1:] {
			set(arg, 23)
		}
		return
	}
	bounds := uint32(pgTextOID)
	for _, arg := range args[1:] {
		if arg.GetParamRef() != nil {
			continue
		}
		switch t := typeOf(arg); {
		case t == 20 || t == 21 || t == 23:
			bounds = 23
		case t != pgTextOID:
			// A type pgway cannot see, or a string constant of unknown
			// type: leave the choice to DuckDB.
			return
		}
	}
	set(args[0], pgTextOID)
	for _, arg := range args[1:] {
		set(arg, bounds)
	}
}

// inferTimestampPair gives an untyped one of two arguments that take the
// same timestamp type the type of the other: timestamp, or timestamptz
// beside a timestamptz or a date, as PostgreSQL prefers timestamptz.
func inferTimestampPair(pair []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	for i, arg := range pair {
		switch typeOf(arg) {
		case 1114:
			set(pair[1-i], 1114)
		case 1184, 1082:
			set(pair[1-i], 1184)
		}
	}
}

// inferBucketOperand types the untyped operand of width_bucket(x, low,
// high, count): numeric beside a numeric bound, and otherwise double
// precision, the preferred number type, beside bounds of other number
// types.
func inferBucketOperand(args []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	chosen := uint32(701)
	for _, bound := range args[1:3] {
		if bound.GetParamRef() != nil {
			continue
		}
		switch t := typeOf(bound); {
		case t == pgNumericOID:
			chosen = pgNumericOID
		case !numericTypeOIDs[t]:
			return
		}
	}
	for _, arg := range args[:3] {
		set(arg, chosen)
	}
	set(args[3], 23)
}

// concatOperandType returns the type that || gives an untyped operand
// beside a value of type other: the array or bytea type itself, and text
// beside any other type.
func concatOperandType(other uint32) uint32 {
	if other == pgByteaOID || paramArrayElements[other] != 0 {
		return other
	}
	return pgTextOID
}

// inferSetOperationParams gives the untyped parameters among the columns
// of a UNION, INTERSECT or EXCEPT, and of the rows of VALUES, the type
// that PostgreSQL resolves each column to (inferCommonType).
func inferSetOperationParams(sel *pg.SelectStmt, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	var rows [][]*pg.Node
	switch {
	case len(sel.ValuesLists) > 0:
		for _, row := range sel.ValuesLists {
			rows = append(rows, row.GetList().GetItems())
		}
	case isSetOperation(sel):
		for _, leaf := range setOperationLeaves(sel) {
			var row []*pg.Node
			for _, t := range leaf.TargetList {
				row = append(row, t.GetResTarget().GetVal())
			}
			rows = append(rows, row)
		}
	default:
		return
	}
	for i := range rows[0] {
		var column []*pg.Node
		for _, row := range rows {
			if i >= len(row) {
				return
			}
			column = append(column, row[i])
		}
		inferCommonType(column, typeOf, set)
	}
}

// setOperationLeaves returns the queries that a set operation combines,
// or nil where one of them is a VALUES list or has a star column.
func setOperationLeaves(sel *pg.SelectStmt) []*pg.SelectStmt {
	if isSetOperation(sel) {
		left, right := setOperationLeaves(sel.Larg), setOperationLeaves(sel.Rarg)
		if left == nil || right == nil {
			return nil
		}
		return append(left, right...)
	}
	if len(sel.ValuesLists) > 0 || hasStarTarget(sel) {
		return nil
	}
	return []*pg.SelectStmt{sel}
}

// arrayElementConstruct names the element e of an ARRAY[...] result
// column in the 0A000 that guardQuotientPlaces raises: a numeric
// parameter, whose value keeps its own scale as a quotient does, or a
// quotient.
func arrayElementConstruct(e *pg.Node) string {
	fc := e.GetFuncCall()
	if fc != nil && len(fc.Args) > 0 && fc.Args[0].GetTypeCast().GetArg().GetParamRef() != nil &&
		strings.TrimSuffix(lastName(fc.Funcname), resultSuffix) == numericCastFunction {
		return "an element of ARRAY[...] of a numeric parameter and a value of another type"
	}
	return "an element of ARRAY[...] of a numeric quotient and a value of another type"
}

// inferArrayCastElements gives the untyped elements of ARRAY[...] cast
// to an array type the element type, as PostgreSQL resolves them.
func inferArrayCastElements(tc *pg.TypeCast, set func(*pg.Node, uint32)) {
	array := tc.Arg.GetAArrayExpr()
	if array == nil || len(tc.TypeName.GetArrayBounds()) != 1 {
		return
	}
	element := inferredTypeOIDs[castTypeNames[lastName(tc.TypeName.GetNames())]]
	if lastName(tc.TypeName.GetNames()) == "varchar" {
		element = 1043
	}
	if element == pgNumericOID {
		// NOTE: numeric elements stay untyped, because the cast to a
		// DuckDB DECIMAL list would not keep the scale of each value.
		return
	}
	for _, e := range array.Elements {
		set(e, element)
	}
}
