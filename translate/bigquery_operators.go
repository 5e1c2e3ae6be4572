package translate

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func (w *bqWriter) operator(e *pg.A_Expr) {
	op := lastName(e.Name)
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		w.operatorCall(e, op)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		w.arrayMembership(e, op)
	case pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		w.operand(e.Lexpr)
		if e.Kind == pg.A_Expr_Kind_AEXPR_DISTINCT {
			w.write(" IS DISTINCT FROM ")
		} else {
			w.write(" IS NOT DISTINCT FROM ")
		}
		w.operand(e.Rexpr)
	case pg.A_Expr_Kind_AEXPR_NULLIF:
		w.guardTimeTextSiblings([]*pg.Node{e.Lexpr, e.Rexpr}, e.Location)
		w.write("NULLIF(")
		w.list([]*pg.Node{e.Lexpr, e.Rexpr}, w.expr)
		w.write(")")
	case pg.A_Expr_Kind_AEXPR_IN:
		w.in(e, op)
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		w.like(e, op)
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		w.similar(e, op)
	case pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		w.between(e)
	default:
		w.failf(e.Location, "BETWEEN SYMMETRIC is not supported on BigQuery")
	}
}

// between writes BETWEEN, converting bounds that are timestamps with a
// time zone as comparisons do.
func (w *bqWriter) between(e *pg.A_Expr) {
	bounds := e.Rexpr.GetList().GetItems()
	write := func(value func(*pg.Node)) {
		w.operand(e.Lexpr)
		if e.Kind == pg.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			w.write(" NOT")
		}
		w.write(" BETWEEN ")
		value(bounds[0])
		w.write(" AND ")
		value(bounds[1])
	}
	if (isTimeText(bounds[0]) || isTimeText(bounds[1])) && w.zonedOperands(e.Lexpr, bounds, write) {
		return
	}
	write(w.operand)
}

// in writes x IN (...) and x NOT IN (...), converting the items that are
// dates or timestamps as comparisons do.
func (w *bqWriter) in(e *pg.A_Expr, op string) {
	items := e.Rexpr.GetList().GetItems()
	write := func(value func(*pg.Node)) {
		value(e.Lexpr)
		if op == "<>" {
			w.write(" NOT")
		}
		w.write(" IN (")
		w.list(items, value)
		w.write(")")
	}
	if slices.ContainsFunc(items, isTimeText) && w.zonedOperands(e.Lexpr, items, write) {
		return
	}
	write(func(n *pg.Node) {
		if n == e.Lexpr {
			w.operand(n)
		} else {
			w.expr(n)
		}
	})
}

// bqSameOperators have the same meaning in BigQuery on the types both
// systems have.
var bqSameOperators = map[string]bool{
	"+": true, "*": true, "=": true, "<>": true, "!=": true, "<": true, ">": true,
	"<=": true, ">=": true, "&": true, "|": true, "<<": true, ">>": true,
}

func (w *bqWriter) operatorCall(e *pg.A_Expr, op string) {
	if e.Lexpr == nil {
		w.prefixOperator(e, op)
		return
	}
	if op == "+" || op == "-" {
		w.guardIntervalArithmetic(e)
	}
	switch {
	case bqSameOperators[op]:
		if !w.timeComparison(e.Lexpr, op, e.Rexpr) {
			w.binary(e.Lexpr, op, e.Rexpr)
		}
	case op == "-":
		w.subtraction(e)
	case op == "/":
		w.division(e)
	case op == "%":
		w.call("MOD", e.Lexpr, e.Rexpr)
	case op == "^":
		if w.checkPower(e.Lexpr, e.Rexpr, "operator ^", e.Location) {
			w.call("POW", e.Lexpr, e.Rexpr)
		}
	case op == "#":
		w.binary(e.Lexpr, "^", e.Rexpr) // bitwise XOR
	case op == "||":
		w.concatOperator(e)
	case op == "~" || op == "~*" || op == "!~" || op == "!~*":
		w.regexMatch(e.Lexpr, e.Rexpr, strings.HasPrefix(op, "!"), strings.HasSuffix(op, "*"))
	case op == "~~" || op == "!~~" || op == "~~*" || op == "!~~*":
		w.like(e, op)
	case op == "->" || op == "->>" || op == "#>" || op == "#>>":
		w.jsonOperator(e, op)
	case op == "&&":
		w.boundingBoxOverlap(e)
	default:
		w.failf(e.Location, "operator %s is not supported on BigQuery", op)
	}
}

func (w *bqWriter) prefixOperator(e *pg.A_Expr, op string) {
	switch op {
	case "-", "~":
		w.write(op)
		w.operand(e.Rexpr)
	case "+":
		w.operand(e.Rexpr)
	case "|/":
		// PostgreSQL's |/ takes and returns double precision, but
		// BigQuery's SQRT of a NUMERIC is NUMERIC.
		w.write("SQRT(CAST(")
		w.expr(e.Rexpr)
		w.write(" AS FLOAT64))")
	case "@":
		w.call("ABS", e.Rexpr)
	default:
		w.failf(e.Location, "prefix operator %s is not supported on BigQuery", op)
	}
}

func (w *bqWriter) binary(left *pg.Node, op string, right *pg.Node) {
	w.operand(left)
	w.write(" ", op, " ")
	w.operand(right)
}

// call writes a function call with the given arguments.
func (w *bqWriter) call(name string, args ...*pg.Node) {
	w.write(name, "(")
	w.list(args, w.expr)
	w.write(")")
}

// subtraction writes x - date, which is a number of days in PostgreSQL
// and an INTERVAL in BigQuery, as DATE_DIFF, which fails unless x is a
// date too, as PostgreSQL's result is then an interval.
// TODO: date - date where the subtrahend's type is unknown returns an
// INTERVAL on BigQuery.
func (w *bqWriter) subtraction(e *pg.A_Expr) {
	if bqStaticType(e.Rexpr) == "date" {
		w.write("DATE_DIFF(")
		w.list([]*pg.Node{e.Lexpr, e.Rexpr}, w.expr)
		w.write(", DAY)")
		return
	}
	w.binary(e.Lexpr, "-", e.Rexpr)
}

// division writes /, which truncates integers in PostgreSQL and always
// returns FLOAT64 in BigQuery: DIV for two integers, / when an operand is
// double precision. Other operands fail, because the result's type
// decides the semantics and the expression alone does not show it.
func (w *bqWriter) division(e *pg.A_Expr) {
	left, right := bqStaticType(e.Lexpr), bqStaticType(e.Rexpr)
	switch {
	case left == "int" && right == "int":
		w.call("DIV", e.Lexpr, e.Rexpr)
	case left == "float" || right == "float":
		w.binary(e.Lexpr, "/", e.Rexpr)
	case left == "numeric" || right == "numeric":
		w.unsupportedOn("division by or of a numeric value", e.Location,
			"BigQuery rounds NUMERIC quotients to 9 decimal places; cast an operand to float8 for floating-point division.")
	default:
		w.unsupportedOn("division of operands of unknown type", e.Location,
			"Cast an operand: ::int8 on both for integer division, ::float8 for floating-point division.")
	}
}

// concatOperator writes ||, which returns NULL for a NULL operand in both
// systems. PostgreSQL turns a number or boolean operand into text, so
// constants are written as text and integer, boolean and date operands
// are cast to STRING. A NULL constant is a typed NULL, which BigQuery's
// || accepts. Arrays and JSON values, which || concatenates with other
// rules, fail.
func (w *bqWriter) concatOperator(e *pg.A_Expr) {
	for _, n := range []*pg.Node{e.Lexpr, e.Rexpr} {
		if t := bqStaticType(n); t == "array" || t == "json" {
			w.unsupportedOn("operator || on "+t+" values", e.Location, "")
			return
		}
	}
	w.concatOperand(e.Lexpr, e.Location)
	w.write(" || ")
	w.concatOperand(e.Rexpr, e.Location)
}

func (w *bqWriter) concatOperand(n *pg.Node, location int32) {
	if c := n.GetAConst(); c != nil {
		switch {
		case c.Isnull:
			w.write("CAST(NULL AS STRING)")
			return
		case c.GetIval() != nil:
			w.write(quoteEscapedString(strconv.Itoa(int(c.GetIval().Ival))))
			return
		case c.GetFval() != nil:
			w.write(quoteEscapedString(c.GetFval().Fval))
			return
		case c.GetBoolval() != nil:
			w.write(quoteEscapedString(boolText(c.GetBoolval().Boolval)))
			return
		}
	}
	switch t := bqStaticType(n); t {
	case "", "text":
		w.operand(n)
	case "bool":
		// PostgreSQL writes a boolean as t or f, BigQuery's CAST as true
		// or false.
		w.write("CASE ")
		w.operand(n)
		w.write(" WHEN TRUE THEN 't' WHEN FALSE THEN 'f' END")
	case "int", "date":
		w.write("CAST(")
		w.expr(n)
		w.write(" AS STRING)")
	default:
		w.unsupportedOn("operator || on a "+t+" value", location, "BigQuery formats it differently; cast it to text with to_char or a cast first.")
	}
}

// boolText returns a boolean as PostgreSQL writes it as text.
func boolText(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// regexMatch writes ~ and its variants as REGEXP_CONTAINS. The s flag
// makes . match newlines as it does in PostgreSQL.
// NOTE: BigQuery uses RE2, which rejects back-references and lookaround,
// and prefers the leftmost alternative where PostgreSQL prefers the
// longest match; a containment test does not depend on the latter.
func (w *bqWriter) regexMatch(subject, pattern *pg.Node, negate, insensitive bool) {
	flags := "(?s)"
	if insensitive {
		flags = "(?is)"
	}
	if negate {
		w.write("NOT ")
	}
	w.write("REGEXP_CONTAINS(")
	w.expr(subject)
	w.write(", ")
	w.regexPattern(pattern, flags)
	w.write(")")
}

// regexPattern writes a pattern with flags before it.
func (w *bqWriter) regexPattern(pattern *pg.Node, flags string) {
	if lit := pattern.GetAConst().GetSval(); lit != nil {
		w.write(quoteEscapedString(flags + lit.Sval))
		return
	}
	w.write("CONCAT(", quoteEscapedString(flags), ", ")
	w.expr(pattern)
	w.write(")")
}

// like writes LIKE, whose escape character is the backslash in both
// systems, and ILIKE as LIKE on lower-case operands.
func (w *bqWriter) like(e *pg.A_Expr, op string) {
	pattern := e.Rexpr
	if fc := pattern.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "like_escape" && len(fc.Args) == 2 {
		esc := fc.Args[1].GetAConst().GetSval()
		if esc == nil || esc.Sval != `\` {
			w.failf(e.Location, "LIKE with an ESCAPE character other than backslash is not supported on BigQuery")
			return
		}
		pattern = fc.Args[0]
	}
	keyword := " LIKE "
	if strings.HasPrefix(op, "!") {
		keyword = " NOT LIKE "
	}
	if !strings.HasSuffix(op, "*") {
		w.binaryText(e.Lexpr, keyword, pattern)
		return
	}
	w.call("LOWER", e.Lexpr)
	w.write(keyword)
	w.call("LOWER", pattern)
}

func (w *bqWriter) binaryText(left *pg.Node, keyword string, right *pg.Node) {
	w.operand(left)
	w.write(keyword)
	w.operand(right)
}

// similar writes SIMILAR TO with a constant pattern as a regular
// expression that must match the whole string.
func (w *bqWriter) similar(e *pg.A_Expr, op string) {
	escape := e.Rexpr.GetFuncCall()
	if escape == nil || len(escape.Args) != 1 {
		w.failf(e.Location, "SIMILAR TO with an ESCAPE clause is not supported")
		return
	}
	pattern := escape.Args[0].GetAConst().GetSval()
	if pattern == nil {
		w.failf(e.Location, "SIMILAR TO with a pattern that is not a constant is not supported")
		return
	}
	regex, ok := similarToRegex(pattern.Sval)
	if !ok {
		w.failf(e.Location, "SIMILAR TO pattern %q is not supported", pattern.Sval)
		return
	}
	if op == "!~" {
		w.write("NOT ")
	}
	w.write("REGEXP_CONTAINS(")
	w.expr(e.Lexpr)
	w.write(", ", quoteEscapedString("(?s)^(?:"+regex+")$"), ")")
}

// arrayMembership writes x = ANY(array) as IN UNNEST and x <> ALL(array)
// as NOT IN UNNEST. A NULL array gives NULL in PostgreSQL and an empty
// UNNEST in BigQuery, so an array that may be NULL is tested first.
func (w *bqWriter) arrayMembership(e *pg.A_Expr, op string) {
	keyword := " IN UNNEST("
	switch {
	case e.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY && op == "=":
	case e.Kind == pg.A_Expr_Kind_AEXPR_OP_ALL && op == "<>":
		keyword = " NOT IN UNNEST("
	default:
		w.failf(e.Location, "operator %s with ANY or ALL is not supported on BigQuery", op)
		return
	}
	mayBeNull := !bqIsArrayConstructor(e.Rexpr)
	if mayBeNull {
		w.write("CASE WHEN ")
		w.operand(e.Rexpr)
		w.write(" IS NULL THEN NULL ELSE ")
	}
	w.operand(e.Lexpr)
	w.write(keyword)
	w.expr(e.Rexpr)
	w.write(")")
	if mayBeNull {
		w.write(" END")
	}
}

// jsonOperator writes ->, ->>, #> and #>> with constant keys as
// JSON_QUERY and JSON_VALUE. A chain such as a -> 'b' ->> 'c' becomes
// one path.
func (w *bqWriter) jsonOperator(e *pg.A_Expr, op string) {
	base, path, ok := w.jsonPath(e)
	if !ok {
		return
	}
	if op == "->" || op == "#>" {
		w.write("JSON_QUERY(")
		w.expr(base)
		w.write(", ", quoteEscapedString(path), ")")
		return
	}
	// ->> returns the text of a JSON object or array in PostgreSQL, which
	// BigQuery formats differently, and JSON_VALUE returns NULL for it.
	w.write("CASE WHEN JSON_TYPE(JSON_QUERY(")
	w.expr(base)
	w.write(", ", quoteEscapedString(path), ")) IN ('object', 'array') THEN ERROR(",
		quoteEscapedString(op+" on a JSON object or array is not supported on BigQuery"), ") ELSE JSON_VALUE(")
	w.expr(base)
	w.write(", ", quoteEscapedString(path), ") END")
}

// jsonPath returns the JSON value that a chain of JSON operators starts
// from and the JSONPath of the chain.
func (w *bqWriter) jsonPath(e *pg.A_Expr) (*pg.Node, string, bool) {
	op := lastName(e.Name)
	base, path := e.Lexpr, "$"
	if inner := e.Lexpr.GetAExpr(); inner != nil && inner.Kind == pg.A_Expr_Kind_AEXPR_OP {
		if innerOp := lastName(inner.Name); innerOp == "->" || innerOp == "#>" {
			var ok bool
			if base, path, ok = w.jsonPath(inner); !ok {
				return nil, "", false
			}
		}
	}
	if op == "->" || op == "->>" {
		step, ok := w.jsonStep(e.Rexpr, e.Location, op)
		return base, path + step, ok
	}
	lit := e.Rexpr.GetAConst().GetSval()
	if lit == nil {
		lit = e.Rexpr.GetTypeCast().GetArg().GetAConst().GetSval()
	}
	if lit == nil {
		w.failf(e.Location, "operator %s with a path that is not a constant is not supported on BigQuery", op)
		return nil, "", false
	}
	elems, ok := parseArrayLiteral(lit.Sval)
	if !ok {
		w.failf(e.Location, "operator %s with path %q is not supported on BigQuery", op, lit.Sval)
		return nil, "", false
	}
	for _, el := range elems {
		if el.null || isArrayIndex(el.text) {
			// PostgreSQL reads a numeric path element as an index into an
			// array or as a key of an object; a JSONPath step is one of them.
			w.failf(e.Location, "operator %s with a NULL or numeric path element is not supported on BigQuery", op)
			return nil, "", false
		}
		step, ok := bqJSONKeyStep(el.text)
		if !ok {
			w.failf(e.Location, "JSON key %q is not supported on BigQuery", el.text)
			return nil, "", false
		}
		path += step
	}
	return base, path, true
}

// jsonStep returns the JSONPath step of the right operand of -> or ->>:
// a key for text, an index for a non-negative integer.
func (w *bqWriter) jsonStep(n *pg.Node, location int32, op string) (string, bool) {
	c := n.GetAConst()
	switch {
	case c.GetSval() != nil:
		step, ok := bqJSONKeyStep(c.GetSval().Sval)
		if !ok {
			w.failf(location, "JSON key %q is not supported on BigQuery", c.GetSval().Sval)
		}
		return step, ok
	case c.GetIval() != nil && c.GetIval().Ival >= 0:
		return "[" + strconv.Itoa(int(c.GetIval().Ival)) + "]", true
	}
	w.failf(location, "operator %s with a key that is not a constant or with a negative index is not supported on BigQuery", op)
	return "", false
}

// bqJSONKeyStep returns the JSONPath step for an object key, in double
// quotes unless it is a plain word. Keys with a double quote or a
// backslash have no JSONPath spelling in BigQuery.
func bqJSONKeyStep(key string) (string, bool) {
	if bqPlainIdent(key) {
		return "." + key, true
	}
	if key == "" || strings.ContainsAny(key, "\"\\") {
		return "", false
	}
	return `."` + key + `"`, true
}

// bqIsArrayConstructor reports whether n is ARRAY[...] or an array literal
// such as '{1,2}'::int[], which are never NULL.
func bqIsArrayConstructor(n *pg.Node) bool {
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
		if n.GetAConst().GetSval() != nil {
			return true
		}
	}
	return n.GetAArrayExpr() != nil
}
