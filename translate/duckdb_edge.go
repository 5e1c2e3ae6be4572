package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// Edge cases of PostgreSQL 15's functions and operators that DuckDB's own
// compute differently. The DuckDB provider registers the pgway_ functions
// named here (providers/duckdb/edge_udf.go).

// caseMappingFunctions are upper, lower and initcap with the functions
// that map case as PostgreSQL does in the C locale, which changes ASCII
// letters only. DuckDB's map every Unicode letter (upper('ß') is ẞ).
// NOTE: a PostgreSQL database whose LC_CTYPE is a language's locale, such
// as en_US.UTF-8, maps other letters too. pgway follows the C locale,
// which initdb --no-locale gives.
var caseMappingFunctions = map[string]string{
	"upper": "pgway_upper", "lower": "pgway_lower", "initcap": "pgway_initcap_c",
}

// checkedDateFunctions are make_date and make_timestamp with the
// functions that check their fields as PostgreSQL does: a negative year
// is BC, year 0 fails, and errors have SQLSTATE 22008 and PostgreSQL's
// messages.
var checkedDateFunctions = map[string]string{
	"make_date": "pgway_make_date", "make_timestamp": "pgway_make_timestamp",
}

// rewriteMakeTimestamptz checks the fields of make_timestamptz as
// make_timestamp does, since PostgreSQL computes it as make_timestamp at
// the session's or the named zone, where DuckDB's turns February 29 of
// 2023 into March 1:
//
//	make_timestamptz(y, m, d, h, min, s)        pgway_make_timestamp(y, m, d, h, min, s)::timestamptz
//	make_timestamptz(y, m, d, h, min, s, zone)  timezone(zone, pgway_make_timestamp(y, m, d, h, min, s))
//
// A constant zone with an offset, such as '+05', which make_timestamptz
// reads with the ISO sign and DuckDB does not read, fails with 0A000.
// TODO: a zone that is not a constant keeps DuckDB's make_timestamptz.
func rewriteMakeTimestamptz(n *pg.Node, fc *pg.FuncCall) (bool, error) {
	if len(fc.Args) != 6 && len(fc.Args) != 7 {
		return false, nil
	}
	local := funcCall("pgway_make_timestamp", fc.Location, fc.Args[:6]...)
	if len(fc.Args) == 6 {
		n.Node = typeCast(local, "timestamptz", fc.Location).Node
		return true, nil
	}
	zone := fc.Args[6].GetAConst().GetSval()
	if zone == nil {
		return false, nil
	}
	if strings.ContainsAny(zone.Sval, "0123456789+-") {
		return true, unsupportedf(fc.Location, "make_timestamptz() with the zone %q is not supported on DuckDB: give a zone name", zone.Sval)
	}
	n.Node = funcCall("timezone", fc.Location, fc.Args[6], local).Node
	return true, nil
}

// rewriteEdgeFunction rewrites a call of the functions above and reports
// whether it did, or returns the error of a call that PostgreSQL would
// run differently. It guards the divisor of mod() as guardModuloByMinusOne
// does, and reports false, so that the call gets the other rewrites.
func rewriteEdgeFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if len(fc.Args) == 0 || fc.AggStar || fc.Over != nil {
		return false, nil
	}
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return false, nil
	}
	if name == "mod" && len(fc.Args) == 2 {
		guardModuloByMinusOne(fc.Args[0], &fc.Args[1], fc.Location)
		return false, nil
	}
	if f, ok := checkedDateFunctions[name]; ok {
		fc.Funcname = stringNodes(f)
		return true, nil
	}
	if name == "make_timestamptz" {
		return rewriteMakeTimestamptz(n, fc)
	}
	if _, ok := caseMappingFunctions[name]; ok && len(fc.Args) == 1 {
		return rewriteCaseMapping(n, fc, name), nil
	}
	return false, nil
}

// rewriteCaseMapping rewrites upper, lower or initcap of an argument that
// may be text, and reports whether it did.
func rewriteCaseMapping(n *pg.Node, fc *pg.FuncCall, name string) bool {
	if class := staticType(fc.Args[0]); class != typeText && class != typeUnknown {
		// PostgreSQL has these for text only, so let DuckDB reject the
		// argument under the function's own name.
		return false
	}
	arg := fc.Args[0]
	fc.Funcname = stringNodes(caseMappingFunctions[name])
	if name == "initcap" || !isRepeatable(arg) {
		return true
	}

	// DuckDB's upper and lower are exact for ASCII text and about five
	// times as fast as the Go function (BenchmarkUpper), so ASCII text,
	// whose byte length is its length in characters, takes them:
	//
	//	CASE WHEN strlen(x) = length(x) THEN upper(x) ELSE pgway_upper(x) END
	own := funcCall(name, fc.Location, proto.Clone(arg).(*pg.Node))
	n.Node = searchedCase(fc.Location, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, asciiTest(arg, fc.Location), own).Node
	return true
}

// asciiTest returns strlen(x) = length(x), true for ASCII text, whose
// byte length is its length in characters.
func asciiTest(x *pg.Node, loc int32) *pg.Node {
	return binaryOp("=", funcCall("strlen", loc, proto.Clone(x).(*pg.Node)),
		funcCall("length", loc, proto.Clone(x).(*pg.Node)), loc)
}

// isRepeatable reports whether an expression is cheap and gives the same
// value each time it is written: a constant, or a column with or without a
// cast.
func isRepeatable(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	return n.GetColumnRef() != nil || n.GetAConst() != nil
}

// guardModuloByMinusOne gives x % -1 PostgreSQL's result, 0, where
// DuckDB raises an overflow for the smallest integer of a type. Since the
// remainder of a division by -1 or 1 is 0 for every x, a divisor of -1
// becomes 1:
//
//	x % -1  x % 1
//	x % y   x % CASE WHEN y = -1 THEN 1 ELSE y END
//
// divisor is the right operand of % or the second argument of mod().
// NOTE: a divisor that calls a volatile function, contains a subquery or
// is a parameter keeps DuckDB's error, since writing it twice would
// evaluate it twice or change the parameter's inferred type.
func guardModuloByMinusOne(dividend *pg.Node, divisor **pg.Node, loc int32) {
	if fractionalOperand(dividend) || fractionalOperand(*divisor) ||
		containsQuotient(dividend) || containsQuotient(*divisor) {
		return
	}
	if c := constantOf(*divisor); c != nil {
		if iv := c.GetIval(); iv != nil && iv.Ival == -1 {
			iv.Ival = 1
		}
		return
	}
	if hasVolatileCall(*divisor) || hasSubLink(*divisor) || hasParam(*divisor) {
		// A parameter keeps the type that DuckDB infers from % alone.
		return
	}
	isMinusOne := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{
		Kind:     pg.A_Expr_Kind_AEXPR_OP,
		Name:     stringNodes("="),
		Lexpr:    proto.Clone(*divisor).(*pg.Node),
		Rexpr:    pg.MakeAConstIntNode(-1, loc),
		Location: loc,
	}}}
	*divisor = &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: isMinusOne, Result: pg.MakeAConstIntNode(1, loc), Location: loc}}}},
		Defresult: *divisor,
		Location:  loc,
	}}}
}

// fractionalOperand reports whether n shows that it is not an integer.
// PostgreSQL reads -2147483648, which the parser keeps as a numeric
// constant, as an integer.
func fractionalOperand(n *pg.Node) bool {
	if f := n.GetAConst().GetFval(); f != nil && !strings.ContainsAny(f.Fval, ".eE") {
		return false
	}
	return isFractional(staticType(n))
}

// constantOf returns the constant of n, or of the cast n, or nil.
func constantOf(n *pg.Node) *pg.A_Const {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	return n.GetAConst()
}

func hasSubLink(n *pg.Node) bool {
	found := false
	walkNode(n, func(m *pg.Node) error {
		found = found || m.GetSubLink() != nil
		return nil
	})
	return found
}

// shiftFunctions are the functions that shift integers as PostgreSQL's
// << and >> do: in two's complement, by the count modulo the width, where
// DuckDB raises an overflow for 1::int8 << 63 and 1 << 33.
var shiftFunctions = map[string]string{"<<": "pgway_shift_left", ">>": "pgway_shift_right"}

// rewriteIntegerShift rewrites x << n and x >> n where x shows that it is
// an integer, and reports whether it did. The count is an integer in
// PostgreSQL, which has no shift by a bigint.
// TODO: a shift of a value whose type the statement does not show keeps
// DuckDB's operator, and so its overflow errors.
func rewriteIntegerShift(n *pg.Node, e *pg.A_Expr, op string) (bool, error) {
	f, ok := shiftFunctions[op]
	if !ok || e.Lexpr == nil {
		return false, nil
	}
	valueType := exactType(e.Lexpr)
	if integerWidths[valueType] == 0 {
		return false, nil
	}
	if countType := exactType(e.Rexpr); countType != "" && countType != "int2" && countType != "int4" {
		return true, &Error{Code: CodeUndefinedFunction,
			Message:  "operator does not exist: " + integerTypeNames[valueType] + " " + op + " " + typeDisplayName(countType),
			Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
			Position: int(e.Location) + 1}
	}
	// The cast picks the overload of the value's type, which DuckDB would
	// not choose by itself for a constant.
	value := e.Lexpr
	if value.GetTypeCast() == nil {
		value = typeCast(value, valueType, e.Location)
	}
	n.Node = funcCall(f, e.Location, value, e.Rexpr).Node
	return true, nil
}

var integerTypeNames = map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint"}

// typeDisplayName returns PostgreSQL's name of a type in castTypeNames'
// names, as its error messages write it.
func typeDisplayName(name string) string {
	switch name {
	case "numeric", "text", "date", "interval":
		return name
	case "float4":
		return "real"
	case "float8":
		return "double precision"
	case "bool":
		return "boolean"
	case "timestamp", "time":
		return name + " without time zone"
	case "timestamptz":
		return "timestamp with time zone"
	}
	if s, ok := integerTypeNames[name]; ok {
		return s
	}
	return name
}

// rewriteJulian gives extract(julian from x) PostgreSQL 15's numeric and
// reports whether it did. For a date it is the Julian day. For a
// timestamp PostgreSQL adds the fraction of the day as a numeric
// division, whose scale depends on the time: 20 fractional digits at
// noon, 28 at midnight. So the dialect writes the same division, which
// pgway's numeric division computes:
//
//	julian(t::date)::int8 + (epoch_us(t) - epoch_us(date_trunc('day', t)))::numeric / 86400000000
//
// where t is the local time of a timestamptz in the session's zone.
// TODO: a source whose type the statement does not show keeps DuckDB's
// double precision.
func (d *duckDB) rewriteJulian(n *pg.Node, fc *pg.FuncCall) (bool, error) {
	if len(fc.Args) != 2 || strings.ToLower(fc.Args[0].GetAConst().GetSval().GetSval()) != "julian" {
		return false, nil
	}
	loc, source := fc.Location, fc.Args[1]
	switch exactType(source) {
	case "date":
		n.Node = decimalCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, extractPrecision, 0, loc).Node
		return true, nil
	case "timestamptz":
		source = typeCast(source, "timestamp", loc)
	case "timestamp":
	default:
		return false, nil
	}
	local := func() *pg.Node { return proto.Clone(source).(*pg.Node) }
	day := typeCast(funcCall("julian", loc, typeCast(local(), "date", loc)), "int8", loc)
	midnight := funcCall("date_trunc", loc, pg.MakeAConstStrNode("day", loc), local())
	micros := binaryOp("-", funcCall("epoch_us", loc, local()), funcCall("epoch_us", loc, midnight), loc)
	fraction := binaryOp("/", decimalCast(micros, 18, 0, loc), floatConstant("86400000000", loc), loc)
	if err := d.rewriteOperator(fraction, fraction.GetAExpr()); err != nil {
		return true, err
	}
	sum := binaryOp("+", day, fraction, loc)
	if err := d.rewriteOperator(sum, sum.GetAExpr()); err != nil {
		return true, err
	}
	n.Node = sum.Node
	return true, nil
}
