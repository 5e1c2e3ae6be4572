package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsonbResultFunctions are the functions whose result is jsonb, so that
// an operand that calls one is jsonb (showsJSONB).
var jsonbResultFunctions = map[string]bool{
	"to_jsonb": true, "jsonb_build_array": true, "jsonb_build_object": true, "jsonb_agg": true,
	"jsonb_object_agg": true, "jsonb_set": true, "jsonb_set_lax": true, "jsonb_insert": true,
	"jsonb_strip_nulls": true, "jsonb_extract_path": true, "jsonb_array_elements": true,
}

// showsJSONB reports whether the expression shows that n is jsonb, not
// json: a cast to jsonb, a function that returns jsonb, or one of jsonb's
// operators that return jsonb with a jsonb operand.
func showsJSONB(n *pg.Node) bool {
	switch v := n.GetNode().(type) {
	case *pg.Node_TypeCast:
		tn := v.TypeCast.TypeName
		return lastName(tn.GetNames()) == "jsonb" && len(tn.GetArrayBounds()) == 0
	case *pg.Node_FuncCall:
		return jsonbResultFunctions[strings.ToLower(lastName(v.FuncCall.Funcname))]
	case *pg.Node_AExpr:
		e := v.AExpr
		if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
			return false
		}
		switch lastName(e.Name) {
		case "->", "#>", "-", "#-":
			return showsJSONB(e.Lexpr)
		case "||":
			return showsJSONB(e.Lexpr) || showsJSONB(e.Rexpr)
		}
	}
	return false
}

// jsonbModifyOperators finds the uses of jsonb's -, #- and || operators,
// which the walk rewrites with rewriteJSONBModifyOperator. It runs after
// typeColumns, so that a column of type jsonb shows its type. - is
// jsonb's when its left operand shows jsonb, and #- always, since
// PostgreSQL has it for jsonb only. || is jsonb's when one operand shows
// jsonb and the other one is jsonb, a string constant or NULL. Beside an
// operand that shows it is text, || joins text, and its jsonb operand is
// cast to text. Any other || with a json or jsonb operand fails with
// 0A000: PostgreSQL has no operator for it or reads an operand of a type
// that the statement does not show, and DuckDB's || joins the JSON text.
func jsonbModifyOperators(stmt *pg.Node) (map[*pg.A_Expr]bool, error) {
	found := map[*pg.A_Expr]bool{}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || len(e.Name) > 2 {
			return
		}
		switch lastName(e.Name) {
		case "-":
			if !showsJSONB(e.Lexpr) {
				// NOTE: a jsonb operand whose type the statement does not
				// show, such as a column of a derived table, reaches
				// DuckDB, which has no - for JSON and fails with 42883.
				return
			}
			if c := e.Rexpr.GetAConst(); c != nil && c.GetFval() != nil {
				// A number constant that is not an integer, or an integer
				// beyond int4, which PostgreSQL types as bigint.
				typ := "numeric"
				if allDigits(strings.TrimPrefix(c.GetFval().Fval, "-")) {
					typ = "bigint"
				}
				err = &Error{Code: CodeUndefinedFunction, Message: operatorMessage("jsonb", "-", typ),
					Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
					Position: int(e.Location) + 1}
				return
			}
			found[e] = true
		case "#-":
			found[e] = true
		case "||":
			if !showsJSON(e.Lexpr) && !showsJSON(e.Rexpr) && !showsJSONB(e.Lexpr) && !showsJSONB(e.Rexpr) {
				return
			}
			if textConcatOperand(e.Lexpr) || textConcatOperand(e.Rexpr) {
				// text || jsonb joins the text with jsonb's output text,
				// which the cast to text writes.
				for _, operand := range []**pg.Node{&e.Lexpr, &e.Rexpr} {
					if showsJSONB(*operand) {
						*operand = typeCast(*operand, "text", e.Location)
					}
				}
				return
			}
			if jsonbConcatOperand(e.Lexpr) && jsonbConcatOperand(e.Rexpr) && (showsJSONB(e.Lexpr) || showsJSONB(e.Rexpr)) {
				found[e] = true
				return
			}
			err = unsupportedf(e.Location, "|| of json or jsonb values is not supported on this warehouse")
		}
	})
	return found, err
}

// textConcatOperand reports whether n shows that it is text, so that ||
// beside it is text concatenation.
func textConcatOperand(n *pg.Node) bool {
	typ := exactType(n)
	return typ == "text" || typ == "varchar"
}

// jsonbConcatOperand reports whether n is an operand that PostgreSQL
// reads as jsonb beside a jsonb value in ||.
func jsonbConcatOperand(n *pg.Node) bool {
	if c := n.GetAConst(); c != nil {
		return c.GetSval() != nil || c.Isnull
	}
	return showsJSONB(n)
}

// rewriteJSONBModifyOperator replaces e, one of the operators that
// jsonbModifyOperators found, by the call of the provider's function,
// whose result is jsonb text:
//
//	doc - x   pgway_jsonb_delete(doc, x, typeof(x))::json
//	doc #- p  pgway_jsonb_delete_path(doc, p)::json
//	a || b    pgway_jsonb_concat(a, b)::json
//
// The function of - picks PostgreSQL's operator by the DuckDB type of x,
// as jsonb - text, jsonb - integer or jsonb - text[].
func rewriteJSONBModifyOperator(n *pg.Node, e *pg.A_Expr) error {
	loc, op := e.Location, lastName(e.Name)
	var call *pg.Node
	switch op {
	case "-":
		operand := e.Rexpr
		if operand.GetParamRef() != nil {
			// PostgreSQL resolves jsonb - unknown to jsonb - text.
			operand = typeCast(operand, "varchar", loc)
		}
		call = funcCall("pgway_jsonb_delete", loc, typeCast(e.Lexpr, "varchar", loc), operand,
			funcCall(typeofFunction, loc, proto.Clone(operand).(*pg.Node)))
	case "#-":
		path, err := jsonbPathArgument(e.Rexpr, loc)
		if err != nil {
			return err
		}
		doc := jsonbOperand(e.Lexpr, operatorMessage("{}", op, textOperandName(e.Rexpr, "text[]")), loc)
		call = funcCall("pgway_jsonb_delete_path", loc, doc, path)
	default:
		message := operatorMessage("{}", op, "jsonb")
		call = funcCall("pgway_jsonb_concat", loc, jsonbOperand(e.Lexpr, message, loc), jsonbOperand(e.Rexpr, message, loc))
	}
	n.Node = typeCast(call, "json", loc).Node
	return nil
}

// jsonbPathArgument is a text[] path of a jsonb function or operator as
// a varchar[]: a string constant in PostgreSQL's array syntax becomes the
// list of its elements, and anything else a cast. A constant of more
// than one dimension fails as in PostgreSQL.
func jsonbPathArgument(n *pg.Node, loc int32) (*pg.Node, error) {
	s := n.GetAConst().GetSval()
	if s == nil {
		return typeCastArray(n, loc), nil
	}
	elems, ok := parseArrayLiteral(s.Sval)
	if ok {
		return arrayOfElements(elems, loc), nil
	}
	if text := strings.TrimSpace(s.Sval); strings.HasPrefix(text, "{") && strings.HasPrefix(strings.TrimSpace(text[1:]), "{") {
		return nil, &Error{Code: "2202E", Message: "wrong number of array subscripts"}
	}
	return nil, unsupportedf(loc, "path %q of a jsonb function is not supported on this warehouse", s.Sval)
}

// jsonbModifyFunction describes one of jsonb's functions that the
// provider runs on the document's text.
type jsonbModifyFunction struct {
	provider string
	// minArgs and maxArgs bound the number of arguments.
	minArgs, maxArgs int
	// defaults are the values of the optional arguments after minArgs.
	defaults []func(loc int32) *pg.Node
	// text marks a function that returns text, not jsonb.
	text bool
}

var jsonbModifyFunctions = map[string]jsonbModifyFunction{
	"jsonb_set": {provider: "pgway_jsonb_set", minArgs: 3, maxArgs: 4,
		defaults: []func(int32) *pg.Node{trueConst}},
	"jsonb_set_lax": {provider: "pgway_jsonb_set_lax", minArgs: 3, maxArgs: 5,
		defaults: []func(int32) *pg.Node{trueConst, useJSONNull}},
	"jsonb_insert": {provider: "pgway_jsonb_insert", minArgs: 3, maxArgs: 4,
		defaults: []func(int32) *pg.Node{falseConst}},
	"jsonb_strip_nulls": {provider: "pgway_jsonb_strip_nulls", minArgs: 1, maxArgs: 1},
	"jsonb_pretty":      {provider: "pgway_jsonb_pretty", minArgs: 1, maxArgs: 1, text: true},
}

func trueConst(loc int32) *pg.Node  { return boolConst(true, loc) }
func falseConst(loc int32) *pg.Node { return boolConst(false, loc) }
func useJSONNull(loc int32) *pg.Node {
	return typeCast(pg.MakeAConstStrNode("use_json_null", loc), "varchar", loc)
}

// rewriteJSONBModifyFunction rewrites jsonb_set(), jsonb_set_lax(),
// jsonb_insert(), jsonb_strip_nulls() and jsonb_pretty() into calls of
// the provider's functions, with the optional arguments' defaults
// written out. The document and the new value must be jsonb, which
// jsonbOperand checks, and the path a text[] (jsonbPathArgument). It
// reports false for other functions.
func rewriteJSONBModifyFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	fn, ok := jsonbModifyFunctions[name]
	if !ok {
		return false, nil
	}
	loc := fc.Location
	for _, arg := range fc.Args {
		if arg.GetNamedArgExpr() != nil {
			return true, unsupportedf(loc, "a named argument of %s() is not supported on this warehouse", name)
		}
	}
	if len(fc.Args) < fn.minArgs || len(fc.Args) > fn.maxArgs || fc.AggStar || fc.Over != nil || fc.AggDistinct ||
		fc.AggFilter != nil || len(fc.AggOrder) > 0 {
		return true, missingFunction(name, loc, argumentTypes(fc.Args)...)
	}

	types := argumentTypes(fc.Args)
	message := func(i int) string {
		withType := append([]string(nil), types...)
		withType[i] = "{}"
		return fmt.Sprintf("function %s(%s) does not exist", name, strings.Join(withType, ", "))
	}
	args := make([]*pg.Node, 0, fn.maxArgs)
	for i, arg := range fc.Args {
		switch {
		case i == 0 || i == 2:
			arg = jsonbOperand(arg, message(i), loc)
		case i == 1:
			path, err := jsonbPathArgument(arg, loc)
			if err != nil {
				return true, err
			}
			arg = path
		case i == 3:
			arg = typeCast(arg, "boolean", loc)
		default:
			arg = typeCast(arg, "varchar", loc)
		}
		args = append(args, arg)
	}

	for i := len(fc.Args); i < fn.maxArgs; i++ {
		args = append(args, fn.defaults[i-fn.minArgs](loc))
	}
	call := funcCall(fn.provider, loc, args...)
	n.Node = jsonResult(call, !fn.text, loc).Node
	return true, nil
}

func jsonElementLists(_ string, doc *pg.Node, _ bool, loc int32) []*pg.Node {
	return []*pg.Node{funcCall("pgway_json_elements_text", loc, doc)}
}

func jsonEachLists(name string, doc *pg.Node, _ bool, loc int32) []*pg.Node {
	return []*pg.Node{
		funcCall("pgway_json_keys", loc, doc, pg.MakeAConstStrNode(name, loc)),
		funcCall("pgway_json_values_text", loc, proto.Clone(doc).(*pg.Node), pg.MakeAConstStrNode(name, loc)),
	}
}

func jsonKeyLists(name string, doc *pg.Node, _ bool, loc int32) []*pg.Node {
	return []*pg.Node{funcCall("pgway_json_keys", loc, doc, pg.MakeAConstStrNode(name, loc))}
}

// jsonTextArgument returns the document of a call of one of json's
// set-returning functions that return text. Its text must be the
// client's: a string constant or NULL, because DuckDB's JSON rewrites a
// document's spacing and drops duplicate keys. An argument of another
// type that the statement shows fails as in PostgreSQL, and any other
// argument with 0A000.
func jsonTextArgument(fc *pg.FuncCall, name string) (*pg.Node, error) {
	arg := fc.Args[0]
	if c := arg.GetAConst(); c != nil && (c.GetSval() != nil || c.Isnull) {
		return typeCast(arg, "varchar", fc.Location), nil
	}
	if typ := postgresTypeName(arg); typ != "" && typ != "unknown" && typ != "json" {
		return nil, missingFunction(name, fc.Location, typ)
	}
	return nil, unsupportedf(fc.Location,
		"function %s() of a value other than a string constant is not supported on this warehouse, because DuckDB does not keep json's text", name)
}
