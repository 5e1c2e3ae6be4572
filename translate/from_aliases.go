package translate

import (
	"unicode/utf8"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The parser is PostgreSQL 17's, which reads a subquery or VALUES in FROM
// without an alias. PostgreSQL 15's grammar rejects both with 42601.

// checkFromAliases returns PostgreSQL 15's 42601 error for the first
// subquery or VALUES list in FROM without an alias in tree, or nil.
func checkFromAliases(tree *pg.ParseResult, sql string) error {
	var missing *pg.RangeSubselect
	inspect(tree.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if sub, ok := msg.(*pg.RangeSubselect); ok && sub.Alias == nil && missing == nil {
			missing = sub
		}
	})
	if missing == nil {
		return nil
	}
	e := &Error{Code: CodeSyntaxError, Message: "subquery in FROM must have an alias",
		Hint: "For example, FROM (SELECT ...) [AS] foo."}
	if sel := missing.Subquery.GetSelectStmt(); sel != nil && len(sel.ValuesLists) > 0 {
		e.Message, e.Hint = "VALUES in FROM must have an alias", "For example, FROM (VALUES ...) [AS] foo."
	}
	if start := subqueryStart(missing, sql); start >= 0 {
		e.Position = utf8.RuneCountInString(sql[:start]) + 1
	}
	return e
}

// subqueryStart returns the byte offset of the parenthesis that opens
// sub in sql, or -1 when it is not found. The parse tree has no location
// for it, so it is the first of a run of parentheses after FROM, a
// comma, JOIN or LATERAL, before the subquery's first located token.
func subqueryStart(sub *pg.RangeSubselect, sql string) int {
	first := -1
	inspectLocations(sub.Subquery.ProtoReflect(), func(location int) {
		if location >= 0 && (first < 0 || location < first) {
			first = location
		}
	})
	scan, err := pg.Scan(sql)
	if first < 0 || err != nil {
		return -1
	}
	tokens := scan.Tokens
	i := 0
	for i < len(tokens) && int(tokens[i].Start) < first {
		i++
	}
	for i--; i >= 0; i-- {
		if tokens[i].Token != pg.Token_ASCII_40 {
			continue
		}
		for i > 0 && tokens[i-1].Token == pg.Token_ASCII_40 {
			i--
		}
		if i > 0 && opensFromItem(tokens[i-1].Token) {
			return int(tokens[i].Start)
		}
	}
	return -1
}

// opensFromItem reports whether a FROM item may follow token.
func opensFromItem(token pg.Token) bool {
	switch token {
	case pg.Token_FROM, pg.Token_ASCII_44, pg.Token_JOIN, pg.Token_LATERAL_P:
		return true
	}
	return false
}

// inspectLocations calls f with the value of each field named location
// in msg and the messages within it.
func inspectLocations(msg protoreflect.Message, f func(int)) {
	msg.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
			f(int(v.Int()))
		case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				inspectLocations(list.Get(i).Message(), f)
			}
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			inspectLocations(v.Message(), f)
		}
		return true
	})
}
