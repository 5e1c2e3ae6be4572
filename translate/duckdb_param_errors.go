package translate

import (
	"fmt"
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// anyTypeArguments are the functions whose arguments from the given
// position on take a value of any type, so that they give an untyped
// parameter no type. ROW() is not among them, because a comparison of
// rows types their fields.
var anyTypeArguments = map[string]int{"count": 0, "concat": 0, "concat_ws": 1, "format": 1, "pg_typeof": 0}

// checkUntypedParams raises PostgreSQL's errors for values that stay
// untyped in stmt. declared are the client's parameter types and
// inferred those after inferParams. A parameter that IS NULL, count(),
// concat(), format() or pg_typeof() takes gets no type there
// (checkAnyTypeParams). = ANY(ARRAY[...]) of untyped parameters and
// string constants compares with text[], which fails with 42883 beside a
// value of another type.
func checkUntypedParams(stmt *pg.Node, rel *Relations, declared, inferred []uint32) error {
	if err := checkAnyTypeParams(stmt, declared, inferred); err != nil {
		return err
	}
	untyped := func(n *pg.Node) bool {
		c := n.GetAConst()
		return isUntypedParam(n.GetParamRef(), declared) || c != nil && (c.Isnull || c.GetSval() != nil)
	}
	found := false
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if e, ok := msg.(*pg.A_Expr); ok && isTextArrayComparison(e, untyped) {
			found = true
		}
	})
	if !found {
		return nil
	}
	// typeOf reads column types only for the nodes of valueTypes' copy of
	// stmt, so the walk finds the comparison again in that copy.
	var err error
	stmt, typeOf := valueTypes(stmt, rel)
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || !isTextArrayComparison(e, untyped) {
			return
		}
		left := typeOf(e.Lexpr)
		if _, scalar := paramTypeNames[left]; scalar && left != pgTextOID && left != 1043 {
			err = &Error{Code: CodeUndefinedFunction, Position: int(e.Location) + 1,
				Message: fmt.Sprintf("operator does not exist: %s %s text", pgTypeDisplayName(paramTypeNames[left]), lastName(e.Name)),
				Hint:    "No operator matches the given name and argument types. You might need to add explicit type casts."}
		}
	})
	return err
}

// isUntypedParam reports whether p is a parameter whose type oids leaves
// unknown.
func isUntypedParam(p *pg.ParamRef, oids []uint32) bool {
	return p != nil && p.Number >= 1 && (int(p.Number) > len(oids) || oids[p.Number-1] == 0)
}

// anyTypeParams returns the untyped parameters of stmt that arguments of
// any type take, and the number of uses of each parameter.
func anyTypeParams(stmt *pg.Node, oids []uint32) (map[*pg.ParamRef]bool, map[int32]int) {
	uses, anyType := map[int32]int{}, map[*pg.ParamRef]bool{}
	add := func(n *pg.Node) {
		if p := n.GetParamRef(); isUntypedParam(p, oids) {
			anyType[p] = true
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.ParamRef:
			uses[v.Number]++
		case *pg.NullTest:
			add(v.Arg)
		case *pg.FuncCall:
			if from, ok := anyTypeArguments[lastName(v.Funcname)]; ok && schemaOf(v.Funcname) == "" {
				for _, arg := range v.Args[min(from, len(v.Args)):] {
					add(arg)
				}
			}
		}
	})
	return anyType, uses
}

// checkAnyTypeParams raises 42P18 for the lowest untyped parameter that
// only arguments of any type take. PostgreSQL types a parameter at its
// first use. When that use takes any type and a later one a known type,
// as in WHERE $1 IS NULL OR id = $1, it raises 42P08. pgway checks that
// order only inside one WHERE clause, where the text order is the order
// in which PostgreSQL analyzes the uses.
func checkAnyTypeParams(stmt *pg.Node, declared, inferred []uint32) error {
	anyType, uses := anyTypeParams(stmt, declared)
	if len(anyType) == 0 {
		return nil
	}
	counts := map[int32]int{}
	for p := range anyType {
		if isUntypedParam(p, inferred) {
			counts[p.Number]++
		}
	}
	lowest := int32(0)
	for number, n := range counts {
		if n == uses[number] && (lowest == 0 || number < lowest) {
			lowest = number
		}
	}
	if lowest > 0 {
		return &Error{Code: "42P18", Message: fmt.Sprintf("could not determine data type of parameter $%d", lowest)}
	}
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		var where *pg.Node
		switch v := msg.(type) {
		case *pg.SelectStmt:
			where = v.WhereClause
		case *pg.UpdateStmt:
			where = v.WhereClause
		case *pg.DeleteStmt:
			where = v.WhereClause
		}
		if where == nil || err != nil {
			return
		}
		first := map[int32]*pg.ParamRef{}
		inside := map[int32]int{}
		inspect(where.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if p, ok := msg.(*pg.ParamRef); ok {
				inside[p.Number]++
				if first[p.Number] == nil || p.Location < first[p.Number].Location {
					first[p.Number] = p
				}
			}
		})
		for number, p := range first {
			if anyType[p] && inside[number] == uses[number] {
				err = &Error{Code: "42P08", Message: fmt.Sprintf("could not determine data type of parameter $%d", number)}
			}
		}
	})
	return err
}

// isTextArrayComparison reports whether e compares a value with = ANY or
// = ALL of ARRAY[...] whose elements are all untyped, so that PostgreSQL
// resolves the array to text[].
func isTextArrayComparison(e *pg.A_Expr, untyped func(*pg.Node) bool) bool {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP_ANY && e.Kind != pg.A_Expr_Kind_AEXPR_OP_ALL || !comparisonOperators[lastName(e.Name)] {
		return false
	}
	elements := e.Rexpr.GetAArrayExpr().GetElements()
	return len(elements) > 0 && !slices.ContainsFunc(elements, func(n *pg.Node) bool { return !untyped(n) })
}
