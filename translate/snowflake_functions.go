package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// snowflakeRenamed are the PostgreSQL functions that Snowflake has with
// the same arguments and semantics, by PostgreSQL name, mapped to
// Snowflake's name. Every other function, unless snowflakeSpecial
// rewrites it, fails with 0A000, because a function of the same name may
// compute something else. Functions in a schema other than pg_catalog are
// the warehouse's own and pass unchanged.
var snowflakeRenamed = map[string]string{
	// Aggregates.
	"count": "count", "sum": "sum", "avg": "avg", "min": "min", "max": "max",
	"stddev": "stddev", "stddev_samp": "stddev_samp", "stddev_pop": "stddev_pop",
	"variance": "variance", "var_samp": "var_samp", "var_pop": "var_pop",
	"bool_and": "booland_agg", "bool_or": "boolor_agg", "every": "booland_agg",
	"percentile_cont": "percentile_cont", "percentile_disc": "percentile_disc",

	// Window functions.
	"row_number": "row_number", "rank": "rank", "dense_rank": "dense_rank",
	"percent_rank": "percent_rank", "cume_dist": "cume_dist", "ntile": "ntile",
	"lag": "lag", "lead": "lead", "first_value": "first_value", "last_value": "last_value",
	"nth_value": "nth_value",

	// Mathematical functions.
	"abs": "abs", "ceil": "ceil", "ceiling": "ceil", "floor": "floor", "sign": "sign",
	"sqrt": "sqrt", "cbrt": "cbrt", "exp": "exp", "ln": "ln", "pi": "pi",
	"degrees": "degrees", "radians": "radians", "sin": "sin", "cos": "cos", "tan": "tan",
	"asin": "asin", "acos": "acos", "atan": "atan", "atan2": "atan2",
	"power": "power", "pow": "power", "mod": "mod", "trunc": "trunc",

	// String functions.
	"lower": "lower", "upper": "upper", "length": "length", "char_length": "length",
	"character_length": "length", "octet_length": "octet_length", "ltrim": "ltrim",
	"rtrim": "rtrim", "btrim": "trim", "replace": "replace", "reverse": "reverse",
	"repeat": "repeat", "md5": "md5", "chr": "chr", "ascii": "ascii",
	"translate": "translate", "starts_with": "startswith",

	// Date and JSON functions.
	"make_date": "date_from_parts", "jsonb_array_length": "array_size",
	"json_array_length": "array_size", "json_build_object": "object_construct_keep_null",
	"jsonb_build_object": "object_construct_keep_null",
}

// nullIgnoringAggregates are the aggregates that skip NULL inputs, so that
// FILTER (WHERE p) becomes a CASE that passes NULL where p is not true.
var nullIgnoringAggregates = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true,
	"stddev": true, "stddev_samp": true, "stddev_pop": true, "variance": true,
	"var_samp": true, "var_pop": true, "bool_and": true, "bool_or": true,
	"every": true, "string_agg": true,
}

// snowflakeSpecial rewrites a call of one PostgreSQL function in place.
type snowflakeSpecial func(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error

// snowflakeSpecials are the functions whose arguments or semantics need
// more than a new name, by PostgreSQL name.
var snowflakeSpecials = map[string]snowflakeSpecial{
	"round": rewriteSnowflakeRound, "log": rewriteSnowflakeLog, "log10": rewriteSnowflakeLog,
	"div": rewriteSnowflakeDiv, "random": rewriteSnowflakeRandom,
	"strpos": rewriteSnowflakePosition, "position": rewriteSnowflakePosition,
	"lpad": rewriteSnowflakePad, "rpad": rewriteSnowflakePad,
	"left": rewriteSnowflakeLeftRight, "right": rewriteSnowflakeLeftRight,
	"substr": rewriteSnowflakeSubstring, "substring": rewriteSnowflakeSubstring,
	"split_part": rewriteSnowflakeSplitPart, "concat": rewriteSnowflakeConcat,
	"concat_ws": rewriteSnowflakeConcatWS, "string_agg": rewriteSnowflakeStringAgg,
	"array_agg":  rewriteSnowflakeArrayAgg,
	"date_trunc": rewriteSnowflakeDateTrunc, "date_part": rewriteSnowflakeExtract,
	"extract": rewriteSnowflakeExtract, "to_char": rewriteSnowflakeToChar,
	"to_date": rewriteSnowflakeParseTime, "to_timestamp": rewriteSnowflakeParseTime,
	"regexp_replace": rewriteSnowflakeRegexpReplace, "like_escape": rewriteSnowflakeLikeEscape,
	"json_extract_path": rewriteSnowflakeExtractPath, "jsonb_extract_path": rewriteSnowflakeExtractPath,
	"json_extract_path_text": rewriteSnowflakeExtractPath, "jsonb_extract_path_text": rewriteSnowflakeExtractPath,
}

func (r *snowflakeRewriter) rewriteFunction(n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	if s := schemaOf(fc.Funcname); (s != "" && s != "pg_catalog") || name != strings.ToLower(name) {
		// A function of the warehouse's own, such as a user-defined
		// function, which mapSnowflakeNames gave Snowflake's name.
		return nil
	}

	switch name {
	case "generate_series", "similar_to_escape":
		// Left for FROM and SIMILAR TO; checkLeftovers rejects them
		// anywhere else.
		return nil
	}
	if strings.HasPrefix(name, "st_") || postgisFunctions[name] {
		return r.rewriteGISFunction(n, fc, name)
	}

	if err := checkAggregateClauses(fc, name); err != nil {
		return err
	}
	if err := r.checkNumericMath(fc, name); err != nil {
		return err
	}
	if fc.AggFilter != nil {
		filterIntoArgument(fc)
	}

	if special, ok := snowflakeSpecials[name]; ok {
		return special(r, n, fc)
	}
	to, ok := snowflakeRenamed[name]
	if !ok {
		return unsupportedf(fc.Location, "function %s() is not supported on this warehouse", name)
	}
	fc.Funcname = stringNodes(to)
	fc.Funcformat = pg.CoercionForm_COERCE_EXPLICIT_CALL
	return nil
}

// checkAggregateClauses rejects ORDER BY inside aggregates that Snowflake
// cannot order, WITHIN GROUP on other functions than the percentiles, and
// FILTER on aggregates that count NULL inputs.
func checkAggregateClauses(fc *pg.FuncCall, name string) error {
	switch {
	case len(fc.AggOrder) > 0 && !fc.AggWithinGroup && name != "string_agg":
		return unsupportedf(fc.Location, "ORDER BY in the arguments of %s() is not supported on this warehouse", name)
	case fc.AggWithinGroup && name != "percentile_cont" && name != "percentile_disc":
		return unsupportedf(fc.Location, "%s() WITHIN GROUP is not supported on this warehouse", name)
	case fc.AggWithinGroup && len(fc.Args) == 1 && fc.Args[0].GetAConst() == nil:
		return unsupportedf(fc.Location, "%s() with a fraction that is not a constant is not supported on this warehouse", name)
	case fc.AggFilter != nil && (!nullIgnoringAggregates[name] || fc.Over != nil || (len(fc.Args) == 0 && !fc.AggStar)):
		return unsupportedf(fc.Location, "FILTER on %s() is not supported on this warehouse", name)
	case fc.FuncVariadic:
		return unsupportedf(fc.Location, "VARIADIC is not supported on this warehouse")
	}
	return nil
}

// filterIntoArgument turns agg(x) FILTER (WHERE p) into agg(CASE WHEN p
// THEN x END), and count(*) FILTER (WHERE p) into count(CASE WHEN p THEN
// 1 END), which give the same result for aggregates that skip NULLs.
func filterIntoArgument(fc *pg.FuncCall) {
	value := pg.MakeAConstIntNode(1, fc.Location)
	if !fc.AggStar && len(fc.Args) > 0 {
		value = fc.Args[0]
	}
	when := &pg.Node{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{Expr: fc.AggFilter, Result: value, Location: fc.Location}}}
	expr := &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{Args: []*pg.Node{when}, Location: fc.Location}}}
	if fc.AggStar {
		fc.AggStar = false
		fc.Args = []*pg.Node{expr}
	} else {
		fc.Args[0] = expr
	}
	fc.AggFilter = nil
}

func renameTo(fc *pg.FuncCall, name string) {
	fc.Funcname = stringNodes(name)
	fc.Funcformat = pg.CoercionForm_COERCE_EXPLICIT_CALL
}

// rewriteSnowflakeRound rounds a double precision argument half to even,
// as PostgreSQL's round(float8) does; Snowflake rounds half away from
// zero, as PostgreSQL's round(numeric) does. An argument of unknown type
// is tested at run time: TYPEOF of a FLOAT in a VARIANT is DOUBLE.
func rewriteSnowflakeRound(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	renameTo(fc, "round")
	if len(fc.Args) != 1 {
		return nil
	}
	x, loc := fc.Args[0], fc.Location
	class := snowflakeStaticType(x)
	switch class {
	case typeInteger:
		return nil
	case typeNumeric:
		// Snowflake rounds a NUMBER(p,s) to a NUMBER(p,0), which reaches
		// clients as bigint when p <= 18, but round(numeric) is numeric.
		n.Node = typeCastTo(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, "number(38,0)", loc).Node
		return nil
	}
	if hasVolatileCall(x) {
		return unsupported("round() of a volatile expression of unknown type", loc, "Cast the argument to numeric or float8.")
	}
	var isDouble *pg.Node
	if class != typeFloat {
		isDouble = binaryOp("=", r.call("typeof", loc, r.call("to_variant", loc, x)), pg.MakeAConstStrNode("DOUBLE", loc), loc)
	}
	n.Node = r.halfEven(x, isDouble, r.call("round", loc, x), loc).Node
	return nil
}

// roundHalfEven returns x, a double precision, with a half rounded to
// the even integer, as PostgreSQL rounds a double precision cast to an
// integer type. Other values pass unchanged for the cast to round.
func (r *snowflakeRewriter) roundHalfEven(x *pg.Node, loc int32) *pg.Node {
	return r.halfEven(x, nil, x, loc)
}

// halfEven returns CASE WHEN x is a half THEN x rounded to the even
// integer ELSE otherwise END, with the extra condition cond when it is not
// nil.
func (r *snowflakeRewriter) halfEven(x, cond, otherwise *pg.Node, loc int32) *pg.Node {
	fraction := binaryOp("-", x, r.call("trunc", loc, x), loc)
	isHalf := binaryOp("=", r.call("abs", loc, fraction), floatConst("0.5", loc), loc)
	if cond != nil {
		isHalf = pg.MakeBoolExprNode(pg.BoolExprType_AND_EXPR, []*pg.Node{cond, isHalf}, loc)
	}
	even := binaryOp("*", pg.MakeAConstIntNode(2, loc),
		r.call("round", loc, binaryOp("/", x, pg.MakeAConstIntNode(2, loc), loc)), loc)
	return caseWhen(isHalf, even, otherwise, loc)
}

func caseWhen(cond, then, otherwise *pg.Node, loc int32) *pg.Node {
	when := &pg.Node{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{Expr: cond, Result: then, Location: loc}}}
	return &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{Args: []*pg.Node{when}, Defresult: otherwise, Location: loc}}}
}

// rewriteSnowflakeLog maps log(x) and log10(x), which are base 10 in
// PostgreSQL, and log(b, x) to Snowflake's LOG(base, x).
func rewriteSnowflakeLog(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	renameTo(fc, "log")
	if len(fc.Args) == 1 {
		fc.Args = []*pg.Node{pg.MakeAConstIntNode(10, fc.Location), fc.Args[0]}
	}
	return nil
}

func rewriteSnowflakeDiv(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "div() with %d arguments is not supported", len(fc.Args))
	}
	div, err := r.truncatingDivision(fc.Args[0], fc.Args[1], fc.Location)
	if err != nil {
		return err
	}
	n.Node = div.Node
	return nil
}

// rewriteSnowflakeRandom returns a double precision in [0, 1) as
// PostgreSQL's random() does; Snowflake's RANDOM() returns a 64-bit
// integer.
// UNIFORM(0, 1, ...) can return 1, which random() never does.
func rewriteSnowflakeRandom(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 0 {
		return unsupportedf(fc.Location, "random() with arguments is not supported")
	}
	zero := typeCast(pg.MakeAConstIntNode(0, fc.Location), "float", fc.Location)
	one := typeCast(pg.MakeAConstIntNode(1, fc.Location), "float", fc.Location)
	n.Node = r.call("uniform", fc.Location, zero, one, r.call("random", fc.Location)).Node
	return nil
}

// rewriteSnowflakePosition maps strpos(s, sub) and position(sub in s),
// which the parser gives as position(s, sub), to CHARINDEX(sub, s).
func rewriteSnowflakePosition(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported", lastName(fc.Funcname), len(fc.Args))
	}
	renameTo(fc, "charindex")
	fc.Args = []*pg.Node{fc.Args[1], fc.Args[0]}
	return nil
}

// rewriteSnowflakePad gives lpad and rpad PostgreSQL's default fill, a
// space.
func rewriteSnowflakePad(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	renameTo(fc, lastName(fc.Funcname))
	if len(fc.Args) == 2 {
		fc.Args = append(fc.Args, pg.MakeAConstStrNode(" ", fc.Location))
	}
	return nil
}

// rewriteSnowflakeLeftRight accepts left(s, n) and right(s, n) with a
// constant n >= 0. PostgreSQL reads a negative n as all but the last or
// first -n characters, which Snowflake does not.
func rewriteSnowflakeLeftRight(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	if len(fc.Args) != 2 || fc.Args[1].GetAConst().GetIval() == nil || fc.Args[1].GetAConst().GetIval().Ival < 0 {
		return unsupportedf(fc.Location, "%s() with a length that is not a constant of at least 0 is not supported on this warehouse", name)
	}
	renameTo(fc, name)
	return nil
}

// rewriteSnowflakeSubstring accepts substring(s, start [, count]) with a
// constant start of at least 1. PostgreSQL counts a start below 1 as
// characters before the string, Snowflake as the first character or from
// the end. The regular expression forms fail with 0A000.
func rewriteSnowflakeSubstring(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	if len(fc.Args) < 2 || len(fc.Args) > 3 {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	if fc.Args[1].GetAConst().GetSval() != nil || (len(fc.Args) == 3 && fc.Args[2].GetAConst().GetSval() != nil) {
		return unsupportedf(fc.Location, "%s() with a regular expression is not supported on this warehouse", name)
	}
	start := fc.Args[1].GetAConst().GetIval()
	if start == nil || start.Ival < 1 {
		return unsupportedf(fc.Location, "%s() with a start that is not a constant of at least 1 is not supported on this warehouse", name)
	}
	renameTo(fc, "substr")
	return nil
}

// rewriteSnowflakeSplitPart accepts split_part with a constant field
// number of at least 1. Snowflake reads 0 as 1, where PostgreSQL raises
// an error.
func rewriteSnowflakeSplitPart(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 3 || fc.Args[2].GetAConst().GetIval() == nil || fc.Args[2].GetAConst().GetIval().Ival < 1 {
		return unsupportedf(fc.Location, "split_part() with a field that is not a constant of at least 1 is not supported on this warehouse")
	}
	renameTo(fc, "split_part")
	return nil
}

// rewriteSnowflakeConcat skips NULL arguments, as PostgreSQL's concat
// does; Snowflake's CONCAT returns NULL for any NULL argument.
// A boolean argument is written true or false, where PostgreSQL
// writes t or f.
func rewriteSnowflakeConcat(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) == 0 {
		return unsupportedf(fc.Location, "concat() without arguments is not supported")
	}
	var out *pg.Node
	for _, arg := range fc.Args {
		part := r.coalesceText(arg, fc.Location)
		if out == nil {
			out = part
		} else {
			out = binaryOp("||", out, part, fc.Location)
		}
	}
	n.Node = out.Node
	return nil
}

func (r *snowflakeRewriter) coalesceText(arg *pg.Node, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{
		Args:     []*pg.Node{r.call("to_varchar", loc, arg), pg.MakeAConstStrNode("", loc)},
		Location: loc,
	}}}
}

// rewriteSnowflakeConcatWS joins the arguments that are not NULL, as
// PostgreSQL's concat_ws does.
func rewriteSnowflakeConcatWS(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) < 2 {
		return unsupportedf(fc.Location, "concat_ws() with fewer than 2 arguments is not supported")
	}
	values := r.call("array_construct_compact", fc.Location, fc.Args[1:]...)
	n.Node = r.call("array_to_string", fc.Location, values, fc.Args[0]).Node
	return nil
}

// rewriteSnowflakeStringAgg turns string_agg(x, sep ORDER BY ...) into
// LISTAGG(x, sep) WITHIN GROUP (ORDER BY ...). It returns NULL when every
// value is NULL, as string_agg does, where LISTAGG returns an empty string.
func rewriteSnowflakeStringAgg(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "string_agg() with %d arguments is not supported", len(fc.Args))
	}
	if fc.Over != nil {
		return unsupportedf(fc.Location, "string_agg() as a window function is not supported on this warehouse")
	}
	renameTo(fc, "listagg")
	if len(fc.AggOrder) > 0 {
		fc.AggWithinGroup = true
	}
	count := r.call("count", fc.Location, fc.Args[0])
	isEmpty := binaryOp("=", count, pg.MakeAConstIntNode(0, fc.Location), fc.Location)
	null := &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: fc.Location}}}
	n.Node = caseWhen(isEmpty, null, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, fc.Location).Node
	return nil
}

// rewriteSnowflakeLikeEscape turns the escape clause of LIKE, which the
// parser gives as like_escape(pattern, escape), into the marker that
// becomes Snowflake's ESCAPE clause.
func rewriteSnowflakeLikeEscape(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) != 2 {
		return unsupportedf(fc.Location, "like_escape() with %d arguments is not supported", len(fc.Args))
	}
	if esc := fc.Args[1].GetAConst().GetSval(); esc == nil || len([]rune(esc.Sval)) != 1 {
		return unsupportedf(fc.Location, "LIKE with an ESCAPE that is not one constant character is not supported on this warehouse")
	}
	renameTo(fc, escapeMarker)
	return nil
}

func floatConst(text string, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: text}}, Location: loc}}}
}

func boolConst(v bool, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: v}}, Location: loc}}}
}
