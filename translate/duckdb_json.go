package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// rewriteJSONField turns jsonb's -> and ->> into pgway_jsonb_field(),
// which reads the document's text: DuckDB's operators parse numbers as
// doubles, so 1.50 would come back as 1.5 and 1e2 as 100.0. typeof() of
// the right operand distinguishes an array subscript (an integer) from an
// object key, as PostgreSQL's operator overloads do. -> returns jsonb, which is
// DuckDB's JSON.
func rewriteJSONField(n *pg.Node, e *pg.A_Expr, op string) {
	loc := e.Location
	call := funcCall("pgway_jsonb_field", loc,
		jsonbFieldDocument(e.Lexpr, op, loc),
		typeCast(e.Rexpr, "varchar", loc),
		funcCall("typeof", loc, e.Rexpr),
		boolConst(op == "->>", loc))
	n.Node = jsonResult(call, op == "->", loc).Node
}

// rewriteJSONPath turns #> and #>> into pgway_jsonb_path(), for the
// reason rewriteJSONField gives. A constant path in PostgreSQL's array
// syntax becomes a list of its elements, and any other path a cast to
// varchar[].
func rewriteJSONPath(n *pg.Node, e *pg.A_Expr, op string) error {
	loc := e.Location
	path := e.Rexpr.GetAConst().GetSval()
	if path == nil {
		path = e.Rexpr.GetTypeCast().GetArg().GetAConst().GetSval()
	}
	list := typeCastArray(e.Rexpr, loc)
	if path != nil {
		elems, ok := parseArrayLiteral(path.Sval)
		if !ok {
			return unsupportedf(loc, "operator %s with path %q is not supported", op, path.Sval)
		}
		list = arrayOfElements(elems, loc)
	}
	call := funcCall("pgway_jsonb_path", loc, jsonbFieldDocument(e.Lexpr, op, loc), list,
		boolConst(op == "#>>", loc))
	n.Node = jsonResult(call, op == "#>", loc).Node
	return nil
}

// typeCastArray casts n to varchar[].
func typeCastArray(n *pg.Node, loc int32) *pg.Node {
	cast := typeCast(n, "varchar", loc)
	cast.GetTypeCast().TypeName.ArrayBounds = []*pg.Node{{Node: &pg.Node_Integer{Integer: &pg.Integer{Ival: -1}}}}
	return cast
}

// jsonResult casts call to DuckDB's JSON, which keeps the text as it is,
// when the operator returns jsonb, and leaves text as it is.
func jsonResult(call *pg.Node, asJSON bool, loc int32) *pg.Node {
	if !asJSON {
		return call
	}
	return typeCast(call, "json", loc)
}

// rewriteJSONBFunction writes the jsonb functions whose DuckDB
// counterparts differ with pgway's functions. DuckDB's to_json,
// json_array, json_object and json_group_array write a DECIMAL and the
// numbers of a JSON argument through a double, so 1.50 would become 1.5.
// pgway's write each value as to_jsonb() does (jsonbValueText).
// jsonb_extract_path() becomes #>, jsonb_contains() and the other
// functions of jsonb's operators become their calls
// (rewriteJSONBOperatorCall), and jsonb_array_length() fails for a
// non-array as in PostgreSQL. It reports false for other functions.
func rewriteJSONBFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if handled, err := rewriteJSONTypeFunction(n, fc, name); handled || err != nil {
		return handled, err
	}
	if handled, err := rewriteJSONTypeArgument(n, fc, name); handled || err != nil {
		return handled, err
	}
	if handled, err := rewriteJSONBOperatorCall(n, fc, name); handled || err != nil {
		return handled, err
	}
	if handled, err := rewriteJSONBSetFunction(n, fc, name); handled || err != nil {
		return handled, err
	}
	if handled, err := rewriteJSONBModifyFunction(n, fc, name); handled || err != nil {
		return handled, err
	}
	loc := fc.Location
	switch name {
	case "to_jsonb", "jsonb_build_array", "jsonb_build_object", "jsonb_agg":
		// These take "any", so PostgreSQL cannot resolve the type of a
		// parameter that is an argument as it is.
		for _, arg := range fc.Args {
			if p := arg.GetParamRef(); p != nil {
				return true, &Error{Code: "42P18", Message: fmt.Sprintf("could not determine data type of parameter $%d", p.Number),
					Position: int(p.Location) + 1}
			}
		}
	}
	switch name {
	case "to_jsonb":
		if len(fc.Args) != 1 {
			return true, &Error{Code: CodeUndefinedFunction, Message: "function to_jsonb() takes one argument",
				Position: int(loc) + 1}
		}
		n.Node = typeCast(jsonbValueText(fc.Args[0], loc), "json", loc).Node
	case "jsonb_build_array":
		args := make([]*pg.Node, len(fc.Args))
		for i, arg := range fc.Args {
			args[i] = jsonbValueText(arg, loc)
		}
		n.Node = jsonbCall("pgway_jsonb_array", "[]", args, loc).Node
	case "jsonb_build_object":
		args, err := objectArguments(fc, name, jsonbValueText)
		if err != nil {
			return true, err
		}
		n.Node = jsonbCall("pgway_jsonb_object", "{}", args, loc).Node
	case "jsonb_agg":
		if fc.AggDistinct || len(fc.Args) != 1 {
			return true, unsupportedf(loc, "jsonb_agg(DISTINCT) is not supported on this warehouse")
		}
		// list() of no rows is NULL, as jsonb_agg() is.
		fc.Args[0] = jsonbValueText(fc.Args[0], loc)
		fc.Funcname = stringNodes("list")
		list := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}
		n.Node = typeCast(funcCall("pgway_jsonb_list", loc, list), "json", loc).Node
	case "jsonb_extract_path", "jsonb_extract_path_text":
		// jsonb_extract_path(doc, VARIADIC path) is doc #> path.
		if len(fc.Args) < 2 || fc.FuncVariadic {
			return false, nil
		}
		path := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: fc.Args[1:], Location: loc}}}
		asText := name == "jsonb_extract_path_text"
		call := funcCall("pgway_jsonb_path", loc, typeCast(fc.Args[0], "varchar", loc), typeCastArray(path, loc),
			boolConst(asText, loc))
		n.Node = jsonResult(call, !asText, loc).Node
	case "jsonb_array_length", "json_array_length":
		// DuckDB's json_array_length returns a UBIGINT, and 0 for a
		// scalar or an object, where PostgreSQL's fails.
		if len(fc.Args) != 1 {
			return false, nil
		}
		n.Node = funcCall("pgway_jsonb_array_length", loc, typeCast(fc.Args[0], "varchar", loc)).Node
	default:
		return false, nil
	}
	return true, nil
}

// jsonbCall is fn(args...)::json, or the constant empty::json when there
// are no arguments, which DuckDB's variadic functions need.
func jsonbCall(fn, empty string, args []*pg.Node, loc int32) *pg.Node {
	if len(args) == 0 {
		return typeCast(pg.MakeAConstStrNode(empty, loc), "json", loc)
	}
	return typeCast(funcCall(fn, loc, args...), "json", loc)
}

// jsonbValueText is the jsonb text that to_jsonb() makes of x:
//
//	CASE WHEN typeof(x) = 'JSON' THEN x::varchar
//	     ELSE pgway_jsonb_value(x, typeof(x)) END
//
// A JSON value keeps its text. Both branches bind whatever the type of x,
// and DuckDB folds typeof to a constant. A value with a parameter of
// unknown type, whose type typeof cannot show, is left as it is.
func jsonbValueText(x *pg.Node, loc int32) *pg.Node {
	if hasUntypedParam(x) {
		return x
	}
	if isQuotient(x) {
		// A numeric with its own scale, such as a numeric parameter,
		// whose DECIMAL would write 20 fractional digits.
		return quotientJSONText(x, loc, jsonbTypedText)
	}
	return jsonbTypedText(x, loc)
}

// jsonbTypedText is the jsonb text of x written by its DuckDB type.
func jsonbTypedText(x *pg.Node, loc int32) *pg.Node {
	x = namedRows(x)
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	isJSON := binaryOp("=", funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode("JSON", loc), loc)
	value := funcCall("pgway_jsonb_value", loc, clone(), funcCall(typeofFunction, loc, clone()))
	return searchedCase(loc, value, isJSON, typeCast(x, "varchar", loc))
}

// jsonbKey is the object key x as text: a string constant as it is, and
// anything else as PostgreSQL's output writes it (textByType).
func jsonbKey(x *pg.Node, loc int32) *pg.Node {
	if x.GetAConst().GetSval() != nil || hasUntypedParam(x) {
		return x
	}
	return textByType(x, loc, false)
}

// rewriteJSONBComparison compares jsonb values by pgway_jsonb_key(),
// their canonical text, as jsonb's = and <> compare them: regardless of
// spacing and key order, and numbers by value. DuckDB would compare the
// JSON text. Ordering comparisons fail with 0A000, because jsonb's order
// (objects above arrays above booleans above numbers above strings, and
// longer arrays above shorter ones) differs from that of the text.
func rewriteJSONBComparison(e *pg.A_Expr, op string) error {
	if op != "=" && op != "<>" && op != "!=" {
		return unsupportedf(e.Location, "operator %s of jsonb values is not supported on this warehouse", op)
	}
	e.Lexpr = funcCall("pgway_jsonb_key", e.Location, typeCast(e.Lexpr, "varchar", e.Location))
	e.Rexpr = funcCall("pgway_jsonb_key", e.Location, typeCast(e.Rexpr, "varchar", e.Location))
	return nil
}

// jsonbNumber makes a cast of a jsonb value to numeric read the number's
// text, through pgway_jsonb_number(), which keeps its scale and rejects
// other JSON values as PostgreSQL does. DuckDB's cast of JSON to DECIMAL
// gives every value ten decimal places.
func jsonbNumber(tc *pg.TypeCast) {
	if showsJSON(tc.Arg) {
		tc.Arg = funcCall("pgway_jsonb_number", tc.Location, typeCast(tc.Arg, "varchar", tc.Location))
	}
}

// objectArguments returns the arguments of json_build_object or
// jsonb_build_object, alternating keys and values, as the provider's
// function takes them: each key as jsonbKey writes it and each value as
// valueText does. An odd number of arguments fails as in PostgreSQL.
func objectArguments(fc *pg.FuncCall, name string, valueText func(*pg.Node, int32) *pg.Node) ([]*pg.Node, error) {
	loc := fc.Location
	if len(fc.Args)%2 != 0 {
		return nil, &Error{Code: "22023", Message: "argument list must have even number of elements",
			Hint:     "The arguments of " + name + "() must consist of alternating keys and values.",
			Position: int(loc) + 1}
	}
	args := make([]*pg.Node, len(fc.Args))
	for i, arg := range fc.Args {
		if i%2 == 0 {
			args[i] = jsonbKey(arg, loc)
		} else {
			args[i] = valueText(arg, loc)
		}
	}
	return args, nil
}
