package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// rewriteBooleanTest turns x IS [NOT] TRUE, FALSE or UNKNOWN into IS
// [NOT] DISTINCT FROM TRUE or FALSE and IS [NOT] NULL, which give the same
// results, NULL included.
func rewriteBooleanTest(n *pg.Node, b *pg.BooleanTest) {
	loc := b.Location
	distinct := func(kind pg.A_Expr_Kind, value bool) *pg.Node {
		return pg.MakeAExprNode(kind, stringNodes("="), b.Arg, boolConst(value, loc), loc)
	}
	switch b.Booltesttype {
	case pg.BoolTestType_IS_TRUE:
		n.Node = distinct(pg.A_Expr_Kind_AEXPR_NOT_DISTINCT, true).Node
	case pg.BoolTestType_IS_NOT_TRUE:
		n.Node = distinct(pg.A_Expr_Kind_AEXPR_DISTINCT, true).Node
	case pg.BoolTestType_IS_FALSE:
		n.Node = distinct(pg.A_Expr_Kind_AEXPR_NOT_DISTINCT, false).Node
	case pg.BoolTestType_IS_NOT_FALSE:
		n.Node = distinct(pg.A_Expr_Kind_AEXPR_DISTINCT, false).Node
	case pg.BoolTestType_IS_UNKNOWN:
		n.Node = &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: b.Arg, Nulltesttype: pg.NullTestType_IS_NULL, Location: loc}}
	case pg.BoolTestType_IS_NOT_UNKNOWN:
		n.Node = &pg.Node_NullTest{NullTest: &pg.NullTest{Arg: b.Arg, Nulltesttype: pg.NullTestType_IS_NOT_NULL, Location: loc}}
	}
}

// snowflakeOperators are the infix operators that Snowflake has with
// PostgreSQL's meaning.
var snowflakeOperators = map[string]bool{
	"+": true, "-": true, "*": true, "%": true, "||": true,
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
}

// snowflakeOperatorFunctions are the operators that Snowflake has as
// functions only: infix ones with two arguments, prefix ones with one.
var (
	snowflakeInfixFunctions = map[string]string{
		"^": "power", "#": "bitxor", "&": "bitand", "|": "bitor",
		"<<": "bitshiftleft", ">>": "bitshiftright",
	}
	snowflakePrefixFunctions = map[string]string{"|/": "sqrt", "||/": "cbrt", "@": "abs", "~": "bitnot"}
)

func (r *snowflakeRewriter) rewriteOperator(n *pg.Node, e *pg.A_Expr) error {
	if err := checkSnowflakeOperands(e); err != nil {
		return err
	}
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE:
		r.likeEscape(e)
		return nil
	case pg.A_Expr_Kind_AEXPR_SIMILAR:
		return r.rewriteSimilar(n, e)
	case pg.A_Expr_Kind_AEXPR_OP_ANY, pg.A_Expr_Kind_AEXPR_OP_ALL:
		return r.rewriteArrayComparison(n, e)
	case pg.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		return unsupported("BETWEEN SYMMETRIC", e.Location, "")
	default:
		return nil
	}
	op := lastName(e.Name)
	if schemaOf(e.Name) != "" {
		e.Name = stringNodes(op)
	}
	if e.Lexpr == nil {
		if fn, ok := snowflakePrefixFunctions[op]; ok {
			n.Node = r.call(fn, e.Location, e.Rexpr).Node
			return nil
		}
		if op == "-" || op == "+" {
			return nil
		}
		return unsupportedf(e.Location, "prefix operator %s is not supported on this warehouse", op)
	}
	if done, err := r.rewriteIntervalArithmetic(n, e, op); done || err != nil {
		return err
	}
	if fn, ok := snowflakeInfixFunctions[op]; ok {
		if op == "^" {
			if err := r.checkPower(e.Lexpr, e.Rexpr, "operator ^", e.Location); err != nil {
				return err
			}
		}
		n.Node = r.call(fn, e.Location, e.Lexpr, e.Rexpr).Node
		return nil
	}
	switch op {
	case "/":
		return r.rewriteDivision(n, e)
	case "~~", "!~~", "~~*", "!~~*":
		r.likeEscape(e)
		return nil
	case "~", "~*", "!~", "!~*":
		return r.rewriteRegexMatch(n, e, op)
	case "->", "->>", "#>", "#>>":
		return r.rewriteJSONOperator(n, e, op)
	case "@>", "<@":
		return r.rewriteContainment(n, e, op)
	case "&&":
		return r.rewriteOverlap(n, e)
	}
	if !snowflakeOperators[op] {
		return unsupportedf(e.Location, "operator %s is not supported on this warehouse", op)
	}
	return nil
}

// rewriteDivision keeps PostgreSQL's division: integers divide truncating
// towards zero, where Snowflake's / returns a decimal. Without the
// operand types pgway cannot tell integer division from decimal division,
// so an operand of unknown type, unless the other one is evidently not an
// integer, fails with 0A000.
// NOTE: Snowflake gives a decimal quotient 6 more fractional digits than
// the dividend, where PostgreSQL's numeric division gives at least 16
// significant digits.
func (r *snowflakeRewriter) rewriteDivision(n *pg.Node, e *pg.A_Expr) error {
	left, right := snowflakeStaticType(e.Lexpr), snowflakeStaticType(e.Rexpr)
	switch {
	case left == typeInteger && right == typeInteger:
		div, err := r.truncatingDivision(e.Lexpr, e.Rexpr, e.Location)
		if err != nil {
			return err
		}
		n.Node = div.Node
		return nil
	case isFractional(left) || isFractional(right):
		return nil
	}
	return unsupported("division of operands of unknown type", e.Location,
		"pgway cannot see the column types, and Snowflake divides integers exactly: cast an operand, "+
			"such as x::int / y for integer division or x::numeric(12,2) / y or x::float8 / y for decimal division.")
}

// truncatingDivision returns a / b truncated towards zero as an exact
// integer: (a - MOD(a, b)) / b, whose quotient has no fraction, cast to
// an integer type. TRUNC(a / b) would be wrong where Snowflake rounds the
// quotient up to the next integer.
func (r *snowflakeRewriter) truncatingDivision(a, b *pg.Node, loc int32) (*pg.Node, error) {
	if hasVolatileCall(a) || hasVolatileCall(b) {
		return nil, unsupported("integer division of a volatile expression", loc, "")
	}
	multiple := binaryOp("-", a, r.call("mod", loc, a, b), loc)
	quotient := binaryOp("/", multiple, b, loc)
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: quotient, TypeName: parseSnowflakeType("number(18,0)", loc), Location: loc,
	}}}, nil
}

// isFractional reports whether a type class is one whose division is not
// truncating.
func isFractional(class staticTypeClass) bool {
	return class == typeNumeric || class == typeFloat || class == typeNotInteger
}

func hasVolatileCall(n *pg.Node) bool {
	found := false
	inspect(n.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if fc, ok := msg.(*pg.FuncCall); ok && volatileFunctions[lastName(fc.Funcname)] {
			found = true
		}
	})
	return found
}

// likeEscape gives LIKE PostgreSQL's default escape character, the
// backslash, unless the statement names one.
func (r *snowflakeRewriter) likeEscape(e *pg.A_Expr) {
	if lastName(e.Rexpr.GetFuncCall().GetFuncname()) == escapeMarker {
		return
	}
	e.Rexpr = r.call(escapeMarker, e.Location, e.Rexpr, pg.MakeAConstStrNode(`\`, e.Location))
	switch lastName(e.Name) {
	case "~~":
		e.Kind = pg.A_Expr_Kind_AEXPR_LIKE
	case "!~~":
		e.Kind, e.Name = pg.A_Expr_Kind_AEXPR_LIKE, stringNodes("!~~")
	case "~~*":
		e.Kind = pg.A_Expr_Kind_AEXPR_ILIKE
	case "!~~*":
		e.Kind, e.Name = pg.A_Expr_Kind_AEXPR_ILIKE, stringNodes("!~~*")
	}
}

// rewriteSimilar turns SIMILAR TO with a constant pattern into
// REGEXP_LIKE, which matches the whole string as SIMILAR TO does.
func (r *snowflakeRewriter) rewriteSimilar(n *pg.Node, e *pg.A_Expr) error {
	escape := e.Rexpr.GetFuncCall()
	if escape == nil || len(escape.Args) != 1 {
		return unsupportedf(e.Location, "SIMILAR TO with an ESCAPE clause is not supported")
	}
	pattern := escape.Args[0].GetAConst().GetSval()
	if pattern == nil {
		return unsupportedf(e.Location, "SIMILAR TO with a pattern that is not a constant is not supported")
	}
	regex, ok := similarToRegex(pattern.Sval)
	if !ok || checkSnowflakeRegex(regex) != "" {
		return unsupportedf(e.Location, "SIMILAR TO pattern %q is not supported", pattern.Sval)
	}
	match := r.call("regexp_like", e.Location, e.Lexpr, pg.MakeAConstStrNode(regex, e.Location), pg.MakeAConstStrNode("s", e.Location))
	if lastName(e.Name) == "!~" {
		match = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{match}, e.Location)
	}
	n.Node = match.Node
	return nil
}

// rewriteRegexMatch turns ~ and friends into REGEXP_INSTR(...) > 0,
// which finds a match anywhere in the string as ~ does; REGEXP_LIKE
// matches the whole string. The s parameter lets . match a newline, as it
// does in PostgreSQL.
func (r *snowflakeRewriter) rewriteRegexMatch(n *pg.Node, e *pg.A_Expr, op string) error {
	pattern := e.Rexpr.GetAConst().GetSval()
	if pattern == nil {
		return unsupportedf(e.Location, "operator %s with a pattern that is not a constant is not supported on this warehouse", op)
	}
	if bad := checkSnowflakeRegex(pattern.Sval); bad != "" {
		return unsupportedf(e.Location, "regular expression %q is not supported on this warehouse because of %s", pattern.Sval, bad)
	}
	params := "cs"
	if strings.Contains(op, "*") {
		params = "is"
	}
	loc := e.Location
	instr := r.call("regexp_instr", loc, e.Lexpr, e.Rexpr, pg.MakeAConstIntNode(1, loc), pg.MakeAConstIntNode(1, loc),
		pg.MakeAConstIntNode(0, loc), pg.MakeAConstStrNode(params, loc))
	match := binaryOp(">", instr, pg.MakeAConstIntNode(0, loc), loc)
	if strings.HasPrefix(op, "!") {
		match = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{match}, loc)
	}
	n.Node = match.Node
	return nil
}

// checkSnowflakeRegex returns the first construct of a PostgreSQL regular
// expression that Snowflake's POSIX extended expressions read differently
// or lack, or "" when there is none. Such constructs are lazy quantifiers,
// (?...) groups, back-references, PostgreSQL's escapes such as \m and \y,
// and braces that are not a bound.
func checkSnowflakeRegex(re string) string {
	for i := 0; i < len(re); i++ {
		switch c := re[i]; c {
		case '\\':
			if i+1 >= len(re) {
				return "a trailing backslash"
			}
			i++
			next := re[i]
			if isLetter(next) || isDigit(next) {
				if !strings.ContainsRune("dDsSwWnt", rune(next)) {
					return `the escape \` + string(next)
				}
			}
		case '(':
			if i+1 < len(re) && re[i+1] == '?' {
				return "a (? group"
			}
		case '*', '+', '?', '}':
			if i+1 < len(re) && re[i+1] == '?' {
				return "a lazy quantifier"
			}
		case '{':
			end := strings.IndexByte(re[i:], '}')
			if end < 0 || !isBound(re[i+1:i+end]) {
				return "a brace that is not a bound"
			}
		}
	}
	return ""
}

// isBound reports whether s is the inside of a bound such as {2} or
// {1,3}.
func isBound(s string) bool {
	low, high, hasComma := strings.Cut(s, ",")
	if !plainDigits(low) {
		return false
	}
	return !hasComma || high == "" || plainDigits(high)
}

// rewriteSnowflakeRegexpReplace maps regexp_replace(s, pattern,
// replacement [, flags]) with constant pattern and flags: without the g
// flag PostgreSQL replaces the first match only.
func rewriteSnowflakeRegexpReplace(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	if len(fc.Args) < 3 || len(fc.Args) > 4 {
		return unsupportedf(fc.Location, "regexp_replace() with %d arguments is not supported on this warehouse", len(fc.Args))
	}
	pattern := fc.Args[1].GetAConst().GetSval()
	if pattern == nil {
		return unsupportedf(fc.Location, "regexp_replace() with a pattern that is not a constant is not supported on this warehouse")
	}
	if bad := checkSnowflakeRegex(pattern.Sval); bad != "" {
		return unsupportedf(fc.Location, "regular expression %q is not supported on this warehouse because of %s", pattern.Sval, bad)
	}
	if repl := fc.Args[2].GetAConst().GetSval(); repl == nil || strings.Contains(repl.Sval, `\&`) {
		return unsupportedf(fc.Location, "regexp_replace() with a replacement that is not a constant without \\& is not supported on this warehouse")
	}
	occurrence, params := int64(1), "cs"
	if len(fc.Args) == 4 {
		flags := fc.Args[3].GetAConst().GetSval()
		if flags == nil {
			return unsupportedf(fc.Location, "regexp_replace() with flags that are not a constant is not supported on this warehouse")
		}
		for _, f := range flags.Sval {
			switch f {
			case 'g':
				occurrence = 0
			case 'i':
				params = "is"
			case 'c':
				params = "cs"
			default:
				return unsupportedf(fc.Location, "regexp_replace() flag %q is not supported on this warehouse", string(f))
			}
		}
	}
	loc := fc.Location
	renameTo(fc, "regexp_replace")
	fc.Args = []*pg.Node{fc.Args[0], fc.Args[1], fc.Args[2], pg.MakeAConstIntNode(1, loc),
		pg.MakeAConstIntNode(occurrence, loc), pg.MakeAConstStrNode(params, loc)}
	return nil
}

// rewriteJSONOperator maps -> and ->> to GET, and #> and #>> with a
// constant path to nested GET calls. ->> and #>> return the text of the
// value and NULL for a JSON null, as PostgreSQL does.
// ->> of an object or array returns Snowflake's JSON text, without
// the spaces that PostgreSQL writes after colons and commas.
func (r *snowflakeRewriter) rewriteJSONOperator(n *pg.Node, e *pg.A_Expr, op string) error {
	loc := e.Location
	var value *pg.Node
	switch op {
	case "->", "->>":
		key := e.Rexpr
		if c := key.GetAConst(); c == nil || (c.GetSval() == nil && c.GetIval() == nil) {
			return unsupportedf(loc, "operator %s with a key that is not a constant is not supported on this warehouse", op)
		}
		value = r.call("get", loc, e.Lexpr, key)
	default:
		path := e.Rexpr.GetAConst().GetSval()
		if path == nil {
			path = e.Rexpr.GetTypeCast().GetArg().GetAConst().GetSval()
		}
		if path == nil {
			return unsupportedf(loc, "operator %s with a path that is not a constant is not supported", op)
		}
		elems, ok := parseArrayLiteral(path.Sval)
		if !ok {
			return unsupportedf(loc, "operator %s with path %q is not supported", op, path.Sval)
		}
		value = e.Lexpr
		for _, el := range elems {
			if el.null {
				return unsupportedf(loc, "operator %s with a NULL path element is not supported", op)
			}
			value = r.getPathElement(value, el.text, loc)
		}
	}
	if op == "->>" || op == "#>>" {
		value = r.call("to_varchar", loc, r.call("strip_null_value", loc, value))
	}
	n.Node = value.Node
	return nil
}

// rewriteSnowflakeExtractPath maps jsonb_extract_path(x, keys...) and
// jsonb_extract_path_text with constant keys to GET calls, as #> and #>>.
func rewriteSnowflakeExtractPath(r *snowflakeRewriter, n *pg.Node, fc *pg.FuncCall) error {
	name := lastName(fc.Funcname)
	if len(fc.Args) < 2 {
		return unsupportedf(fc.Location, "%s() with %d arguments is not supported on this warehouse", name, len(fc.Args))
	}
	value := fc.Args[0]
	for _, arg := range fc.Args[1:] {
		key := arg.GetAConst().GetSval()
		if key == nil {
			return unsupportedf(fc.Location, "%s() with a key that is not a text constant is not supported on this warehouse", name)
		}
		value = r.getPathElement(value, key.Sval, fc.Location)
	}
	if strings.HasSuffix(name, "_text") {
		value = r.call("to_varchar", fc.Location, r.call("strip_null_value", fc.Location, value))
	}
	n.Node = value.Node
	return nil
}

// getPathElement returns GET of one element of a #> path. PostgreSQL reads
// an element of digits as an index into an array and as a key of an
// object.
func (r *snowflakeRewriter) getPathElement(value *pg.Node, elem string, loc int32) *pg.Node {
	byKey := r.call("get", loc, value, pg.MakeAConstStrNode(elem, loc))
	if !isArrayIndex(elem) || len(elem) > 9 {
		return byKey
	}
	index := int64(0)
	for _, c := range elem {
		index = index*10 + int64(c-'0')
	}
	byIndex := r.call("get", loc, value, pg.MakeAConstIntNode(index, loc))
	return caseWhen(r.call("is_array", loc, value), byIndex, byKey, loc)
}

// rewriteArrayComparison maps x = ANY(array) and x <> ALL(array) to
// ARRAY_CONTAINS. A subquery is a SubLink, not this.
// Where x is not in the array but the array has a NULL element,
// PostgreSQL returns NULL and ARRAY_CONTAINS false.
func (r *snowflakeRewriter) rewriteArrayComparison(n *pg.Node, e *pg.A_Expr) error {
	op := lastName(e.Name)
	isAny := e.Kind == pg.A_Expr_Kind_AEXPR_OP_ANY
	if !(isAny && op == "=") && !(!isAny && (op == "<>" || op == "!=")) {
		return unsupportedf(e.Location, "operator %s %s (array) is not supported on this warehouse", op, map[bool]string{true: "ANY", false: "ALL"}[isAny])
	}
	r.markArrayOperands(e.Rexpr)
	contains := r.call("array_contains", e.Location, r.call("to_variant", e.Location, e.Lexpr), e.Rexpr)
	if !isAny {
		contains = pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{contains}, e.Location)
	}
	n.Node = contains.Node
	return nil
}

// rewriteContainment maps a @> b, whether a holds every element of b, to
// ARRAY_SIZE(ARRAY_EXCEPT(ARRAY_DISTINCT(b), a)) = 0, and a <@ b to the
// same with the operands swapped.
func (r *snowflakeRewriter) rewriteContainment(n *pg.Node, e *pg.A_Expr, op string) error {
	outer, inner := e.Lexpr, e.Rexpr
	if op == "<@" {
		outer, inner = inner, outer
	}
	loc := e.Location
	r.markArrayOperands(e.Lexpr, e.Rexpr)
	missing := r.call("array_except", loc, r.call("array_distinct", loc, inner), outer)
	n.Node = binaryOp("=", r.call("array_size", loc, missing), pg.MakeAConstIntNode(0, loc), loc).Node
	return nil
}

// rewriteOverlap maps && to ARRAYS_OVERLAP on arrays, and to the
// bounding-box test of PostGIS where an operand is ST_MakeEnvelope.
func (r *snowflakeRewriter) rewriteOverlap(n *pg.Node, e *pg.A_Expr) error {
	if isEnvelope(e.Lexpr) || isEnvelope(e.Rexpr) {
		return r.rewriteBoxOverlap(n, e)
	}
	if isGeometryExpr(e.Lexpr) || isGeometryExpr(e.Rexpr) {
		return unsupported("PostGIS operator && without ST_MakeEnvelope", e.Location,
			"This warehouse tests bounding boxes only against a constant ST_MakeEnvelope.")
	}
	r.markArrayOperands(e.Lexpr, e.Rexpr)
	n.Node = r.call("arrays_overlap", e.Location, e.Lexpr, e.Rexpr).Node
	return nil
}

func (r *snowflakeRewriter) markArrayOperands(operands ...*pg.Node) {
	for _, n := range operands {
		if fc := n.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "array_construct" {
			r.arrayOperands[fc] = true
		}
	}
}
