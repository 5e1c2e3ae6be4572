package translate

import (
	"slices"
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
// bytea[] is missing: the DuckDB rewrite reads bytea text only from a
// string, not from a list's elements.
var paramArrayElements = map[uint32]uint32{
	1000: 16, 1016: 20, 1005: 21, 1007: 23, 1009: 25,
	1021: 700, 1022: 701, 1015: 1043, 1182: 1082, 1183: 1083,
	1115: 1114, 1185: 1184, 1187: 1186, 1231: 1700, 2951: 2950, 3807: 3802,
}

// WithParamTypes returns d with the PostgreSQL types of a statement's
// parameters, by OID, the first for $1, where 0 leaves a type unknown.
// Only the DuckDB dialect uses them. The others return d, since their
// providers bind parameters by type themselves.
func WithParamTypes(d Dialect, oids []uint32) Dialect {
	duck, ok := d.(*duckDB)
	if !ok {
		return d
	}
	var key strings.Builder
	known := false
	for _, oid := range oids {
		known = known || oid != 0
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

// inferredParamTypes returns the types that typeParams gives stmt's
// parameters, by OID, or nil when it has no untyped ones. It reads stmt
// without changing it.
func (d *duckDB) inferredParamTypes(stmt *pg.Node) []uint32 {
	oids := inferParams(stmt, d.caps.Relations, textTargetParams(stmt, d.params))
	if slices.Equal(oids, d.params) {
		return nil
	}
	return oids
}

// typeParams writes each parameter of stmt whose type is known as a
// cast to that type. A parameter that the client casts itself is cast to
// its type first, as PostgreSQL converts it: a timestamptz parameter cast
// to timestamp takes the session's time zone. A numeric parameter keeps
// the scale of its value, as in PostgreSQL. DuckDB's DECIMAL would give
// every value one scale, so the parameter becomes the provider's
// pgway_to_numeric of its text (see rewriteNumericCast). A numeric value
// that INSERT or UPDATE assigns stays as it is: DuckDB reads it as the
// column's type, in every digit, as PostgreSQL's assignment does. A parameter of
// unknown type that appears only alone in the select list is text, as
// PostgreSQL resolves it, and one beside a value of known type takes the
// type PostgreSQL infers (inferParams).
func typeParams(stmt *pg.Node, oids []uint32, rel *Relations) error {
	declared := oids
	oids = inferParams(stmt, rel, textTargetParams(stmt, oids))
	if err := checkUntypedParams(stmt, rel, declared, oids); err != nil {
		return err
	}
	if len(oids) == 0 {
		return nil
	}
	typeOf := func(p *pg.ParamRef) uint32 {
		if p == nil || p.Number < 1 || int(p.Number) > len(oids) {
			return 0
		}
		return oids[p.Number-1]
	}
	assigned := assignedParams(stmt)
	cast := map[*pg.ParamRef]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if tc, ok := msg.(*pg.TypeCast); ok && tc.Arg.GetParamRef() != nil {
			cast[tc.Arg.GetParamRef()] = true
		}
	})
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_TypeCast:
			tc := v.TypeCast
			p := tc.Arg.GetParamRef()
			oid := typeOf(p)
			switch {
			case oid == 0:
			case oid == pgNumericOID && isPlainNumeric(tc.TypeName):
				n.Node = numericParam(p).Node
			case !namesParamType(tc.TypeName, oid):
				if typed := typedParam(p, oid); typed != nil {
					tc.Arg = typed
				}
			case paramArrayElements[oid] != 0:
				tc.Arg = arrayParam(p)
			}
		case *pg.Node_ParamRef:
			p := v.ParamRef
			if oid := typeOf(p); !cast[p] && !(assigned[p] && oid == pgNumericOID) {
				if typed := typedParam(p, oid); typed != nil {
					n.Node = typed.Node
				}
			}
		}
		return nil
	})
}

// typedParam returns parameter p as a value of type oid, or nil when its
// type keeps DuckDB's inference.
func typedParam(p *pg.ParamRef, oid uint32) *pg.Node {
	if oid == pgNumericOID {
		return numericParam(p)
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
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: arg, TypeName: tn, Location: p.Location}}}
}

// namesParamType reports whether tn names the type oid, with or without a type
// modifier, as the parser writes type names (int for int4, decimal for
// numeric).
func namesParamType(tn *pg.TypeName, oid uint32) bool {
	name := lastName(tn.GetNames())
	if elem, ok := paramArrayElements[oid]; ok {
		return len(tn.GetArrayBounds()) > 0 && name == paramTypeNames[elem]
	}
	return len(tn.GetArrayBounds()) == 0 && name == paramTypeNames[oid]
}

// assignedParams returns the parameters that are values that INSERT ...
// VALUES or UPDATE ... SET assigns to a column as they are.
func assignedParams(stmt *pg.Node) map[*pg.ParamRef]bool {
	assigned := map[*pg.ParamRef]bool{}
	add := func(n *pg.Node) {
		if p := n.GetParamRef(); p != nil {
			assigned[p] = true
		}
	}
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		for _, row := range v.InsertStmt.GetSelectStmt().GetSelectStmt().GetValuesLists() {
			for _, item := range row.GetList().GetItems() {
				add(item)
			}
		}
	case *pg.Node_UpdateStmt:
		for _, t := range v.UpdateStmt.TargetList {
			add(t.GetResTarget().GetVal())
		}
	}
	return assigned
}

// textTargetParams returns oids with the type text for each parameter of
// unknown type that appears only alone in the select list of stmt, a
// query without set operations. PostgreSQL resolves such a parameter to
// text, where DuckDB would describe the result only once it runs.
func textTargetParams(stmt *pg.Node, oids []uint32) []uint32 {
	sel := stmt.GetSelectStmt()
	if sel == nil || isSetOperation(sel) || len(sel.ValuesLists) > 0 {
		return oids
	}
	bare := map[int32]int{}
	for _, t := range sel.TargetList {
		if p := t.GetResTarget().GetVal().GetParamRef(); p != nil {
			bare[p.Number]++
		}
	}
	if len(bare) == 0 {
		return oids
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if p, ok := msg.(*pg.ParamRef); ok {
			bare[p.Number]--
		}
	})
	var out []uint32
	for number, extra := range bare {
		if extra < 0 || number < 1 || int(number) <= len(oids) && oids[number-1] != 0 {
			continue
		}
		if out == nil {
			out = append(make([]uint32, 0, max(len(oids), int(number))), oids...)
		}
		for len(out) < int(number) {
			out = append(out, 0)
		}
		out[number-1] = pgTextOID
	}
	if out == nil {
		return oids
	}
	return out
}

// pgTextOID is the OID of PostgreSQL's text.
const pgTextOID = 25

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
