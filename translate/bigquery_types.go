package translate

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// bigQueryTypes maps PostgreSQL type names, as the parser spells them, to
// the BigQuery types with the same values. Types missing here fail with
// 0A000, with the reason from bigQueryTypeHints where it has one.
var bigQueryTypes = map[string]string{
	"int2": "INT64", "int4": "INT64", "int8": "INT64", "float8": "FLOAT64",
	"bool": "BOOL", "text": "STRING", "varchar": "STRING", "name": "STRING",
	"bytea": "BYTES", "date": "DATE", "time": "TIME", "timestamp": "DATETIME",
	"timestamptz": "TIMESTAMP", "interval": "INTERVAL", "json": "JSON", "jsonb": "JSON",
	"geometry": "GEOGRAPHY", "geography": "GEOGRAPHY", "numeric": "BIGNUMERIC",
}

var bigQueryTypeHints = map[string]string{
	"float4": "BigQuery has no single-precision floating-point type; cast to float8.",
	"bpchar": "BigQuery has no blank-padded character type; cast to text or varchar.",
	"timetz": "BigQuery's TIME has no time zone.",
	"uuid":   "BigQuery has no uuid type; cast to text.",
	"money":  "BigQuery has no money type; cast to numeric.",
}

// bigQueryType returns the BigQuery type for a type name, with the
// precision and scale of numeric(p,s), or fails.
func (w *bqWriter) bigQueryType(tn *pg.TypeName) string {
	name := lastName(tn.Names)
	mapped, ok := bigQueryTypes[name]
	if !ok {
		w.unsupportedOn("type "+name, tn.Location, bigQueryTypeHints[name])
		return ""
	}
	switch name {
	case "numeric":
		mapped = w.numericType(tn)
	case "timestamp", "timestamptz", "time":
		if p, ok := typmodInt(tn, 0); ok && p < 6 {
			w.unsupportedOn(fmt.Sprintf("type %s(%d)", name, p), tn.Location, "BigQuery keeps microseconds, which PostgreSQL rounds away.")
		}
	case "interval":
		if len(tn.Typmods) > 0 {
			w.unsupportedOn("type interval with fields or precision", tn.Location, "")
		}
	}
	switch len(tn.ArrayBounds) {
	case 0:
		return mapped
	case 1:
		return "ARRAY<" + mapped + ">"
	}
	w.unsupportedOn("a multidimensional array type", tn.Location, "")
	return ""
}

// numericType maps numeric(p,s) to NUMERIC(p,s) or BIGNUMERIC(p,s), which
// round to scale s and reject values over precision p as PostgreSQL does.
// numeric without a precision becomes BIGNUMERIC, the type closest to
// PostgreSQL's unconstrained numeric.
// NOTE: BIGNUMERIC keeps 38 digits after the point where PostgreSQL's
// numeric keeps any number.
func (w *bqWriter) numericType(tn *pg.TypeName) string {
	p, ok := typmodInt(tn, 0)
	if !ok {
		return "BIGNUMERIC"
	}
	s, _ := typmodInt(tn, 1)
	switch {
	case s < 0 || s > p:
		w.unsupportedOn(fmt.Sprintf("type numeric(%d,%d)", p, s), tn.Location, "BigQuery needs a scale between 0 and the precision.")
		return ""
	case s <= 9 && p <= s+29:
		return fmt.Sprintf("NUMERIC(%d, %d)", p, s)
	case s <= 38 && p <= s+38:
		return fmt.Sprintf("BIGNUMERIC(%d, %d)", p, s)
	}
	w.unsupportedOn(fmt.Sprintf("type numeric(%d,%d)", p, s), tn.Location, "BigQuery's BIGNUMERIC holds at most 38 digits before and 38 after the point.")
	return ""
}

// cast writes a cast. Constants of types whose text form BigQuery reads
// differently (boolean, bytea, interval) are converted here; casts whose
// results would differ fail with 0A000. SAFE_CAST is never used: a value
// that PostgreSQL rejects must fail on BigQuery too.
func (w *bqWriter) cast(tc *pg.TypeCast) {
	name := lastName(tc.TypeName.GetNames())
	if err := rewriteZoneAbbreviationConstant(tc, name); err != nil {
		w.fail(AsError(err))
		return
	}
	lit := tc.Arg.GetAConst().GetSval()
	isArray := len(tc.TypeName.ArrayBounds) > 0
	switch {
	case isArray:
		w.arrayCast(tc)
	case name == "geometry" || name == "geography":
		w.geoCast(tc, name)
	case name == "varchar" && len(tc.TypeName.Typmods) > 0:
		// PostgreSQL truncates to n characters on an explicit cast.
		n, _ := typmodInt(tc.TypeName, 0)
		w.write("SUBSTR(")
		if textOfUnknownTypeNeeded(tc.Arg) {
			w.textOfUnknownType(tc.Arg)
		} else {
			w.write("CAST(")
			w.expr(tc.Arg)
			w.write(" AS STRING)")
		}
		w.write(fmt.Sprintf(", 1, %d)", n))
	case name == "bool" && lit != nil:
		w.boolConstant(lit.Sval, tc.Location)
	case name == "bytea" && lit != nil:
		w.byteaConstant(lit.Sval, tc.Location)
	case lit != nil && (name == "date" || name == "timestamp" || name == "timestamptz") && isZonedText(tc.Arg):
		// PostgreSQL's timestamp and date drop the zone, timestamptz
		// honours it; BigQuery's DATETIME and DATE reject it.
		typ := w.bigQueryType(tc.TypeName)
		text, _ := zonedLiteral(lit.Sval, name)
		w.write("CAST(", quoteEscapedString(text), " AS ", typ, ")")
	case name == "interval" && lit != nil && len(tc.TypeName.Typmods) == 0:
		w.intervalConstant(lit.Sval, tc.Location)
	case name == "json" || name == "jsonb":
		w.jsonCast(tc)
	case isTimeCast(name, tc.Arg):
		w.timeCast(tc, name)
	case name == "numeric" && bqStaticType(tc.Arg) == "float":
		w.floatToNumeric(tc)
	case (name == "int2" || name == "int4" || name == "int8") && bqStaticType(tc.Arg) == "float":
		w.unsupportedOn("a cast of double precision to an integer", tc.Location,
			"PostgreSQL rounds halves to even and BigQuery away from zero; cast to numeric first.")
	case (name == "text" || name == "varchar") && bqStaticType(tc.Arg) == "interval":
		w.unsupportedOn("a cast of interval to text", tc.Location, "BigQuery formats intervals differently.")
	case (name == "text" || name == "varchar") && textOfUnknownTypeNeeded(tc.Arg):
		w.textOfUnknownType(tc.Arg)
	case name == "interval" && bqStaticType(tc.Arg) == "text":
		w.unsupportedOn("a cast of text to interval", tc.Location, "BigQuery reads another interval format.")
	default:
		typ := w.bigQueryType(tc.TypeName)
		w.write("CAST(")
		w.expr(tc.Arg)
		w.write(" AS ", typ, ")")
	}
}

// arrayCast writes ARRAY[...]::t[] and '{...}'::t[] as typed array
// literals.
func (w *bqWriter) arrayCast(tc *pg.TypeCast) {
	tn := tc.TypeName
	elem := &pg.TypeName{Names: tn.Names, Typmods: tn.Typmods, Typemod: tn.Typemod, Location: tn.Location}
	elemType := w.bigQueryType(elem)
	if a := tc.Arg.GetAArrayExpr(); a != nil {
		w.arrayExpr(a, elemType)
		return
	}
	lit := tc.Arg.GetAConst().GetSval()
	if lit == nil {
		w.write("CAST(")
		w.expr(tc.Arg)
		w.write(" AS ARRAY<", elemType, ">)")
		return
	}
	elems, ok := parseArrayLiteral(lit.Sval)
	if !ok {
		w.failf(tc.Location, "array literal %s is not supported", strconv.Quote(lit.Sval))
		return
	}
	w.write("ARRAY<", elemType, ">[")
	for i, el := range elems {
		if i > 0 {
			w.write(", ")
		}
		switch {
		case el.null:
			w.write("NULL")
		case elemType == "STRING":
			w.write(quoteEscapedString(el.text))
		default:
			text, converted, err := readZoneAbbreviationText(el.text, lastName(tn.Names), tc.Location)
			if err != nil {
				w.fail(AsError(err))
				return
			}
			if !converted {
				text = el.text
			}
			w.write("CAST(", quoteEscapedString(text), " AS ", elemType, ")")
		}
	}
	w.write("]")
}

// boolConstant writes a boolean constant as PostgreSQL reads it: any
// prefix of true, false, yes or no, on, off, 1 or 0, in any case.
func (w *bqWriter) boolConstant(s string, location int32) {
	v := strings.ToLower(strings.TrimSpace(s))
	isPrefix := func(word string) bool { return v != "" && strings.HasPrefix(word, v) }
	switch {
	case isPrefix("true") || isPrefix("yes") || v == "on" || v == "1":
		w.write("TRUE")
	case isPrefix("false") || isPrefix("no") || v == "of" || v == "off" || v == "0":
		w.write("FALSE")
	default:
		w.fail(&Error{Code: "22P02", Message: fmt.Sprintf("invalid input syntax for type boolean: %q", s),
			Position: int(location) + 1})
	}
}

// byteaConstant writes a bytea constant in hex format (\x...) or without
// backslashes as a bytes literal.
func (w *bqWriter) byteaConstant(s string, location int32) {
	if rest, ok := strings.CutPrefix(s, `\x`); ok {
		data, err := hex.DecodeString(rest)
		if err != nil {
			w.fail(&Error{Code: "22P02", Message: "invalid hexadecimal data in bytea constant", Position: int(location) + 1})
			return
		}
		w.write(bqQuoteBytes(data))
		return
	}
	if strings.Contains(s, `\`) {
		w.unsupportedOn("a bytea constant in escape format", location, `Write it in hex format, such as '\x0102'.`)
		return
	}
	w.write(bqQuoteBytes([]byte(s)))
}

// bqIntervalUnits maps the units of PostgreSQL interval text to BigQuery's
// date parts and a multiplier.
var bqIntervalUnits = map[string]struct {
	part   string
	factor int64
}{
	"year": {"YEAR", 1}, "years": {"YEAR", 1}, "y": {"YEAR", 1},
	"month": {"MONTH", 1}, "months": {"MONTH", 1}, "mon": {"MONTH", 1}, "mons": {"MONTH", 1},
	"week": {"DAY", 7}, "weeks": {"DAY", 7}, "w": {"DAY", 7},
	"day": {"DAY", 1}, "days": {"DAY", 1}, "d": {"DAY", 1},
	"hour": {"HOUR", 1}, "hours": {"HOUR", 1}, "h": {"HOUR", 1},
	"minute": {"MINUTE", 1}, "minutes": {"MINUTE", 1}, "min": {"MINUTE", 1}, "mins": {"MINUTE", 1}, "m": {"MINUTE", 1},
	"second": {"SECOND", 1}, "seconds": {"SECOND", 1}, "sec": {"SECOND", 1}, "secs": {"SECOND", 1}, "s": {"SECOND", 1},
}

var bqIntervalParts = []string{"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}

// intervalConstant writes interval text of whole numbers and units, such
// as '1 day' or '-2 hours 30 minutes', as BigQuery intervals, whose
// parts (months, days, time) are kept apart as PostgreSQL keeps them.
func (w *bqWriter) intervalConstant(s string, location int32) {
	amounts := map[string]int64{}
	fields := strings.Fields(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@")))
	if len(fields) == 0 || len(fields)%2 != 0 {
		w.unsupportedOn(fmt.Sprintf("interval %q", s), location, "Write the interval as whole numbers with units, such as '1 day 2 hours'.")
		return
	}
	for i := 0; i < len(fields); i += 2 {
		n, err := strconv.ParseInt(fields[i], 10, 64)
		unit, ok := bqIntervalUnits[fields[i+1]]
		if err != nil || !ok {
			w.unsupportedOn(fmt.Sprintf("interval %q", s), location, "Write the interval as whole numbers with units, such as '1 day 2 hours'.")
			return
		}
		amounts[unit.part] += n * unit.factor
	}
	if len(amounts) == 1 {
		for part, n := range amounts {
			w.write(fmt.Sprintf("INTERVAL %d %s", n, part))
		}
		return
	}
	w.write("MAKE_INTERVAL(")
	first := true
	for _, part := range bqIntervalParts {
		if n, ok := amounts[part]; ok {
			if !first {
				w.write(", ")
			}
			first = false
			w.write(fmt.Sprintf("%s => %d", strings.ToLower(part), n))
		}
	}
	w.write(")")
}

// jsonCast writes a cast to json or jsonb: text is parsed with
// PARSE_JSON, and a value that is JSON already stays as it is.
func (w *bqWriter) jsonCast(tc *pg.TypeCast) {
	switch t := bqStaticType(tc.Arg); {
	case tc.Arg.GetAConst().GetSval() != nil || tc.Arg.GetParamRef() != nil || t == "text":
		w.write("PARSE_JSON(")
		w.expr(tc.Arg)
		w.write(")")
	case t == "" || t == "json":
		w.expr(tc.Arg)
	default:
		w.unsupportedOn("a cast of "+t+" to json", tc.Location, "")
	}
}

// bqStaticType returns the type class of an expression as far as the
// expression alone shows it: int, numeric, float, text, bool, date,
// timestamp, timestamptz, interval, json, array or "" when unknown.
func bqStaticType(n *pg.Node) string {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst:
		return bqConstantType(v.AConst)
	case *pg.Node_TypeCast:
		if len(v.TypeCast.TypeName.GetArrayBounds()) > 0 {
			return "array"
		}
		return bqCastTypeClass[lastName(v.TypeCast.TypeName.GetNames())]
	case *pg.Node_AArrayExpr:
		return "array"
	case *pg.Node_FuncCall:
		name := strings.ToLower(lastName(v.FuncCall.Funcname))
		switch {
		case name == "timezone":
			return timezoneType(v.FuncCall.Args)
		case name == "date_trunc":
			return dateTruncType(v.FuncCall.Args)
		}
		return bqFunctionTypeClass[name]
	case *pg.Node_AExpr:
		return bqOperatorType(v.AExpr)
	}
	return ""
}

func bqConstantType(c *pg.A_Const) string {
	switch {
	case c.GetIval() != nil:
		return "int"
	case c.GetFval() != nil:
		if _, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err == nil {
			return "int"
		}
		return "numeric"
	case c.GetBoolval() != nil:
		return "bool"
	}
	return ""
}

var bqCastTypeClass = map[string]string{
	"int2": "int", "int4": "int", "int8": "int", "numeric": "numeric", "float8": "float",
	"float4": "float", "text": "text", "varchar": "text", "bpchar": "text", "name": "text",
	"bool": "bool", "date": "date", "timestamp": "timestamp", "timestamptz": "timestamptz",
	"interval": "interval", "json": "json", "jsonb": "json",
}

// bqFunctionTypeClass are functions whose result type class does not depend
// on their arguments. The numeric functions of checkNumericMath are
// written only where they return double precision.
var bqFunctionTypeClass = map[string]string{
	"count": "int", "length": "int", "char_length": "int", "strpos": "int", "octet_length": "int",
	"random": "float", "pi": "float", "st_srid": "int", "st_zmflag": "int",
	"sqrt": "float", "exp": "float", "ln": "float", "log": "float", "log10": "float",
	"power": "float", "pow": "float", "stddev": "float", "stddev_samp": "float", "stddev_pop": "float",
	"variance": "float", "var_samp": "float", "var_pop": "float",
	"upper": "text", "lower": "text", "concat": "text", "concat_ws": "text", "substr": "text",
	"substring": "text", "replace": "text", "to_char": "text", "md5": "text",
	"to_timestamp": "timestamptz", "make_date": "date",
}

// bqNumberClasses are the type classes of numbers.
var bqNumberClasses = map[string]bool{"int": true, "numeric": true, "float": true}

// bqOperatorType returns the type class of arithmetic on operands of one
// class: + - * % of integers are integers, and so on.
func bqOperatorType(e *pg.A_Expr) string {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return ""
	}
	op := lastName(e.Name)
	right := bqStaticType(e.Rexpr)
	if e.Lexpr == nil {
		switch op {
		case "-", "+":
			return right
		case "|/":
			return "float"
		}
		return ""
	}
	if bqComparisons[op] {
		return "bool"
	}
	left := bqStaticType(e.Lexpr)
	switch op {
	case "+", "-", "*", "/", "%":
		switch {
		case left == right && bqNumberClasses[left]:
			return left
		case op != "%" && (left == "float" || right == "float") && bqNumberClasses[left] && bqNumberClasses[right]:
			// PostgreSQL casts the other operand to double precision.
			return "float"
		}
	case "||":
		if left == "text" || right == "text" {
			return "text"
		}
	}
	return ""
}
