package translate

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A warehouse reports a name that no relation or function defines
// without saying where the client wrote it, since it ran the rewritten
// statement. PostgreSQL points at the name, and psql quotes the line with
// a caret under it. LocateName finds the name in the client's text.

// Messages of undefined names as the providers write them, after
// PostgreSQL's.
var (
	undefinedColumn   = regexp.MustCompile(`^column (?:"([^"]+)"|(\S+)) does not exist$`)
	undefinedRelation = regexp.MustCompile(`^relation "([^"]+)" does not exist$`)
	missingFromEntry  = regexp.MustCompile(`^missing FROM-clause entry for table "([^"]+)"$`)
	undefinedFunction = regexp.MustCompile(`^function ([^\s(]+) does not exist$`)
	undefinedOperator = regexp.MustCompile(`^operator does not exist: (?:[a-z ]+(?:\[\])? )?([^a-z\s]+) [a-z ]+(?:\[\])?$`)
	// invalidInput is an input error that quotes the value, which
	// PostgreSQL places at a string constant with that text.
	invalidInput = regexp.MustCompile(`^(?:invalid input syntax for type [a-z ]+|date/time field value out of range|value "[^"]*" is out of range for type [a-z ]+): "(.*)"$|^value "(.*)" is out of range for type [a-z ]+$`)
)

// NameError is an error of an undefined name, placed in the statement.
type NameError struct {
	// Position is the 1-based character offset of the name in the
	// statement text, 0 when the text does not show it.
	Position int
	// Message is PostgreSQL's message. It adds the schema of a relation
	// and the argument types of a call, which the warehouse's omits.
	Message string
	Hint    string
}

// LocateName places an error of SQLSTATE code with message, which a
// warehouse raised for sql, at the first reference in sql to the column,
// relation or function it names, or at the string constant whose input
// failed. The column types of rel, which may be
// nil, name the argument types of a call. It reports false for other
// errors, for text that does not parse and for names sql does not show.
func LocateName(sql, code, message string, rel *Relations) (NameError, bool) {
	var match func(n *pg.Node, columns map[*pg.ColumnRef]string) (NameError, bool)
	switch code {
	case "42703":
		m := undefinedColumn.FindStringSubmatch(message)
		if m == nil {
			return NameError{}, false
		}
		if m[1] != "" {
			match = columnMatcher([]string{m[1]}, message)
		} else {
			match = columnMatcher(strings.Split(m[2], "."), message)
		}
	case "42P01":
		if m := undefinedRelation.FindStringSubmatch(message); m != nil {
			match = relationMatcher(m[1])
		} else if m := missingFromEntry.FindStringSubmatch(message); m != nil {
			match = qualifierMatcher(m[1], message)
		}
	case CodeUndefinedFunction:
		if m := undefinedFunction.FindStringSubmatch(message); m != nil {
			match = functionMatcher(m[1])
		} else if m := undefinedOperator.FindStringSubmatch(message); m != nil {
			match = operatorMatcher(m[1], message)
		}
	case "22007", "22008", "22P02", "22003":
		if m := invalidInput.FindStringSubmatch(message); m != nil {
			match = constantMatcher(m[1]+m[2], message)
		}
	}
	if match == nil {
		return NameError{}, false
	}

	tree, err := parse(sql)
	if err != nil {
		return NameError{}, false
	}
	if m := undefinedRelation.FindStringSubmatch(message); m != nil && code == "42P01" && len(tree.Stmts) == 1 {
		if e, ok := renamedRelationError(tree.Stmts[0].Stmt, m[1]); ok {
			return e, true
		}
	}

	var found NameError
	var ok bool
	if code[:2] == "22" {
		// A constant cast to text is text, whose cast to another type
		// fails when the statement runs, where PostgreSQL gives no
		// position.
		texts := map[*pg.A_Const]bool{}
		inspect(tree.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if tc, isCast := msg.(*pg.TypeCast); isCast && tc.Arg.GetAConst() != nil && isStringType(lastName(tc.TypeName.GetNames())) {
				texts[tc.Arg.GetAConst()] = true
			}
		})
		inner := match
		match = func(n *pg.Node, columns map[*pg.ColumnRef]string) (NameError, bool) {
			if texts[n.GetAConst()] {
				return NameError{}, false
			}
			return inner(n, columns)
		}
	}
	for _, raw := range tree.Stmts {
		var columns map[*pg.ColumnRef]string
		if rel != nil && code == CodeUndefinedFunction {
			columns, _ = columnTypes(raw.Stmt, rel)
		}
		_ = walkNode(raw.Stmt, func(n *pg.Node) error {
			if e, hit := match(n, columns); hit && (!ok || e.Position < found.Position) {
				found, ok = e, true
			}
			return nil
		})
	}
	if !ok {
		return NameError{}, false
	}

	// Locations are byte offsets, and PostgreSQL counts characters.
	found.Position = utf8.RuneCountInString(sql[:found.Position]) + 1
	return found, true
}

// columnMatcher matches a column reference written as the parts of name.
func columnMatcher(name []string, message string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, _ map[*pg.ColumnRef]string) (NameError, bool) {
		ref := n.GetColumnRef()
		if ref == nil || !sameNames(ref.Fields, name) {
			return NameError{}, false
		}
		return NameError{Position: int(ref.Location), Message: message}, true
	}
}

// qualifierMatcher matches a column reference qualified by table.
func qualifierMatcher(table, message string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, _ map[*pg.ColumnRef]string) (NameError, bool) {
		ref := n.GetColumnRef()
		if ref == nil || len(ref.Fields) < 2 || ref.Fields[0].GetString_().GetSval() != table {
			return NameError{}, false
		}
		return NameError{Position: int(ref.Location), Message: message}, true
	}
}

// relationMatcher matches a relation of the FROM clause named name. The
// warehouse's message drops the schema, which PostgreSQL's keeps.
func relationMatcher(name string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, _ map[*pg.ColumnRef]string) (NameError, bool) {
		rv := n.GetRangeVar()
		if rv == nil || rv.Relname != name {
			return NameError{}, false
		}
		qualified := name
		if rv.Schemaname != "" {
			qualified = rv.Schemaname + "." + name
		}
		return NameError{Position: int(rv.Location),
			Message: fmt.Sprintf("relation %q does not exist", qualified)}, true
	}
}

// functionMatcher matches a call of name. The message gives the
// argument types where the call shows them all, as PostgreSQL's does;
// columns are the types of the statement's column references.
func functionMatcher(name string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, columns map[*pg.ColumnRef]string) (NameError, bool) {
		fc := n.GetFuncCall()
		if fc == nil || lastName(fc.Funcname) != name {
			return NameError{}, false
		}
		types := argumentTypes(fc.Args)
		for i, arg := range fc.Args {
			if ref := arg.GetColumnRef(); ref != nil && types[i] == "" {
				typ, _, _ := strings.Cut(columns[ref], "(")
				types[i] = postgresTypeNames[typ]
			}
		}
		// PostgreSQL writes f(*) of an undefined name as a call without
		// arguments, which fc.Args is.
		e := missingFunction(strings.Join(names(fc.Funcname), "."), fc.Location, types...)
		if strings.HasSuffix(e.Message, "for these argument types") {
			e.Message = fmt.Sprintf("function %s does not exist", name)
		}
		return NameError{Position: int(fc.Location), Message: e.Message, Hint: e.Hint}, true
	}
}

// operatorMatcher matches an operator expression of op.
func operatorMatcher(op, message string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, _ map[*pg.ColumnRef]string) (NameError, bool) {
		e := n.GetAExpr()
		if e == nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || lastName(e.Name) != op {
			return NameError{}, false
		}
		return NameError{Position: int(e.Location), Message: message}, true
	}
}

// constantMatcher matches a string constant whose text is value.
func constantMatcher(value, message string) func(*pg.Node, map[*pg.ColumnRef]string) (NameError, bool) {
	return func(n *pg.Node, _ map[*pg.ColumnRef]string) (NameError, bool) {
		c := n.GetAConst()
		if c.GetSval() == nil || c.GetSval().Sval != value {
			return NameError{}, false
		}
		return NameError{Position: int(c.Location), Message: message}, true
	}
}

// sameNames reports whether the String nodes of fields spell name.
func sameNames(fields []*pg.Node, name []string) bool {
	if len(fields) != len(name) {
		return false
	}
	for i, f := range fields {
		if f.GetString_().GetSval() != name[i] {
			return false
		}
	}
	return true
}
