package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// bigQuerySameFunctions are PostgreSQL functions that BigQuery has, under
// the name given, with the same results for the argument types that
// PostgreSQL accepts. BigQuery rejects the argument types it lacks.
var bigQuerySameFunctions = map[string]string{
	"abs": "ABS", "ceil": "CEIL", "ceiling": "CEIL", "floor": "FLOOR", "sign": "SIGN",
	"sqrt": "SQRT", "exp": "EXP", "ln": "LN", "log10": "LOG10", "power": "POW", "pow": "POW",
	"mod": "MOD", "trunc": "TRUNC", "sin": "SIN", "cos": "COS", "tan": "TAN", "asin": "ASIN",
	"acos": "ACOS", "atan": "ATAN", "atan2": "ATAN2",
	"upper": "UPPER", "lower": "LOWER", "length": "LENGTH", "char_length": "LENGTH",
	"character_length": "LENGTH", "octet_length": "BYTE_LENGTH", "reverse": "REVERSE",
	"replace": "REPLACE", "strpos": "STRPOS", "starts_with": "STARTS_WITH", "lpad": "LPAD",
	"rpad": "RPAD", "left": "LEFT", "right": "RIGHT", "translate": "TRANSLATE", "chr": "CHR",
	"repeat": "REPEAT", "array_to_string": "ARRAY_TO_STRING", "cardinality": "ARRAY_LENGTH",
	"random": "RAND", "gen_random_uuid": "GENERATE_UUID", "make_date": "DATE",
}

// bigQueryAggregates are PostgreSQL's aggregates and BigQuery's names for
// them.
// NOTE: avg of integers returns numeric in PostgreSQL and FLOAT64 in
// BigQuery, so results may differ in the last digits. stddev and variance
// of integers and numerics fail in checkNumericMath.
var bigQueryAggregates = map[string]string{
	"count": "COUNT", "sum": "SUM", "avg": "AVG", "min": "MIN", "max": "MAX",
	"bool_and": "LOGICAL_AND", "bool_or": "LOGICAL_OR", "every": "LOGICAL_AND",
	"string_agg": "STRING_AGG", "array_agg": "ARRAY_AGG",
	"stddev": "STDDEV_SAMP", "stddev_samp": "STDDEV_SAMP", "stddev_pop": "STDDEV_POP",
	"variance": "VAR_SAMP", "var_samp": "VAR_SAMP", "var_pop": "VAR_POP",
	"corr": "CORR", "covar_pop": "COVAR_POP", "covar_samp": "COVAR_SAMP",
	"bit_and": "BIT_AND", "bit_or": "BIT_OR", "bit_xor": "BIT_XOR",
}

// bigQueryWindowFunctions exist in BigQuery with the same name and
// arguments.
var bigQueryWindowFunctions = map[string]bool{
	"row_number": true, "rank": true, "dense_rank": true, "percent_rank": true,
	"cume_dist": true, "ntile": true, "lag": true, "lead": true, "first_value": true,
	"last_value": true, "nth_value": true,
}

// bigQuerySpecialFunctions are written by functions of their own. It is
// set in init because those functions reach it through expr.
var bigQuerySpecialFunctions map[string]func(w *bqWriter, fc *pg.FuncCall)

func init() {
	bigQuerySpecialFunctions = map[string]func(w *bqWriter, fc *pg.FuncCall){
		"round":          (*bqWriter).round,
		"log":            (*bqWriter).log,
		"pi":             func(w *bqWriter, fc *pg.FuncCall) { w.write("ACOS(-1)") },
		"md5":            func(w *bqWriter, fc *pg.FuncCall) { w.write("TO_HEX(MD5("); w.list(fc.Args, w.expr); w.write("))") },
		"btrim":          (*bqWriter).trim,
		"ltrim":          (*bqWriter).trim,
		"rtrim":          (*bqWriter).trim,
		"concat":         (*bqWriter).concat,
		"concat_ws":      (*bqWriter).concatWS,
		"substr":         (*bqWriter).substring,
		"substring":      (*bqWriter).substring,
		"position":       func(w *bqWriter, fc *pg.FuncCall) { w.call("STRPOS", fc.Args...) },
		"split_part":     (*bqWriter).splitPart,
		"array_length":   (*bqWriter).arrayLength,
		"date_trunc":     (*bqWriter).dateTrunc,
		"extract":        (*bqWriter).extract,
		"date_part":      (*bqWriter).extract,
		"to_timestamp":   (*bqWriter).toTimestamp,
		"timezone":       (*bqWriter).atTimeZone,
		"regexp_replace": (*bqWriter).regexpReplace,
	}
}

func (w *bqWriter) function(fc *pg.FuncCall) {
	name := strings.ToLower(lastName(fc.Funcname))
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		w.failf(fc.Location, "function %s.%s() is not supported on BigQuery", schema, name)
		return
	}
	switch {
	case fc.AggWithinGroup:
		w.failf(fc.Location, "WITHIN GROUP is not supported on BigQuery")
		return
	case fc.FuncVariadic:
		w.failf(fc.Location, "VARIADIC arguments are not supported on BigQuery")
		return
	}
	for _, arg := range fc.Args {
		if arg.GetNamedArgExpr() != nil {
			w.failf(fc.Location, "named arguments are not supported on BigQuery")
			return
		}
	}
	if !w.checkNumericMath(fc) {
		return
	}
	if agg, ok := bigQueryAggregates[name]; ok {
		w.aggregate(fc, name, agg)
		return
	}
	if bigQueryWindowFunctions[name] {
		if fc.Over == nil {
			w.failf(fc.Location, "window function %s requires an OVER clause", name)
			return
		}
		if name == "ntile" && len(fc.Args) == 1 && !bigQueryConstant(fc.Args[0]) {
			// BigQuery's analysis rejects it (XX000), where PostgreSQL
			// reads the number of buckets at the partition's first row.
			w.failf(fc.Location, "ntile() with an argument that is not a constant is not supported on BigQuery")
			return
		}
		w.call(strings.ToUpper(name), fc.Args...)
		w.over(fc.Over)
		return
	}
	if fc.Over != nil || fc.AggStar || fc.AggDistinct || len(fc.AggOrder) > 0 || fc.AggFilter != nil {
		w.failf(fc.Location, "%s() is not an aggregate function", name)
		return
	}
	switch {
	case strings.HasPrefix(name, "st_") || postgisFunctions[name]:
		w.gisFunction(fc, name)
	case bigQuerySpecialFunctions[name] != nil:
		bigQuerySpecialFunctions[name](w, fc)
	case bigQuerySameFunctions[name] != "":
		w.call(bigQuerySameFunctions[name], fc.Args...)
	default:
		w.failf(fc.Location, "function %s() is not supported on BigQuery", name)
	}
}

// aggregate writes an aggregate call. FILTER (WHERE c) becomes an IF
// around the aggregated value, which aggregates skip when it is NULL as
// they skip filtered rows, and count(*) FILTER becomes COUNTIF.
func (w *bqWriter) aggregate(fc *pg.FuncCall, name, agg string) {
	args := fc.Args
	if len(fc.AggOrder) > 0 && name != "string_agg" && name != "array_agg" {
		w.failf(fc.Location, "ORDER BY in %s() is not supported on BigQuery", name)
		return
	}
	if fc.AggFilter != nil {
		switch {
		case fc.AggStar:
			w.call("COUNTIF", fc.AggFilter)
			w.over(fc.Over)
			return
		case name == "array_agg" || len(args) == 0:
			w.failf(fc.Location, "%s() with FILTER is not supported on BigQuery", name)
			return
		}
	}
	if name == "string_agg" && len(args) == 2 {
		switch delimiter := args[1]; {
		case delimiter.GetAConst().GetIsnull():
			// PostgreSQL joins without a delimiter; BigQuery rejects NULL.
			args = []*pg.Node{args[0], pg.MakeAConstStrNode("", delimiter.GetAConst().Location)}
		case !bigQueryConstant(delimiter):
			w.failf(fc.Location, "string_agg() with a delimiter that is not a constant is not supported on BigQuery")
			return
		}
	}
	w.write(agg, "(")
	if fc.AggDistinct {
		w.write("DISTINCT ")
	}
	if fc.AggStar {
		w.write("*")
	}
	for i, arg := range args {
		if i > 0 {
			w.write(", ")
		}
		if i > 0 || fc.AggFilter == nil {
			w.expr(arg)
			continue
		}
		w.write("IF(")
		w.expr(fc.AggFilter)
		w.write(", ")
		w.expr(arg)
		w.write(", NULL)")
	}
	w.aggregateOrderBy(fc.AggOrder)
	w.write(")")
	w.over(fc.Over)
}

// aggregateOrderBy writes the ORDER BY of string_agg and array_agg, whose
// syntax in BigQuery has no NULLS FIRST or LAST, with PostgreSQL's null
// order as a leading key IS NULL.
func (w *bqWriter) aggregateOrderBy(sorts []*pg.Node) {
	if len(sorts) == 0 {
		return
	}
	w.write(" ORDER BY ")
	w.list(sorts, func(n *pg.Node) {
		sb := n.GetSortBy()
		if sb.SortbyDir == pg.SortByDir_SORTBY_USING {
			w.failf(sb.Location, "ORDER BY ... USING is not supported on BigQuery")
			return
		}
		desc := sb.SortbyDir == pg.SortByDir_SORTBY_DESC
		nullsFirst := desc && sb.SortbyNulls != pg.SortByNulls_SORTBY_NULLS_LAST ||
			sb.SortbyNulls == pg.SortByNulls_SORTBY_NULLS_FIRST
		w.operand(sb.Node)
		if nullsFirst {
			w.write(" IS NULL DESC, ")
		} else {
			w.write(" IS NULL, ")
		}
		w.expr(sb.Node)
		if desc {
			w.write(" DESC")
		}
	})
}

func (w *bqWriter) over(wd *pg.WindowDef) {
	if wd == nil {
		return
	}
	if wd.Name != "" {
		w.write(" OVER ", bqQuoteIdent(wd.Name))
		return
	}
	w.write(" OVER ")
	w.windowSpec(wd)
}

// Frame option bits of WindowDef.FrameOptions, from PostgreSQL's
// parsenodes.h.
const (
	bqFrameNonDefault              = 0x00001
	bqFrameRange                   = 0x00002
	bqFrameRows                    = 0x00004
	bqFrameGroups                  = 0x00008
	bqFrameBetween                 = 0x00010
	bqFrameStartUnboundedPreceding = 0x00020
	bqFrameEndUnboundedFollowing   = 0x00100
	bqFrameStartCurrentRow         = 0x00200
	bqFrameEndCurrentRow           = 0x00400
	bqFrameStartOffsetPreceding    = 0x00800
	bqFrameEndOffsetPreceding      = 0x01000
	bqFrameStartOffsetFollowing    = 0x02000
	bqFrameEndOffsetFollowing      = 0x04000
	bqFrameExclusion               = 0x08000 | 0x10000 | 0x20000
)

func (w *bqWriter) windowSpec(wd *pg.WindowDef) {
	w.write("(")
	var parts []func()
	if wd.Refname != "" {
		parts = append(parts, func() { w.write(bqQuoteIdent(wd.Refname)) })
	}
	if len(wd.PartitionClause) > 0 {
		parts = append(parts, func() { w.write("PARTITION BY "); w.list(wd.PartitionClause, w.expr) })
	}
	if len(wd.OrderClause) > 0 {
		parts = append(parts, func() { w.write("ORDER BY "); w.list(wd.OrderClause, w.sortItem) })
	}
	if wd.FrameOptions&bqFrameNonDefault != 0 {
		parts = append(parts, func() { w.frame(wd) })
	}
	for i, part := range parts {
		if i > 0 {
			w.write(" ")
		}
		part()
	}
	w.write(")")
}

func (w *bqWriter) frame(wd *pg.WindowDef) {
	opts := wd.FrameOptions
	switch {
	case opts&bqFrameGroups != 0:
		w.failf(wd.Location, "GROUPS frames are not supported on BigQuery")
		return
	case opts&bqFrameExclusion != 0:
		w.failf(wd.Location, "frame EXCLUDE clauses are not supported on BigQuery")
		return
	case opts&bqFrameRows != 0:
		w.write("ROWS ")
	default:
		w.write("RANGE ")
	}
	if opts&bqFrameBetween != 0 {
		w.write("BETWEEN ")
	}
	w.frameBound(opts, wd.StartOffset, bqFrameStartUnboundedPreceding, 0, bqFrameStartCurrentRow,
		bqFrameStartOffsetPreceding, bqFrameStartOffsetFollowing)
	if opts&bqFrameBetween != 0 {
		w.write(" AND ")
		w.frameBound(opts, wd.EndOffset, 0, bqFrameEndUnboundedFollowing, bqFrameEndCurrentRow,
			bqFrameEndOffsetPreceding, bqFrameEndOffsetFollowing)
	}
}

func (w *bqWriter) frameBound(opts int32, offset *pg.Node, unboundedPreceding, unboundedFollowing, current, preceding, following int32) {
	switch {
	case opts&unboundedPreceding != 0:
		w.write("UNBOUNDED PRECEDING")
	case opts&unboundedFollowing != 0:
		w.write("UNBOUNDED FOLLOWING")
	case opts&current != 0:
		w.write("CURRENT ROW")
	case opts&preceding != 0:
		w.expr(offset)
		w.write(" PRECEDING")
	case opts&following != 0:
		w.expr(offset)
		w.write(" FOLLOWING")
	}
}

// round writes round(x), which rounds halves away from zero on numeric in
// both systems but to even on double precision in PostgreSQL only. A
// double precision argument is rounded to even. BigQuery has no function
// that returns a value's type, so an argument whose type the expression
// does not show is tested when the query runs. In NUMERIC and BIGNUMERIC
// arithmetic, which an INT64 operand joins, x * 0 + 0.1 + 0.2 equals 0.3
// exactly, and in FLOAT64 it never does (it is NULL for NULL, and false
// for NaN and infinities). A volatile argument is evaluated once, in a
// subquery.
// NOTE: avg of integers is FLOAT64 in BigQuery and numeric in PostgreSQL,
// so an argument that calls it is rounded away from zero, which is wrong
// when it averages double precision values.
func (w *bqWriter) round(fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		w.call("ROUND", fc.Args...)
		return
	}
	x := fc.Args[0]
	typ := bqStaticType(x)
	if typ != "float" && (typ != "" || bqCallsAny(x, bqWidenedAggregates)) {
		w.call("ROUND", x)
		return
	}

	value := func() { w.operand(x) }
	if bqContainsVolatile(x) {
		value = func() { w.write("_pgway_round") }
		w.write("(SELECT ")
		defer func() {
			w.write(" FROM UNNEST([")
			w.expr(x)
			w.write("]) AS _pgway_round)")
		}()
	}
	if typ == "float" {
		w.roundHalfEven(value)
		return
	}

	w.write("CASE WHEN ")
	value()
	w.write(" * 0 + NUMERIC '0.1' + NUMERIC '0.2' = NUMERIC '0.3' THEN ROUND(")
	value()
	w.write(") ELSE ")
	w.roundHalfEven(value)
	w.write(" END")
}

// roundHalfEven writes the rounding of a FLOAT64 value half to even. A
// half is x - TRUNC(x) = ±0.5, and 2 * ROUND(x / 2) is its even
// neighbour, since x / 2 is exact in binary floating point.
func (w *bqWriter) roundHalfEven(value func()) {
	w.write("IF(ABS(")
	value()
	w.write(" - TRUNC(")
	value()
	w.write(")) = 0.5, 2 * ROUND(")
	value()
	w.write(" / 2), ROUND(")
	value()
	w.write("))")
}

// bqWidenedAggregates are the aggregates whose result is FLOAT64 in
// BigQuery for integers, where PostgreSQL's is numeric. stddev and
// variance of integers fail in checkNumericMath.
var bqWidenedAggregates = map[string]bool{"avg": true}

// bqCallsAny reports whether n calls one of the functions in names.
func bqCallsAny(n *pg.Node, names map[string]bool) bool {
	found := false
	walkNode(n, func(m *pg.Node) error {
		if fc := m.GetFuncCall(); fc != nil && names[strings.ToLower(lastName(fc.Funcname))] {
			found = true
		}
		return nil
	})
	return found
}

// bqContainsVolatile reports whether n calls random(), whose repeated
// evaluation would give another value.
func bqContainsVolatile(n *pg.Node) bool {
	found := false
	walkNode(n, func(m *pg.Node) error {
		if fc := m.GetFuncCall(); fc != nil {
			switch strings.ToLower(lastName(fc.Funcname)) {
			case "random", "gen_random_uuid", "clock_timestamp":
				found = true
			}
		}
		return nil
	})
	return found
}

// log writes log(x), the base-10 logarithm in PostgreSQL, and log(b, x),
// whose arguments BigQuery takes the other way round.
func (w *bqWriter) log(fc *pg.FuncCall) {
	switch len(fc.Args) {
	case 1:
		w.call("LOG10", fc.Args...)
	case 2:
		w.call("LOG", fc.Args[1], fc.Args[0])
	default:
		w.failf(fc.Location, "log() with %d arguments does not exist", len(fc.Args))
	}
}

// trim writes btrim, ltrim and rtrim, which remove only spaces by default
// in PostgreSQL and all white space in BigQuery, with the characters
// spelled out.
func (w *bqWriter) trim(fc *pg.FuncCall) {
	name := map[string]string{"btrim": "TRIM", "ltrim": "LTRIM", "rtrim": "RTRIM"}[strings.ToLower(lastName(fc.Funcname))]
	switch len(fc.Args) {
	case 1:
		w.write(name, "(")
		w.expr(fc.Args[0])
		w.write(", ' ')")
	case 2:
		w.call(name, fc.Args...)
	default:
		w.failf(fc.Location, "%s() with %d arguments is not supported", strings.ToLower(name), len(fc.Args))
	}
}

// concat writes concat(), which skips NULL arguments in PostgreSQL and
// returns NULL for them in BigQuery.
func (w *bqWriter) concat(fc *pg.FuncCall) {
	w.write("CONCAT(")
	w.list(fc.Args, func(n *pg.Node) {
		w.write("COALESCE(")
		w.concatText(n, fc.Location)
		w.write(", '')")
	})
	w.write(")")
}

// concatWS writes concat_ws(sep, ...) as ARRAY_TO_STRING, which skips
// NULL elements as concat_ws skips NULL arguments.
func (w *bqWriter) concatWS(fc *pg.FuncCall) {
	if len(fc.Args) < 2 {
		w.failf(fc.Location, "concat_ws() needs a separator and at least one value")
		return
	}
	w.write("ARRAY_TO_STRING([")
	w.list(fc.Args[1:], func(n *pg.Node) { w.concatText(n, fc.Location) })
	w.write("], ")
	w.expr(fc.Args[0])
	w.write(")")
}

// concatText writes a value as the text that concat() makes of it.
func (w *bqWriter) concatText(n *pg.Node, location int32) {
	switch t := bqStaticType(n); t {
	case "", "text":
		if c := n.GetAConst(); c != nil && (c.GetIval() != nil || c.GetFval() != nil) {
			w.concatOperand(n, location)
			return
		}
		w.write("CAST(")
		w.expr(n)
		w.write(" AS STRING)")
	default:
		w.concatOperand(n, location)
	}
}

// substring writes substr(s, start [, count]) as SUBSTR when start is a
// positive constant. PostgreSQL counts a start below 1 as positions
// before the string and BigQuery counts a negative start from the end.
func (w *bqWriter) substring(fc *pg.FuncCall) {
	if len(fc.Args) < 2 || len(fc.Args) > 3 {
		w.failf(fc.Location, "substring() with these arguments is not supported on BigQuery")
		return
	}
	start := fc.Args[1].GetAConst().GetIval()
	if start == nil || start.Ival < 1 {
		w.unsupportedOn("substring() with a start that is not a positive constant", fc.Location, "")
		return
	}
	w.call("SUBSTR", fc.Args...)
}

// splitPart writes split_part(s, delimiter, n) with a non-empty constant
// delimiter and a positive constant n, which returns ” past the last
// field.
func (w *bqWriter) splitPart(fc *pg.FuncCall) {
	if len(fc.Args) != 3 {
		w.failf(fc.Location, "split_part() needs three arguments")
		return
	}
	delim := fc.Args[1].GetAConst().GetSval()
	field := fc.Args[2].GetAConst().GetIval()
	if delim == nil || delim.Sval == "" || field == nil || field.Ival < 1 || bqContainsVolatile(fc.Args[0]) {
		w.unsupportedOn("split_part() without a constant delimiter and positive field number", fc.Location, "")
		return
	}
	w.write("CASE WHEN ")
	w.operand(fc.Args[0])
	w.write(" IS NULL THEN NULL ELSE COALESCE(SPLIT(")
	w.list(fc.Args[:2], w.expr)
	w.write(fmt.Sprintf(")[SAFE_ORDINAL(%d)], '') END", field.Ival))
}

// arrayLength writes array_length(a, 1), which is NULL for an empty array
// in PostgreSQL.
func (w *bqWriter) arrayLength(fc *pg.FuncCall) {
	if len(fc.Args) != 2 || fc.Args[1].GetAConst().GetIval().GetIval() != 1 {
		w.unsupportedOn("array_length() of a dimension other than 1", fc.Location, "")
		return
	}
	w.write("NULLIF(ARRAY_LENGTH(")
	w.expr(fc.Args[0])
	w.write("), 0)")
}

// toTimestamp writes to_timestamp(seconds) as TIMESTAMP_SECONDS, which
// takes only integers, so fractional seconds fail instead of rounding.
func (w *bqWriter) toTimestamp(fc *pg.FuncCall) {
	if len(fc.Args) != 1 {
		w.unsupportedOn("to_timestamp() with a format", fc.Location, "")
		return
	}
	w.call("TIMESTAMP_SECONDS", fc.Args...)
}

// regexpReplace writes regexp_replace(s, pattern, replacement, 'g') with
// a replacement without backslashes. Without the g flag PostgreSQL
// replaces only the first match, which REGEXP_REPLACE cannot.
func (w *bqWriter) regexpReplace(fc *pg.FuncCall) {
	if len(fc.Args) != 4 {
		w.unsupportedOn("regexp_replace() without the g flag", fc.Location,
			"BigQuery's REGEXP_REPLACE replaces every match; add the 'g' flag.")
		return
	}
	flags := fc.Args[3].GetAConst().GetSval()
	replacement := fc.Args[2].GetAConst().GetSval()
	switch {
	case flags == nil || (flags.Sval != "g" && flags.Sval != "gi" && flags.Sval != "ig"):
		w.unsupportedOn("regexp_replace() with flags other than g and i", fc.Location, "")
		return
	case replacement == nil || strings.Contains(replacement.Sval, `\`):
		w.unsupportedOn("regexp_replace() with a replacement that is not a constant without backslashes", fc.Location, "")
		return
	}
	prefix := "(?s)"
	if strings.Contains(flags.Sval, "i") {
		prefix = "(?is)"
	}
	w.write("REGEXP_REPLACE(")
	w.expr(fc.Args[0])
	w.write(", ")
	w.regexPattern(fc.Args[1], prefix)
	w.write(", ")
	w.expr(fc.Args[2])
	w.write(")")
}

// bigQueryConstant reports whether n is a constant or a parameter, or a
// cast of one, which BigQuery takes where it requires a literal or a
// query parameter, as for NTILE's buckets and STRING_AGG's delimiter.
func bigQueryConstant(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	return n.GetAConst() != nil || n.GetParamRef() != nil
}
