package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Without a catalog database, the engine has no types for the parameters
// that a client leaves untyped, as node-postgres leaves all of them.
// DuckDB infers some itself, but not beside an operator or function with
// several candidates: in name LIKE $1 || '%' or lat + $1 it leaves the
// parameter, and so the result's types, open until the statement runs.
// inferParams gives such parameters the types that PostgreSQL infers in
// the common places: beside a value whose type the statement shows.

// inferredTypeOIDs are the OIDs of the type names that exactType,
// the column types and constants give.
var inferredTypeOIDs = map[string]uint32{
	"bool": 16, "int8": 20, "int2": 21, "int4": 23, "text": 25, "float4": 700, "float8": 701,
	"date": 1082, "time": 1083, "timestamp": 1114, "timestamptz": 1184, "interval": 1186,
	"numeric": 1700, "jsonb": 3802, "bytea": 17,
}

// functionParamTypes are the types PostgreSQL gives untyped arguments of
// common string functions, by position: text (25) or integer (23), and
// double precision (701) to the fraction of percentile_cont() and
// percentile_disc() and to the seconds of make_time() and make_timestamp().
var functionParamTypes = map[string][]uint32{
	"length": {25}, "char_length": {25}, "character_length": {25}, "octet_length": {25},
	"upper": {25}, "lower": {25}, "initcap": {25}, "reverse": {25}, "md5": {25}, "ascii": {25},
	"btrim": {25, 25}, "ltrim": {25, 25}, "rtrim": {25, 25},
	"substr": {25, 23, 23}, "left": {25, 23}, "right": {25, 23}, "repeat": {25, 23},
	"lpad": {25, 23, 25}, "rpad": {25, 23, 25}, "replace": {25, 25, 25}, "split_part": {25, 25, 23},
	"strpos": {25, 25}, "starts_with": {25, 25}, "translate": {25, 25, 25},
	"to_date": {25, 25}, "to_timestamp": {25, 25}, "to_number": {25, 25}, "string_agg": {25, 25},
	"percentile_cont": {701}, "percentile_disc": {701},
	"make_date": {23, 23, 23}, "make_time": {23, 23, 701}, "make_timestamp": {23, 23, 23, 23, 23, 701},
	"make_timestamptz": {23, 23, 23, 23, 23, 701, 25},
	"get_byte":         {17, 23}, "set_byte": {17, 23, 23}, "get_bit": {17, 20}, "set_bit": {17, 20, 23},
	"array_length": {0, 23}, "array_lower": {0, 23}, "array_upper": {0, 23},
}

// numericTypeOIDs are the OIDs of the number types, which an arithmetic
// operator gives an untyped operand.
var numericTypeOIDs = map[uint32]bool{20: true, 21: true, 23: true, 700: true, 701: true, 1700: true}

// inferParams returns oids with a type for each parameter that is
// unknown in oids and is bare beside a value of known type: in a
// comparison, in arithmetic with a number, in IN, BETWEEN or = ANY. It is
// text in || and LIKE, as the unit of date_trunc(), the template of
// to_char() and the zone of AT TIME ZONE. It is bigint in LIMIT and
// OFFSET, integer as the scale of round(), cast to an array type it is
// that array, and cast to numeric it is numeric. rel gives the types of
// column references, and may be nil.
func inferParams(stmt *pg.Node, rel *Relations, oids []uint32) []uint32 {
	untyped := false
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if p, ok := msg.(*pg.ParamRef); ok && (int(p.Number) > len(oids) || p.Number >= 1 && oids[p.Number-1] == 0) {
			untyped = true
		}
	})
	if !untyped {
		return oids
	}
	stmt, typeOf := valueTypes(stmt, rel)
	out, copied := oids, false
	set := func(n *pg.Node, oid uint32) {
		p := n.GetParamRef()
		if p == nil || oid == 0 || p.Number < 1 || p.Number > 65535 {
			return
		}
		if int(p.Number) <= len(out) && out[p.Number-1] != 0 {
			return
		}
		if !copied || len(out) < int(p.Number) {
			grown := make([]uint32, max(len(out), int(p.Number)))
			copy(grown, out)
			out, copied = grown, true
		}
		out[p.Number-1] = oid
	}
	insertedRows := map[*pg.SelectStmt]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.A_Expr:
			inferOperands(v, typeOf, set)
			inferArrayOperands(v, typeOf, set)
			inferDateTimeOperands(v, typeOf, set)
			inferIntervalFactor(v, typeOf, set)
			if op := lastName(v.Name); v.Kind == pg.A_Expr_Kind_AEXPR_OP && (op == "?|" || op == "?&" || op == "#>" || op == "#>>") {
				// The keys or path of jsonb's ?|, ?&, #> and #>> are text[].
				set(v.Rexpr, 1009)
			}
		case *pg.TypeCast:
			// $1::int[] reads the parameter as PostgreSQL's array text,
			// where DuckDB's cast would not.
			if len(v.TypeName.GetArrayBounds()) == 1 {
				set(v.Arg, arrayOID(inferredTypeOIDs[castTypeNames[lastName(v.TypeName.GetNames())]]))
			}
			inferArrayCastElements(v, set)
			// $1::numeric is numeric, which keeps the scale of the
			// parameter's text (see typeParams), where DuckDB's cast of a
			// string to its DECIMAL would give 10 fractional digits.
			if isPlainNumeric(v.TypeName) {
				set(v.Arg, pgNumericOID)
			}
			// $1::varchar(3) is varchar, which DuckDB describes as text.
			if lastName(v.TypeName.GetNames()) == "varchar" && len(v.TypeName.GetArrayBounds()) == 0 {
				set(v.Arg, 1043)
			}
		case *pg.BooleanTest:
			set(v.Arg, 16)
		case *pg.InsertStmt:
			inferInsertedParams(v, rel, set)
			// The rows of INSERT ... VALUES take the target columns'
			// types, not the common type of each VALUES column.
			if sel := v.SelectStmt.GetSelectStmt(); sel != nil && len(sel.ValuesLists) > 0 {
				insertedRows[sel] = true
			}
		case *pg.UpdateStmt:
			inferUpdatedParams(v, rel, set)
		case *pg.SelectStmt:
			set(v.LimitCount, 20)
			set(v.LimitOffset, 20)
			if !insertedRows[v] {
				inferSetOperationParams(v, typeOf, set)
			}
		case *pg.FuncCall:
			inferCallParams(v, typeOf, set)
			switch name := lastName(v.Funcname); {
			case (name == "date_trunc" || name == "timezone") && len(v.Args) >= 2:
				// Also AT TIME ZONE, which the parser writes as timezone().
				set(v.Args[0], 25)
			case name == "to_char" && len(v.Args) == 2:
				set(v.Args[1], 25)
			default:
				// PostgreSQL resolves an unknown argument of these
				// functions to the type of their one candidate, or to text,
				// the preferred string type.
				// to_timestamp(x) of one argument takes a float.
				sig, ok := functionParamTypes[name]
				if ok && len(v.Args) <= len(sig) && schemaOf(v.Funcname) == "" && (name != "to_timestamp" || len(v.Args) == 2) {
					for i, arg := range v.Args {
						set(arg, sig[i])
					}
				}
				inferFunctionParams(v, typeOf, set)
			}
		case *pg.CoalesceExpr:
			inferCommonType(v.Args, typeOf, set)
		case *pg.A_ArrayExpr:
			// ARRAY[$1, 2] is int4[], and ARRAY[$1] is text[].
			inferCommonType(v.Elements, typeOf, set)
		case *pg.MinMaxExpr:
			inferCommonType(v.Args, typeOf, set)
		case *pg.CaseExpr:
			results := []*pg.Node{v.Defresult}
			for _, when := range v.Args {
				results = append(results, when.GetCaseWhen().GetResult())
			}
			inferCommonType(results, typeOf, set)
		}
	})
	return out
}

// valueTypes returns a function that returns the OID of a value's type
// where the statement shows it, and 0 otherwise. The function reads
// column types for the nodes of the statement returned with it, which is
// a copy of stmt when rel is not nil.
func valueTypes(stmt *pg.Node, rel *Relations) (*pg.Node, func(*pg.Node) uint32) {
	var columns map[*pg.ColumnRef]string
	if rel != nil {
		// columnTypes qualifies names of HAVING in the tree it reads, so
		// it reads a copy, whose column references the walk below meets.
		stmt = proto.Clone(stmt).(*pg.Node)
		columns, _ = columnTypes(stmt, rel)
	}
	var typeOf func(n *pg.Node) uint32
	typeOf = func(n *pg.Node) uint32 {
		if ref := n.GetColumnRef(); ref != nil {
			name := columns[ref]
			if element, ok := strings.CutSuffix(name, "[]"); ok {
				return arrayOID(inferredTypeOIDs[element])
			}
			name, _, _ = strings.Cut(name, "(")
			return inferredTypeOIDs[name]
		}
		if c := n.GetAConst(); c != nil && c.GetBoolval() != nil {
			return 16
		}
		if a := n.GetAArrayExpr(); a != nil {
			return arrayConstructorType(a, typeOf)
		}
		if fc := n.GetFuncCall(); fc != nil {
			if t := aggregateType(fc, typeOf); t != 0 {
				return t
			}
			return functionResultOID(fc)
		}
		if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 1 {
			return arrayOID(inferredTypeOIDs[castTypeNames[lastName(tc.TypeName.GetNames())]])
		}
		return inferredTypeOIDs[exactType(n)]
	}
	return stmt, typeOf
}

// inferOperands gives the bare parameters among e's operands the type
// PostgreSQL infers from the other operand.
func inferOperands(e *pg.A_Expr, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	op := lastName(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		if e.Lexpr == nil {
			return
		}
		left, right := typeOf(e.Lexpr), typeOf(e.Rexpr)
		switch {
		case op == "||":
			set(e.Rexpr, concatOperandType(left))
			set(e.Lexpr, concatOperandType(right))
		case comparisonOperators[op]:
			set(e.Rexpr, left)
			set(e.Lexpr, right)
		case strings.Contains("+-*/%", op) && len(op) == 1:
			if numericTypeOIDs[left] {
				set(e.Rexpr, left)
			}
			if numericTypeOIDs[right] {
				set(e.Lexpr, right)
			}
		}
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		set(e.Lexpr, 25)
		set(e.Rexpr, 25)
	case pg.A_Expr_Kind_AEXPR_IN:
		left := typeOf(e.Lexpr)
		for _, item := range e.Rexpr.GetList().GetItems() {
			set(item, left)
		}
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		if comparisonOperators[op] {
			set(e.Rexpr, arrayOID(typeOf(e.Lexpr)))
		}
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		left := typeOf(e.Lexpr)
		for _, bound := range e.Rexpr.GetList().GetItems() {
			set(bound, left)
		}
	}
}

// arrayOID returns the OID of the array type of the type element, or 0.
func arrayOID(element uint32) uint32 {
	for array, e := range paramArrayElements {
		if e == element && element != 0 {
			return array
		}
	}
	return 0
}

// columnTypeOID returns the OID of a column's type in Relations, and 0
// where the type is not known.
func columnTypeOID(column typedColumn) uint32 {
	if column.varcharLength > 0 {
		return 1043
	}
	if element, ok := strings.CutSuffix(column.typ, "[]"); ok {
		return arrayOID(inferredTypeOIDs[element])
	}
	name, _, _ := strings.Cut(column.typ, "(")
	return inferredTypeOIDs[name]
}

// inferInsertedParams gives each bare parameter among the rows of INSERT
// ... VALUES the type of the column it goes to, as PostgreSQL does.
func inferInsertedParams(insert *pg.InsertStmt, rel *Relations, set func(*pg.Node, uint32)) {
	sel := insert.SelectStmt.GetSelectStmt()
	if sel == nil || len(sel.ValuesLists) == 0 {
		return
	}
	table := rel.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
	if table == nil || table.opaque {
		return
	}
	targets := table.columns
	if len(insert.Cols) > 0 {
		targets = make([]typedColumn, len(insert.Cols))
		for i, col := range insert.Cols {
			if rt := col.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
				targets[i], _ = table.uniqueColumn(strings.ToLower(rt.Name))
			}
		}
	}
	for _, row := range sel.ValuesLists {
		for i, item := range row.GetList().GetItems() {
			if i < len(targets) {
				set(item, columnTypeOID(targets[i]))
			}
		}
	}
}

// inferUpdatedParams gives each bare parameter that UPDATE ... SET
// assigns to a column the column's type, as PostgreSQL does.
func inferUpdatedParams(update *pg.UpdateStmt, rel *Relations, set func(*pg.Node, uint32)) {
	table := rel.lookup(update.Relation.GetSchemaname(), update.Relation.GetRelname())
	if table == nil || table.opaque {
		return
	}
	for _, t := range update.TargetList {
		if rt := t.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
			if column, ok := table.uniqueColumn(strings.ToLower(rt.Name)); ok {
				set(rt.Val, columnTypeOID(column))
			}
		}
	}
}
