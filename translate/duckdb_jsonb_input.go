package translate

import (
	"encoding/json"
	"fmt"
	"strconv"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// This file gives jsonb's input and casts PostgreSQL 15's rules where
// DuckDB's JSON type is laxer. PostgreSQL reads JSON as RFC 8259 defines
// it, with no trailing comma, NaN or Infinity. Its jsonb cannot store
// \u0000, and it casts to jsonb only from text types and json.

// checkJSONBConstant raises jsonb input's error for a string constant
// cast to jsonb that PostgreSQL rejects, even where the statement never
// prints the value, as in '[1,]'::jsonb IS NOT NULL.
// TODO: other text cast to jsonb is checked only where a result prints
// it, so x::jsonb IS NOT NULL passes '[1,]' and NaN from a column.
func checkJSONBConstant(tc *pg.TypeCast) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil || len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	text, position := c.GetSval().Sval, int(c.Location)+1
	if !json.Valid([]byte(text)) {
		return &Error{Code: "22P02", Message: "invalid input syntax for type json", Position: position}
	}
	return checkJSONBEscapes(text, position)
}

// checkJSONBEscapes raises jsonb's errors for the \u escapes of text
// that json.Valid accepts, so each backslash starts a whole escape.
// They are 22P05 for \u0000, and 22P02 for a surrogate that is not part
// of a pair, which encoding/json accepts.
func checkJSONBEscapes(text string, position int) error {
	invalid := &Error{Code: "22P02", Message: "invalid input syntax for type json", Position: position}
	pendingHigh := false
	for i := 0; i < len(text); i++ {
		if text[i] != '\\' {
			if pendingHigh {
				return invalid
			}
			continue
		}
		i++
		if text[i] != 'u' {
			if pendingHigh {
				return invalid
			}
			continue
		}
		code, _ := strconv.ParseUint(text[i+1:i+5], 16, 16)
		i += 4
		switch {
		case code == 0:
			return &Error{Code: "22P05", Message: "unsupported Unicode escape sequence", Position: position}
		case code >= 0xD800 && code <= 0xDBFF:
			if pendingHigh {
				return invalid
			}
			pendingHigh = true
		case code >= 0xDC00 && code <= 0xDFFF:
			if !pendingHigh {
				return invalid
			}
			pendingHigh = false
		default:
			if pendingHigh {
				return invalid
			}
		}
	}
	if pendingHigh {
		return invalid
	}
	return nil
}

// jsonbCastSources are the types besides text, json and jsonb that a
// statement shows and that PostgreSQL cannot cast to jsonb.
var jsonbCastSources = map[string]bool{
	"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true, "bool": true,
	"date": true, "timestamp": true, "timestamptz": true, "interval": true, "time": true,
	"bytea": true, "uuid": true,
}

// jsonbCastTargets are the types that PostgreSQL cannot cast jsonb to.
// jsonb casts to text types, json, boolean and the number types.
var jsonbCastTargets = map[string]bool{
	"date": true, "timestamp": true, "timestamptz": true, "interval": true, "time": true, "timetz": true,
	"bytea": true, "uuid": true,
}

// checkJSONBCast returns 42846 for a cast to jsonb from a type that the
// statement shows and PostgreSQL has no cast from, such as 1::jsonb. It
// does the same for a cast of jsonb to a type that PostgreSQL has no cast
// to, such as j::bytea. DuckDB runs both.
func checkJSONBCast(tc *pg.TypeCast, typeOf func(*pg.Node) string) error {
	if len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	target := lastName(tc.TypeName.GetNames())
	source := booleanCastOperandType(tc.Arg)
	if source == "" {
		source = typeOf(tc.Arg)
	}
	switch {
	case target == "jsonb" && jsonbCastSources[source]:
	case target == "jsonb" && arrayCastSource(tc.Arg) != "":
		source = arrayCastSource(tc.Arg)
	case source == "jsonb" && jsonbCastTargets[target]:
	default:
		return nil
	}
	return &Error{Code: "42846", Position: int(tc.Location) + 1, Message: fmt.Sprintf(
		"cannot cast type %s to %s", typeDisplayName(source), typeDisplayName(target))}
}

// arrayCastSource returns PostgreSQL's name of the array type of n where
// n is a cast to an array of a type the statement shows, as in
// '{1}'::int[], and "" otherwise.
func arrayCastSource(n *pg.Node) string {
	tc := n.GetTypeCast()
	if tc == nil || len(tc.TypeName.GetArrayBounds()) == 0 {
		return ""
	}
	element := castTypeNames[lastName(tc.TypeName.GetNames())]
	if element == "" {
		return ""
	}
	return typeDisplayName(element) + "[]"
}

// jsonbTypeNames are PostgreSQL's jsonb_typeof() names of the types that
// DuckDB's json_type() returns.
var jsonbTypeNames = [][2]string{
	{"OBJECT", "object"}, {"ARRAY", "array"}, {"VARCHAR", "string"}, {"BOOLEAN", "boolean"}, {"NULL", "null"},
	{"BIGINT", "number"}, {"UBIGINT", "number"}, {"HUGEINT", "number"}, {"UHUGEINT", "number"}, {"DOUBLE", "number"},
}

// jsonbTypeOf writes jsonb_typeof(doc) as a CASE over DuckDB's
// json_type(doc), which is NULL for a NULL doc, as jsonb_typeof is.
func jsonbTypeOf(doc *pg.Node, loc int32) *pg.Node {
	var whens []*pg.Node
	for _, names := range jsonbTypeNames {
		whens = append(whens, &pg.Node{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: pg.MakeAConstStrNode(names[0], loc), Result: pg.MakeAConstStrNode(names[1], loc), Location: loc}}})
	}
	return &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Arg: funcCall("json_type", loc, doc), Args: whens, Location: loc}}}
}
