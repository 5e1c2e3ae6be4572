package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Parameter types on DuckDB. PostgreSQL gives every parameter one type
// when it parses a statement: the client's, or the one it infers from the
// parameter's context, such as integer for $1 in qty - $1. DuckDB infers
// types too, but differently: it fails where an operator has several
// candidates (1 + $1 is "not unique"), and it leaves the result types of
// some statements open until they run, so that they cannot be described.
// When the engine has PostgreSQL's types, from the client or from the
// catalog database, the dialect writes each parameter as a cast to its
// type. DuckDB then binds it as PostgreSQL does, and the rewrite's type
// rules see a typed value.

// paramTypeNames maps the OIDs of the types a parameter may be cast to
// on DuckDB to their PostgreSQL names. A parameter of another type, such
// as json, char(n) or geometry, keeps DuckDB's inference.
var paramTypeNames = map[uint32]string{
	16: "bool", 17: "bytea", 20: "int8", 21: "int2", 23: "int4", 25: "text",
	700: "float4", 701: "float8", 1043: "varchar", 1082: "date", 1083: "time",
	1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1700: "numeric",
	2950: "uuid", 3802: "jsonb",
}

// paramArrayElements maps the OIDs of array types to their element's OID.
var paramArrayElements = map[uint32]uint32{
	1000: 16, 1001: 17, 1016: 20, 1005: 21, 1007: 23, 1009: 25,
	1021: 700, 1022: 701, 1015: 1043, 1182: 1082, 1183: 1083,
	1115: 1114, 1185: 1184, 1187: 1186, 1231: 1700, 2951: 2950, 3807: 3802,
}

// WithParamTypes returns d with the PostgreSQL types of a statement's
// parameters, by OID, the first for $1; 0 leaves a type unknown. Only
// the DuckDB dialect uses them; the others return d, since their
// providers bind parameters by type themselves.
func WithParamTypes(d Dialect, oids []uint32) Dialect {
	duck, ok := d.(*duckDB)
	if !ok {
		return d
	}
	var key strings.Builder
	known := false
	for _, oid := range oids {
		known = known || paramTypeName(oid) != nil
		key.WriteString("," + strconv.FormatUint(uint64(oid), 10))
	}
	if !known && duck.params == nil {
		return d
	}
	out := *duck
	out.params, out.name = nil, duck.base
	if known {
		out.params = append([]uint32(nil), oids...)
		out.name += "$" + key.String()
	}
	return &out
}

// paramTypeName returns the type name that a parameter of type oid is
// cast to, or nil when it keeps DuckDB's inference.
func paramTypeName(oid uint32) *pg.TypeName {
	if name, ok := paramTypeNames[oid]; ok {
		return &pg.TypeName{Names: stringNodes(name), Typemod: -1}
	}
	if elem, ok := paramArrayElements[oid]; ok {
		return &pg.TypeName{Names: stringNodes(paramTypeNames[elem]), Typemod: -1,
			ArrayBounds: []*pg.Node{pg.MakeIntNode(-1)}}
	}
	return nil
}

// typeParams writes each parameter of stmt whose type is known as a
// cast to that type, unless the client cast it itself. A numeric
// parameter keeps the scale of its value, as in PostgreSQL. DuckDB's
// DECIMAL would give every value one scale, so the parameter, uncast or
// cast to numeric by the client, becomes the provider's pgway_to_numeric
// of its text (see rewriteNumericCast).
func typeParams(stmt *pg.Node, oids []uint32) error {
	if len(oids) == 0 {
		return nil
	}
	typeOf := func(p *pg.ParamRef) uint32 {
		if p == nil || p.Number < 1 || int(p.Number) > len(oids) {
			return 0
		}
		return oids[p.Number-1]
	}
	cast := map[*pg.ParamRef]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if tc, ok := msg.(*pg.TypeCast); ok && tc.Arg.GetParamRef() != nil {
			cast[tc.Arg.GetParamRef()] = true
		}
	})
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_TypeCast:
			p := v.TypeCast.Arg.GetParamRef()
			switch oid := typeOf(p); {
			case oid == pgNumericOID && isPlainNumeric(v.TypeCast.TypeName):
				n.Node = numericParam(p).Node
			case paramArrayElements[oid] != 0 && len(v.TypeCast.TypeName.GetArrayBounds()) > 0:
				v.TypeCast.Arg = arrayParam(p)
			}
		case *pg.Node_ParamRef:
			p := v.ParamRef
			oid := typeOf(p)
			if cast[p] || oid == 0 {
				return nil
			}
			if oid == pgNumericOID {
				n.Node = numericParam(p).Node
				return nil
			}
			tn := paramTypeName(oid)
			if tn == nil {
				return nil
			}
			tn.Location = p.Location
			arg := &pg.Node{Node: &pg.Node_ParamRef{ParamRef: p}}
			if paramArrayElements[oid] != 0 {
				arg = arrayParam(p)
			}
			n.Node = &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: arg, TypeName: tn, Location: p.Location}}
		}
		return nil
	})
}

// pgNumericOID is the OID of PostgreSQL's numeric.
const pgNumericOID = 1700

// isPlainNumeric reports whether tn is numeric without a precision.
func isPlainNumeric(tn *pg.TypeName) bool {
	return lastName(tn.GetNames()) == "numeric" && len(tn.GetTypmods()) == 0 && len(tn.GetArrayBounds()) == 0
}

// numericParam returns the numeric value of parameter p, which the
// engine binds as text, with the scale of that text.
func numericParam(p *pg.ParamRef) *pg.Node {
	text := typeCast(&pg.Node{Node: &pg.Node_ParamRef{ParamRef: p}}, "varchar", p.Location)
	return funcCall(numericCastFunction, p.Location, text, pg.MakeAConstStrNode("VARCHAR", p.Location))
}

// arrayParam returns the elements of array parameter p, which the engine
// binds in PostgreSQL's text form, such as {a,"b c"}, as a list of
// strings for a cast to the array's type: DuckDB's cast reads only its
// own list syntax.
func arrayParam(p *pg.ParamRef) *pg.Node {
	text := typeCast(&pg.Node{Node: &pg.Node_ParamRef{ParamRef: p}}, "varchar", p.Location)
	return funcCall("pgway_text_array", p.Location, text)
}
