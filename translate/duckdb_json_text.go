package translate

import (
	"encoding/json"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL's json keeps the text that its functions write, with spacing
// of each function's own: {"a":1} from row_to_json() and to_json(),
// {"a" : 1} from json_build_object(), and a line feed before each later
// row in json_agg(). DuckDB's JSON is pgway's jsonb, which is sent in
// jsonb's form, so the functions that return json build that text with
// the provider's pgway_json_* functions and wrap it in pgway_json(text).
// That is a STRUCT with the one field DuckDBJSONTextField, which the
// provider sends as json and which pgway_text, pgway_jsonb_value and
// pgway_json_value read by its DuckDB type.

// DuckDBJSONTextField is the field of the STRUCT that contains a json value's
// text on DuckDB.
const DuckDBJSONTextField = "pgway_json"

// jsonWrapFunction is the provider's function that wraps json text.
const jsonWrapFunction = "pgway_json"

// rewriteJSONTypeFunction writes the functions that return json:
// to_json(), row_to_json(), array_to_json(), json_build_object(),
// json_build_array(), json_agg() and json_object_agg(). It reports false
// for other functions.
func rewriteJSONTypeFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	loc := fc.Location
	switch name {
	case "to_json", "row_to_json", "array_to_json", "json_build_object", "json_build_array", "json_agg", "json_object_agg":
	default:
		return false, nil
	}
	for _, arg := range fc.Args {
		if p := arg.GetParamRef(); p != nil {
			return true, untypedJSONParam(name, p)
		}
	}
	if fc.AggDistinct {
		return true, unsupportedf(loc, "%s(DISTINCT) is not supported on this warehouse", name)
	}
	switch name {
	case "to_json":
		if len(fc.Args) != 1 {
			return true, undefinedJSONFunction(name, loc)
		}
		n.Node = wrapJSON(jsonValueText(fc.Args[0], loc), loc).Node
	case "row_to_json", "array_to_json":
		// The second argument, pretty_bool, puts line feeds between the
		// fields or elements when it is true.
		if len(fc.Args) == 2 && !isFalseConstant(fc.Args[1]) {
			return true, unsupportedf(exprLocation(fc.Args[1]), "%s() with pretty_bool other than false is not supported on this warehouse", name)
		}
		if len(fc.Args) != 1 && len(fc.Args) != 2 {
			return true, undefinedJSONFunction(name, loc)
		}
		n.Node = wrapJSON(jsonValueText(fc.Args[0], loc), loc).Node
	case "json_build_object":
		args, err := objectArguments(fc, name, jsonValueText)
		if err != nil {
			return true, err
		}
		n.Node = jsonTextCall("pgway_json_object", "{}", args, loc).Node
	case "json_build_array":
		args := make([]*pg.Node, len(fc.Args))
		for i, arg := range fc.Args {
			args[i] = jsonValueText(arg, loc)
		}
		n.Node = jsonTextCall("pgway_json_array", "[]", args, loc).Node
	case "json_agg":
		if len(fc.Args) != 1 {
			return true, undefinedJSONFunction(name, loc)
		}
		// list() of no rows is NULL, as json_agg() is, and keeps the
		// ORDER BY and FILTER of the call.
		fc.Args[0] = jsonAggItem(fc.Args[0], loc)
		fc.Funcname = stringNodes("list")
		list := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}
		n.Node = wrapJSON(funcCall("pgway_json_agg", loc, list), loc).Node
	case "json_object_agg":
		if len(fc.Args) != 2 {
			return true, undefinedJSONFunction(name, loc)
		}
		pair := &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{
			Elements: []*pg.Node{jsonbKey(fc.Args[0], loc), jsonValueText(fc.Args[1], loc)}, Location: loc}}}
		fc.Args = []*pg.Node{pair}
		fc.Funcname = stringNodes("list")
		list := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}
		n.Node = wrapJSON(funcCall("pgway_json_object_agg", loc, list), loc).Node
	}
	return true, nil
}

// untypedJSONParam is PostgreSQL's error for a parameter of unknown type
// as an argument of name: the type of "any" is unresolved, and those of
// anyelement and anyarray cannot be inferred. row_to_json() reads the
// parameter as a record, which has no input.
func untypedJSONParam(name string, p *pg.ParamRef) *Error {
	switch name {
	case "to_json", "array_to_json", "json_agg":
		return &Error{Code: "42804", Message: "could not determine polymorphic type because input has type unknown",
			Position: int(p.Location) + 1}
	case "row_to_json":
		return &Error{Code: CodeFeatureNotSupported, Message: "input of anonymous composite types is not implemented"}
	}
	return &Error{Code: "42P18", Message: fmt.Sprintf("could not determine data type of parameter $%d", p.Number),
		Position: int(p.Location) + 1}
}

func undefinedJSONFunction(name string, loc int32) *Error {
	return &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("function %s() with these arguments does not exist", name),
		Hint: "No function matches the given name and argument types. You might need to add explicit type casts.", Position: int(loc) + 1}
}

// isFalseConstant reports whether n is the constant false.
func isFalseConstant(n *pg.Node) bool {
	if b := n.GetAConst().GetBoolval(); b != nil {
		return !b.Boolval
	}
	if tc := n.GetTypeCast(); tc != nil && lastName(tc.TypeName.GetNames()) == "bool" {
		s := tc.Arg.GetAConst().GetSval()
		return s != nil && (s.Sval == "f" || s.Sval == "false")
	}
	return false
}

// wrapJSON is pgway_json(text), the json value of text, NULL for NULL.
func wrapJSON(text *pg.Node, loc int32) *pg.Node {
	return funcCall(jsonWrapFunction, loc, text)
}

// jsonTextCall is pgway_json(fn(args...)), or the json value of the
// constant empty when there are no arguments, which DuckDB's variadic
// functions need.
func jsonTextCall(fn, empty string, args []*pg.Node, loc int32) *pg.Node {
	if len(args) == 0 {
		return wrapJSON(pg.MakeAConstStrNode(empty, loc), loc)
	}
	return wrapJSON(funcCall(fn, loc, args...), loc)
}

// jsonValueText is the json text that to_json() makes of x:
//
//	CASE WHEN typeof(x) = 'JSON' THEN pgway_json_value(x::varchar, 'JSON', digits)
//	     ELSE pgway_json_value(x, typeof(x), digits) END
//
// where digits is the session's extra_float_digits. A JSON value, which is jsonb, is passed as its text, which the driver
// would otherwise decode. A quotient, whose DECIMAL would write 20
// fractional digits, is its own text.
func jsonValueText(x *pg.Node, loc int32) *pg.Node {
	if isQuotient(x) {
		return quotientJSONText(x, loc, jsonTypedText)
	}
	if isJSONValue(x) {
		return jsonText(x, loc)
	}
	return jsonTypedText(x, loc)
}

// jsonTypedText is the json text of x written by its DuckDB type.
func jsonTypedText(x *pg.Node, loc int32) *pg.Node {
	x = namedRows(x)
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	isJSONB := binaryOp("=", funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode("JSON", loc), loc)
	jsonb := funcCall("pgway_json_value", loc, typeCast(clone(), "varchar", loc), pg.MakeAConstStrNode("JSON", loc),
		extraFloatDigits(loc))
	value := funcCall("pgway_json_value", loc, clone(), funcCall(typeofFunction, loc, clone()), extraFloatDigits(loc))
	return searchedCase(loc, value, isJSONB, jsonb)
}

// jsonAggItem is pgway_json_agg_item(x, typeof(x)), the item of
// json_agg() that pgway_json_agg() joins. A JSON value is passed as
// varchar, as jsonValueText does.
func jsonAggItem(x *pg.Node, loc int32) *pg.Node {
	if isQuotient(x) || isJSONValue(x) {
		// json_agg writes a NULL item as null.
		text := &pg.Node{Node: &pg.Node_CoalesceExpr{CoalesceExpr: &pg.CoalesceExpr{
			Args: []*pg.Node{jsonValueText(x, loc), pg.MakeAConstStrNode("null", loc)}, Location: loc}}}
		return funcCall("concat", loc, pg.MakeAConstStrNode(" ", loc), text)
	}
	x = namedRows(x)
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	isJSONB := binaryOp("=", funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode("JSON", loc), loc)
	jsonb := funcCall("pgway_json_agg_item", loc, typeCast(clone(), "varchar", loc), pg.MakeAConstStrNode("JSON", loc),
		extraFloatDigits(loc))
	value := funcCall("pgway_json_agg_item", loc, clone(), funcCall(typeofFunction, loc, clone()), extraFloatDigits(loc))
	return searchedCase(loc, value, isJSONB, jsonb)
}

// isJSONValue reports whether the rewritten expression n is a json value
// that the statement shows: a call of pgway_json, or COALESCE of such
// values (wrapJSONCoalesce).
func isJSONValue(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		return lastName(fc.Funcname) == jsonWrapFunction && len(fc.Args) == 1
	}
	if c := n.GetCoalesceExpr(); c != nil && len(c.Args) > 0 {
		for _, arg := range c.Args {
			if !isJSONValue(arg) {
				return false
			}
		}
		return true
	}
	return false
}

// jsonText is the text of the json value n.
func jsonText(n *pg.Node, loc int32) *pg.Node {
	if fc := n.GetFuncCall(); fc != nil && lastName(fc.Funcname) == jsonWrapFunction && len(fc.Args) == 1 {
		return fc.Args[0]
	}
	return funcCall("struct_extract", loc, n, pg.MakeAConstStrNode(DuckDBJSONTextField, loc))
}

// wrapJSONCoalesce makes the string constants among the arguments of
// COALESCE json values when another argument is one, as PostgreSQL
// resolves coalesce(json_agg(x), '[]') to json. A string that is no JSON
// fails as json's input does.
func wrapJSONCoalesce(c *pg.CoalesceExpr) error {
	found := false
	for _, arg := range c.Args {
		found = found || isJSONValue(arg)
	}
	if !found {
		return nil
	}
	for _, arg := range c.Args {
		if s := arg.GetAConst().GetSval(); s != nil {
			loc := arg.GetAConst().Location
			if !isValidJSONText(s.Sval) {
				return &Error{Code: "22P02", Message: "invalid input syntax for type json", Position: int(loc) + 1}
			}
			arg.Node = wrapJSON(pg.MakeAConstStrNode(s.Sval, loc), loc).Node
		}
	}
	return nil
}

// isValidJSONText reports whether s is valid input of json.
func isValidJSONText(s string) bool {
	return json.Valid([]byte(s))
}

// rewriteJSONTypeField writes json's -> and ->> of a json value that the
// statement shows. They return the field's text as the document has it,
// where jsonb's would write it in jsonb's form. It reports false for
// another left operand.
func rewriteJSONTypeField(n *pg.Node, e *pg.A_Expr, op string) bool {
	if !isJSONValue(e.Lexpr) {
		return false
	}
	loc := e.Location
	call := funcCall("pgway_json_field", loc,
		jsonText(e.Lexpr, loc),
		typeCast(e.Rexpr, "varchar", loc),
		funcCall(typeofFunction, loc, proto.Clone(e.Rexpr).(*pg.Node)),
		boolConst(op == "->>", loc))
	if op == "->" {
		call = wrapJSON(call, loc)
	}
	n.Node = call.Node
	return true
}

// rewriteJSONTypeCast writes a cast of a json value that the statement
// shows. To text and varchar it is the value's text, to jsonb that text
// read as jsonb, and to json the value itself. PostgreSQL has no cast of
// json to other types. It reports whether it replaced n.
func rewriteJSONTypeCast(n *pg.Node, tc *pg.TypeCast) (bool, error) {
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return false, nil
	}
	name := lastName(tc.TypeName.GetNames())
	if arg, marked := unmarkedJSONOperand(tc.Arg); marked && name == "jsonb" {
		n.Node = jsonbOfUnseen(arg, tc.Location).Node
		return true, nil
	}
	if !isJSONValue(tc.Arg) {
		return false, nil
	}
	switch name {
	case "json":
		n.Node = tc.Arg.Node
		return true, nil
	case "text", "varchar", "bpchar", "jsonb":
		tc.Arg = jsonText(tc.Arg, tc.Location)
		return false, nil
	}
	return true, &Error{Code: "42846", Message: fmt.Sprintf("cannot cast type json to %s", pgTypeDisplayName(name)),
		Position: int(tc.Location) + 1}
}

// unseenJSONMark is the function that markUnseenJSONOperands wraps
// around an operand that may be a json value.
const unseenJSONMark = "pgway_json_unseen"

// markUnseenJSONOperands marks the operands whose json type the statement
// does not show where they are used: a column named as a result column
// of a subquery that is a call of a function returning json, as the
// operand of a cast to jsonb or of ->, ->>, #> or #>>. Those rewrites
// then check the operand's DuckDB type (jsonbOfUnseen,
// jsonbFieldDocument). It runs before the rewrites that add casts to
// jsonb of their own.
func markUnseenJSONOperands(stmt *pg.Node) {
	names := map[string]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		rt, ok := msg.(*pg.ResTarget)
		if !ok || rt.Val == nil || !returnsJSON(rt.Val) {
			return
		}
		name := rt.Name
		if name == "" {
			if fc := rt.Val.GetFuncCall(); fc != nil {
				name = strings.ToLower(lastName(fc.Funcname))
			} else {
				name = "coalesce"
			}
		}
		names[name] = true
	})
	if len(names) == 0 {
		return
	}
	mark := func(n *pg.Node) {
		fields := n.GetColumnRef().GetFields()
		if len(fields) > 0 && names[fields[len(fields)-1].GetString_().GetSval()] {
			n.Node = funcCall(unseenJSONMark, n.GetColumnRef().Location, &pg.Node{Node: n.Node}).Node
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.TypeCast:
			if lastName(v.TypeName.GetNames()) == "jsonb" && len(v.TypeName.GetArrayBounds()) == 0 && v.Arg != nil {
				mark(v.Arg)
			}
		case *pg.A_Expr:
			switch lastName(v.Name) {
			case "->", "->>", "#>", "#>>":
				if v.Lexpr != nil {
					mark(v.Lexpr)
				}
			}
		}
	})
}

// returnsJSON reports whether n, not rewritten yet, is a call of a
// function that returns json, or COALESCE of one.
func returnsJSON(n *pg.Node) bool {
	if fc := n.GetFuncCall(); fc != nil {
		name := strings.ToLower(lastName(fc.Funcname))
		return jsonRowFunctions[name] || name == "array_to_json" || name == "json_object_agg"
	}
	if c := n.GetCoalesceExpr(); c != nil {
		for _, arg := range c.Args {
			if returnsJSON(arg) {
				return true
			}
		}
	}
	return false
}

// unmarkedJSONOperand returns the operand that markUnseenJSONOperands
// marked, and false for another node.
func unmarkedJSONOperand(n *pg.Node) (*pg.Node, bool) {
	fc := n.GetFuncCall()
	if fc == nil || lastName(fc.Funcname) != unseenJSONMark || len(fc.Args) != 1 {
		return n, false
	}
	return fc.Args[0], true
}

// jsonbOfUnseen is x::jsonb for an x whose type the statement does not
// show, which may be json's STRUCT:
//
//	CASE WHEN typeof(x) = 'STRUCT(pgway_json VARCHAR)'
//	     THEN pgway_json_text(x, typeof(x))::json ELSE x::json END
//
// DuckDB would cast the STRUCT itself to an object of its field.
func jsonbOfUnseen(x *pg.Node, loc int32) *pg.Node {
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	isJSON := binaryOp("=", funcCall(typeofFunction, loc, clone()),
		pg.MakeAConstStrNode("STRUCT("+DuckDBJSONTextField+" VARCHAR)", loc), loc)
	text := funcCall("pgway_json_text", loc, clone(), funcCall(typeofFunction, loc, clone()))
	return searchedCase(loc, typeCast(x, "json", loc), isJSON, typeCast(text, "json", loc))
}

// jsonbFieldDocument is the left operand x of jsonb's ->, ->>, #> or #>> as
// varchar. Where markUnseenJSONOperands marked x as a value that may be
// json, it is
//
//	CASE WHEN typeof(x) = 'STRUCT(pgway_json VARCHAR)'
//	     THEN pgway_json_operand(x, typeof(x), op) ELSE x::varchar END
//
// which fails for json with 0A000: DuckDB would cast the STRUCT to
// varchar in its own form, and json's operators return the document's
// text where jsonb's write jsonb's.
func jsonbFieldDocument(x *pg.Node, op string, loc int32) *pg.Node {
	x, marked := unmarkedJSONOperand(x)
	if !marked {
		return typeCast(x, "varchar", loc)
	}
	clone := func() *pg.Node { return proto.Clone(x).(*pg.Node) }
	isJSON := binaryOp("=", funcCall(typeofFunction, loc, clone()),
		pg.MakeAConstStrNode("STRUCT("+DuckDBJSONTextField+" VARCHAR)", loc), loc)
	failure := funcCall("pgway_json_operand", loc, clone(), funcCall(typeofFunction, loc, clone()), pg.MakeAConstStrNode(op, loc))
	return searchedCase(loc, typeCast(x, "varchar", loc), isJSON, failure)
}

// rewriteJSONTypeOperator fails for an operator with a json value that the
// statement shows as an operand, other than -> and ->>, as PostgreSQL has
// no comparison of json values and pgway does not write json's #> and #>>.
func rewriteJSONTypeOperator(e *pg.A_Expr, op string) error {
	left, right := e.Lexpr != nil && isJSONValue(e.Lexpr), e.Rexpr != nil && isJSONValue(e.Rexpr)
	if !left && !right || op == "->" || op == "->>" {
		return nil
	}
	if comparisonOperators[op] && left && right {
		return &Error{Code: CodeUndefinedFunction, Message: fmt.Sprintf("operator does not exist: json %s json", op),
			Hint:     "No operator matches the given name and argument types. You might need to add explicit type casts.",
			Position: int(e.Location) + 1}
	}
	return unsupportedf(e.Location, "operator %s of json is not supported on this warehouse", op)
}

// rewriteJSONTypeArgument writes the functions of json that pgway reads
// from a json value that the statement shows: json_array_length(), which
// counts the same elements as jsonb's. The other json_ functions, such as
// json_extract_path(), fail with 0A000, since DuckDB would read the
// STRUCT as an object. It reports whether it handled the call.
func rewriteJSONTypeArgument(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if len(fc.Args) == 0 || !isJSONValue(fc.Args[0]) || !strings.HasPrefix(name, "json_") {
		return false, nil
	}
	if name == "json_array_length" && len(fc.Args) == 1 {
		n.Node = funcCall("pgway_jsonb_array_length", fc.Location, jsonText(fc.Args[0], fc.Location)).Node
		return true, nil
	}
	return true, unsupportedf(fc.Location, "function %s() of a json value is not supported on this warehouse", name)
}

// pgTypeDisplayName is the name PostgreSQL's messages give a type of the
// parser's internal name.
func pgTypeDisplayName(name string) string {
	switch name {
	case "int2":
		return "smallint"
	case "int4":
		return "integer"
	case "int8":
		return "bigint"
	case "float4":
		return "real"
	case "float8":
		return "double precision"
	case "bool":
		return "boolean"
	case "timestamptz":
		return "timestamp with time zone"
	case "timestamp":
		return "timestamp without time zone"
	}
	return name
}

// jsonRowFunctions are the functions that return json and take a whole
// row.
var jsonRowFunctions = map[string]bool{
	"to_json": true, "row_to_json": true, "json_agg": true, "json_build_object": true, "json_build_array": true,
}

// jsonbFieldsOfJSONRows replaces a table's whole row that is an argument
// of a function returning json, when the table has jsonb columns, by
// struct_pack() of its columns with each jsonb column as the json value
// of its jsonb text. Inside a STRUCT, the driver would decode DuckDB's
// JSON and write its numbers through a double.
func jsonbFieldsOfJSONRows(stmt *pg.Node, wholeRows map[*pg.ColumnRef]fromItem) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || !jsonRowFunctions[strings.ToLower(lastName(fc.Funcname))] {
			return
		}
		for _, arg := range fc.Args {
			ref := arg.GetColumnRef()
			item, ok := wholeRows[ref]
			if ref == nil || !ok || item.row != relationRow || !hasJSONBColumn(item.rel) {
				continue
			}
			fields := make([]*pg.Node, len(item.rel.columns))
			for i, c := range item.rel.columns {
				var value *pg.Node = &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{
					Fields: stringNodes(item.alias, c.name), Location: ref.Location}}}
				if c.typ == "jsonb" {
					value = wrapJSON(jsonbText(value, ref.Location), ref.Location)
				}
				fields[i] = &pg.Node{Node: &pg.Node_NamedArgExpr{NamedArgExpr: &pg.NamedArgExpr{
					Arg: value, Name: c.name, Argnumber: -1, Location: ref.Location}}}
			}
			arg.Node = funcCall("struct_pack", ref.Location, fields...).Node
		}
	})
}

func hasJSONBColumn(rel *relationType) bool {
	for _, c := range rel.columns {
		if c.typ == "jsonb" {
			return true
		}
	}
	return false
}
