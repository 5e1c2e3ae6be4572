package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB cannot parse schema.table.*, which PostgreSQL reads as table.*
// of the FROM item that is that table without an alias.

// qualifiedStars rewrites each schema.table.* in a SELECT to table.*
// when the innermost FROM list that has an item named table has that
// table there, with the same schema or, for public, without one. It
// raises PostgreSQL's 42P01 error where FROM has the table under an
// alias, and fails with 0A000 for other such references, which DuckDB
// would resolve by another rule or reject with a parser error.
func qualifiedStars(stmt *pg.Node) error {
	return qualifiedStarsIn(stmt.ProtoReflect(), nil)
}

// qualifiedStarsIn applies qualifiedStars to the nodes under m, where
// scopes are the FROM lists of the SELECTs around m, innermost last.
func qualifiedStarsIn(m protoreflect.Message, scopes [][]*pg.Node) error {
	switch v := m.Interface().(type) {
	case *pg.SelectStmt:
		// The FROM items see only the outer lists, as in PostgreSQL
		// unless they are LATERAL, where this check is stricter.
		for _, item := range v.FromClause {
			if err := qualifiedStarsIn(item.ProtoReflect(), scopes); err != nil {
				return err
			}
		}
		inner := scopes
		if len(v.FromClause) > 0 {
			// A set operation has no FROM list, and copying the scopes
			// at each of thousands of them took seconds.
			inner = append(scopes[:len(scopes):len(scopes)], v.FromClause)
		}
		var err error
		rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
			if fd.Name() == "from_clause" {
				return true
			}
			err = qualifiedStarsInField(fd, val, inner)
			return err == nil
		})
		return err
	case *pg.ColumnRef:
		return qualifiedStar(v, scopes)
	}
	var err error
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		err = qualifiedStarsInField(fd, val, scopes)
		return err == nil
	})
	return err
}

// qualifiedStarsInField applies qualifiedStarsIn to the messages of a
// field.
func qualifiedStarsInField(fd protoreflect.FieldDescriptor, val protoreflect.Value, scopes [][]*pg.Node) error {
	if fd.Message() == nil {
		return nil
	}
	if !fd.IsList() {
		return qualifiedStarsIn(val.Message(), scopes)
	}
	for i := 0; i < val.List().Len(); i++ {
		if err := qualifiedStarsIn(val.List().Get(i).Message(), scopes); err != nil {
			return err
		}
	}
	return nil
}

// qualifiedStar rewrites ref if it is schema.table.*, as qualifiedStars
// describes.
func qualifiedStar(ref *pg.ColumnRef, scopes [][]*pg.Node) error {
	if len(ref.Fields) != 3 || ref.Fields[2].GetAStar() == nil {
		return nil
	}
	schema, table := ref.Fields[0].GetString_().GetSval(), ref.Fields[1].GetString_().GetSval()
	for i := len(scopes) - 1; i >= 0; i-- {
		item := fromItemNamed(scopes[i], table)
		if item == nil {
			continue
		}
		rv := item.GetRangeVar()
		if rv == nil || rv.Alias != nil || rv.Catalogname != "" || rv.Schemaname != schema && (rv.Schemaname != "" || schema != "public") {
			break
		}
		ref.Fields = ref.Fields[1:]
		return nil
	}
	if aliasedTable(scopes, table) {
		return &Error{Code: "42P01", Message: fmt.Sprintf("invalid reference to FROM-clause entry for table %q", table),
			Position: int(ref.Location) + 1}
	}
	return unsupportedf(ref.Location,
		"%s.%s.* is not supported on DuckDB unless FROM has the table %[1]s.%[2]s without an alias", schema, table)
}

// aliasedTable reports whether a FROM list of scopes has the table name
// under an alias, which hides the table's name in PostgreSQL.
func aliasedTable(scopes [][]*pg.Node, name string) bool {
	found := false
	for _, from := range scopes {
		for _, item := range from {
			inspect(item.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
				if rv, ok := msg.(*pg.RangeVar); ok && rv.Alias != nil && rv.Relname == name {
					found = true
				}
			})
		}
	}
	return found
}

// fromItemNamed returns the item of a FROM list, or of its joins, that
// name refers to, or nil.
func fromItemNamed(from []*pg.Node, name string) *pg.Node {
	for _, item := range from {
		switch v := item.GetNode().(type) {
		case *pg.Node_RangeVar:
			alias := v.RangeVar.Relname
			if v.RangeVar.Alias != nil {
				alias = v.RangeVar.Alias.Aliasname
			}
			if alias == name {
				return item
			}
		case *pg.Node_RangeSubselect:
			if v.RangeSubselect.Alias.GetAliasname() == name {
				return item
			}
		case *pg.Node_RangeFunction:
			if v.RangeFunction.Alias.GetAliasname() == name {
				return item
			}
		case *pg.Node_JoinExpr:
			j := v.JoinExpr
			if j.Alias != nil {
				if j.Alias.Aliasname == name {
					return item
				}
				continue
			}
			if found := fromItemNamed([]*pg.Node{j.Larg, j.Rarg}, name); found != nil {
				return found
			}
		}
	}
	return nil
}
