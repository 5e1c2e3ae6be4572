package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// renamedFunctions are PostgreSQL functions that DuckDB has under another
// name with the same arguments and result.
var renamedFunctions = map[string]string{
	"btrim": "trim",
	"every": "bool_and",
}

// unsupportedFunctions have a DuckDB function of the same name with other
// semantics, so passing them through would give wrong results.
var unsupportedFunctions = map[string]string{
	"json_typeof": "DuckDB names the JSON types differently",
	// DuckDB has one JSON type, which pgway returns as jsonb. PostgreSQL's
	// json keeps other text, which the functions of duckdb_json_text.go
	// build, but json_object() of text arrays is not among them.
	"json_object": jsonTypeReason,
}

// jsonTypeReason is the reason that functions returning json fail.
const jsonTypeReason = "it returns json, whose text pgway cannot keep on DuckDB, " +
	"so use its jsonb version, such as jsonb_build_object(), to_jsonb() or jsonb_agg()"

// orderedAggregates are the aggregates whose result shows the order of
// their input.
var orderedAggregates = map[string]bool{
	"array_agg": true, "string_agg": true, "json_agg": true, "jsonb_agg": true,
}

// int4Functions return integer in PostgreSQL and BIGINT in DuckDB, so
// their result is cast to keep PostgreSQL's result type.
// sum() of an integer is cast too (sumOfIntegers).
var int4Functions = map[string]bool{
	"length": true, "char_length": true, "character_length": true,
	"strpos": true, "position": true, "cardinality": true, "bit_length": true,
}

// typeFunctions are the type names that PostgreSQL also has as functions
// of one argument, such as date(timestamp).
var typeFunctions = map[string]bool{"date": true, "time": true, "timestamp": true, "timestamptz": true, "interval": true}

func (d *duckDB) rewriteFunction(n *pg.Node, fc *pg.FuncCall) error {
	// Keep pg_catalog on SQL-syntax calls such as EXTRACT(year FROM x),
	// which the deparser writes back in their SQL form only with it.
	if s := schemaOf(fc.Funcname); s == "pg_catalog" && fc.Funcformat != pg.CoercionForm_COERCE_SQL_SYNTAX {
		fc.Funcname = stringNodes(lastName(fc.Funcname))
	}
	name := strings.ToLower(lastName(fc.Funcname))
	if fc.FuncVariadic {
		// DuckDB cannot parse VARIADIC.
		return unsupportedf(fc.Location, "VARIADIC arguments of %s() are not supported on DuckDB", name)
	}
	if handled, err := rewriteByteaSlice(n, fc, name); handled {
		return err
	}
	if handled, err := rewriteOverlay(n, fc, name); handled {
		return err
	}
	if handled, err := rewriteByteaFunction(n, fc, name); handled {
		return err
	}
	if unhex := hexByteaStringAgg(fc, name); unhex != nil {
		defer unhex(n)
	}
	if typeFunctions[name] && len(fc.Args) != 1 {
		// DuckDB's parser takes these names for casts of one argument.
		return &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s() does not exist", name),
			Position: int(fc.Location) + 1}
	}
	if orderedAggregates[name] && fc.AggDistinct && len(fc.AggOrder) == 0 && len(fc.Args) > 0 {
		// PostgreSQL computes DISTINCT of an aggregate by sorting its
		// input, so the values come out in order; DuckDB's come out in
		// any order unless asked.
		fc.AggOrder = []*pg.Node{{Node: &pg.Node_SortBy{SortBy: &pg.SortBy{Node: fc.Args[0], Location: -1}}}}
	}
	if fc.AggWithinGroup && orderedSetAggregates[name] && len(fc.Args) != orderedSetArguments[name] {
		// DuckDB's parser rejects the call; PostgreSQL finds no function.
		return &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s with %d direct arguments does not exist", name, len(fc.Args)),
			Hint:     "No function matches the given name and argument types. You might need to add explicit type casts.",
			Position: int(fc.Location) + 1}
	}
	if fc.AggWithinGroup && !orderedSetAggregates[name] {
		if hypotheticalSetAggregates[name] {
			return unsupportedf(fc.Location, "%s() WITHIN GROUP is not supported on this warehouse", name)
		}
		return &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s() does not exist", name),
			Hint: "No ordered-set aggregate has this name.", Position: int(fc.Location) + 1}
	}
	if name == "jsonb_typeof" && len(fc.Args) == 1 {
		n.Node = jsonbTypeOf(fc.Args[0], fc.Location).Node
		return nil
	}
	if reason, ok := unsupportedFunctions[name]; ok {
		return unsupportedf(fc.Location, "function %s() is not supported on this warehouse because %s", name, reason)
	}
	if err := checkFunctionSignature(fc, name); err != nil {
		return err
	}
	if err := checkStrictCall(n, fc, name); err != nil || n.GetFuncCall() != fc {
		return err
	}
	if guard := floatAggregateGuard(fc, name); guard != nil {
		defer guard(n)
	}
	if handled, err := rewriteJSONBFunction(n, fc, name); handled || err != nil {
		return err
	}
	if to, ok := renamedFunctions[name]; ok {
		fc.Funcname = stringNodes(to)
		return nil
	}
	if strings.HasPrefix(name, "st_") || postgisFunctions[name] {
		return d.rewriteGISFunction(n, fc, name)
	}
	if integerGCD(n, fc, name) {
		return nil
	}
	if name == "length" && len(fc.Args) == 1 && (isBytea(fc.Args[0]) || castTo(fc.Args[0], "blob")) {
		// length() of a bytea counts its bytes in PostgreSQL, where
		// DuckDB has no length() of a BLOB.
		fc.Funcname = stringNodes("octet_length")
		name = "octet_length"
	}
	if name == "cardinality" || name == "unnest" {
		flattenNestedArray(fc)
	}
	if int4Functions[name] {
		n.Node = typeCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, "int4", fc.Location).Node
		return nil
	}
	if name == "percentile_cont" {
		continuousPercentileInput(fc)
	}
	if handled, err := rewriteIntervalAggregate(n, fc, name); handled || err != nil {
		return err
	}
	if name == "sum" && (sumOfIntegers(n, fc) || sumOfReals(n, fc)) {
		return nil
	}
	if isAverage(name, fc) {
		rewriteAverage(n, fc)
		return nil
	}
	if handled, err := rewriteVariance(n, fc, name); handled || err != nil {
		return err
	}
	if rewriteRegression(n, fc, name) {
		return nil
	}
	if doubleFunctions[name] {
		realArgumentsToDouble(fc)
	}
	if rewriteNumericMath(n, fc, name) {
		return nil
	}
	if name == "power" || name == "pow" {
		defer guardPowerRange(n, fc)
	}
	if _, ok := domainChecks[name]; ok {
		defer guardDomain(n, fc, name)
	}
	if name == "exp" {
		defer guardExp(n, fc)
	}
	if handled, err := rewriteEdgeFunction(n, fc, name); handled || err != nil {
		return err
	}
	if handled, err := rewriteBuiltin(n, fc, name); handled || err != nil {
		return err
	}
	switch name {
	case "extract", "date_part", "date_trunc":
		if rejectUnknownUnit(n, fc, name) {
			return nil
		}
		if name != "date_trunc" {
			written := spellExtractUnit(fc)
			defer guardExtract(n, fc, name, written)
		}
	case "timeofday":
		return rewriteTimeOfDay(fc)
	case "age":
		guardInfiniteAge(n, fc)
		return nil
	case "isfinite":
		if finiteInterval(n, fc) {
			return nil
		}
	}
	switch name {
	case "round", "trunc":
		if _, constant := integerConstant(fc.Args[len(fc.Args)-1]); len(fc.Args) == 2 && !constant {
			if rewriteRoundPlaces(n, fc); n.GetFuncCall() != fc {
				return nil
			}
		}
		if err := rewriteIntegerRound(n, fc); err != nil || n.GetFuncCall() != fc {
			return err
		}
		if err := rewriteRoundToScale(n, fc); err != nil || n.GetFuncCall() != fc {
			return err
		}
		if rewriteRoundPlaces(n, fc); n.GetFuncCall() != fc {
			return nil
		}
		if name == "round" {
			rewriteRound(n, fc)
		}
	case "extract":
		if handled, err := d.rewriteJulian(n, fc); handled || err != nil {
			return err
		}
		rewriteExtract(n, fc)
	case "date_part":
		rewriteDatePart(n, fc)
	case "to_char":
		return rewriteToChar(n, fc)
	case "to_number":
		return rewriteToNumber(n, fc)
	case "to_timestamp", "to_date":
		return rewriteParseTime(n, fc, name)
	case "date_trunc", "timezone":
		return rewriteZonedDateTime(n, fc, name)
	case "generate_series":
		if err := checkSmallintSeries(fc); err != nil {
			return err
		}
		seriesOfDates(fc)
	case "sign":
		signType(n, fc)
	case "repeat":
		guardRepeat(fc)
	}
	return nil
}

// rewriteRound rounds a double precision argument half to even, as
// PostgreSQL's round(float8) does; DuckDB rounds half away from zero, as
// PostgreSQL's round(numeric) does. An argument whose type the expression
// does not show becomes
//
//	CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN round_even(x, 0) ELSE round(x) END
//
// DuckDB folds typeof to a constant, and both branches have the type of
// x, so the result type is DuckDB's round's.
// round() of an integer is rewritten before, by rewriteIntegerRound.
func rewriteRound(n *pg.Node, fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		return
	}
	arg := fc.Args[0]
	switch staticType(arg) {
	case typeFloat:
		if floatWidth(arg) == 4 {
			// PostgreSQL has round(double precision) only.
			fc.Args[0] = typeCast(arg, "float8", fc.Location)
		}
		fc.Funcname = stringNodes("round_even")
		fc.Args = append(fc.Args, pg.MakeAConstIntNode(0, fc.Location))
		return
	case typeNumeric, typeInteger:
		return
	}
	if hasParam(arg) {
		// DuckDB cannot take the type of a parameter that only typeof uses.
		return
	}
	if integralValue(arg) {
		// Both ways of rounding keep a whole number, and DuckDB's round
		// has the type of the CASE below, so round(round(x)) does not
		// write x nine times.
		return
	}
	isFloat := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{
		Kind:  pg.A_Expr_Kind_AEXPR_IN,
		Name:  stringNodes("="),
		Lexpr: funcCall("typeof", fc.Location, arg),
		Rexpr: &pg.Node{Node: &pg.Node_List{List: &pg.List{Items: []*pg.Node{
			pg.MakeAConstStrNode("DOUBLE", -1), pg.MakeAConstStrNode("FLOAT", -1)}}}},
		Location: fc.Location,
	}}}
	even := funcCall("round_even", fc.Location, arg, pg.MakeAConstIntNode(0, fc.Location))
	away := funcCall("round", fc.Location, arg)
	n.Node = &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args:      []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{Expr: isFloat, Result: even}}}},
		Defresult: away,
		Location:  fc.Location,
	}}
}

// hasParam reports whether n contains a parameter reference such as $1.
func hasParam(n *pg.Node) bool {
	found := false
	_ = walkNode(n, func(m *pg.Node) error {
		if _, ok := m.Node.(*pg.Node_ParamRef); ok {
			found = true
		}
		return nil
	})
	return found
}

// hasUntypedParam reports whether n holds a parameter that no cast gives
// a type, whose type DuckDB may resolve only from its context.
func hasUntypedParam(n *pg.Node) bool {
	typed := map[*pg.ParamRef]bool{}
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if tc, ok := msg.(*pg.TypeCast); ok && tc.Arg.GetParamRef() != nil {
			typed[tc.Arg.GetParamRef()] = true
		}
	})
	untyped := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if p, ok := msg.(*pg.ParamRef); ok && !typed[p] {
			untyped = true
		}
	})
	return untyped
}

// staticTypeClass is the type class of an expression as far as the
// expression alone shows it, without a catalog.
type staticTypeClass int

const (
	typeUnknown staticTypeClass = iota
	typeInteger
	typeNumeric
	typeFloat
	typeText
	typeTime
	// typeNull is NULL, which takes the type of the other operands.
	typeNull
)

// floatFunctions return double precision.
var floatFunctions = map[string]bool{"random": true, "sqrt": true, "cbrt": true, "pi": true, "round_even": true}

var castClasses = map[string]staticTypeClass{
	"int2": typeInteger, "int4": typeInteger, "int8": typeInteger,
	"float4": typeFloat, "float8": typeFloat, "numeric": typeNumeric,
	"text": typeText, "varchar": typeText, "bpchar": typeText,
	"date": typeTime, "timestamp": typeTime, "timestamptz": typeTime,
	"interval": typeTime, "time": typeTime, "timetz": typeTime,
}

func staticType(n *pg.Node) staticTypeClass {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst:
		switch {
		case v.AConst.GetIval() != nil:
			return typeInteger
		case v.AConst.GetFval() != nil:
			return typeNumeric
		}
	case *pg.Node_TypeCast:
		return castClasses[lastName(v.TypeCast.TypeName.GetNames())]
	case *pg.Node_FuncCall:
		if floatWidth(n) != 0 {
			return typeFloat
		}
	case *pg.Node_SqlvalueFunction:
		return typeTime
	case *pg.Node_AExpr:
		return arithmeticType(v.AExpr)
	}
	return typeUnknown
}

// arithmeticType returns the type of a sign or of arithmetic on operands
// of one type.
func arithmeticType(e *pg.A_Expr) staticTypeClass {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || !strings.Contains("+-*", lastName(e.Name)) {
		return typeUnknown
	}
	right := staticType(e.Rexpr)
	if e.Lexpr == nil || staticType(e.Lexpr) == right {
		return right
	}
	return typeUnknown
}

// rewriteDateTrunc gives date_trunc PostgreSQL's types. A date is cast to
// timestamptz, as PostgreSQL's function resolution casts it, where DuckDB
// would truncate it as a timestamp. The three-argument form, which
// truncates in the named zone, becomes conversions to and from that
// zone's local time around DuckDB's two-argument date_trunc.
// NOTE: a date column whose type pgway does not know (typeColumns) is
// still truncated as a timestamp.
func rewriteDateTrunc(n *pg.Node, fc *pg.FuncCall) {
	switch len(fc.Args) {
	case 2:
		if tc := fc.Args[1].GetTypeCast(); tc != nil && lastName(tc.TypeName.GetNames()) == "date" || dateValue(fc.Args[1]) {
			fc.Args[1] = typeCast(fc.Args[1], "timestamptz", fc.Location)
		}
		truncateToCentury(n, fc)
	case 3:
		zone, loc := fc.Args[2], fc.Location
		local := funcCall("timezone", loc, zone, typeCast(fc.Args[1], "timestamptz", loc))
		truncated := funcCall("date_trunc", loc, fc.Args[0], local)
		n.Node = funcCall("timezone", loc, zone, truncated).Node
	}
}

// continuousPercentileInput casts the input of percentile_cont to double
// precision, as PostgreSQL does for every input but an interval. DuckDB
// interpolates a DECIMAL input in its own type, which rounds to its scale
// (15.375 of a numeric(12,2) became 15.37).
func continuousPercentileInput(fc *pg.FuncCall) {
	if !fc.AggWithinGroup || len(fc.AggOrder) != 1 {
		return
	}
	sortBy := fc.AggOrder[0].GetSortBy()
	if sortBy == nil || exactType(sortBy.Node) == "interval" {
		return
	}
	sortBy.Node = typeCast(sortBy.Node, "float8", fc.Location)
}

// orderedSetAggregates are the ordered-set aggregates (WITHIN GROUP)
// that DuckDB has, and hypotheticalSetAggregates those of PostgreSQL
// that it lacks.
var (
	orderedSetAggregates = map[string]bool{"percentile_cont": true, "percentile_disc": true, "mode": true}
	// orderedSetArguments are the numbers of direct arguments of
	// orderedSetAggregates.
	orderedSetArguments       = map[string]int{"percentile_cont": 1, "percentile_disc": 1, "mode": 0}
	hypotheticalSetAggregates = map[string]bool{"rank": true, "dense_rank": true, "percent_rank": true, "cume_dist": true}
)
