package translate

import (
	"strings"
	"unicode"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// snowflakeIdent maps a name as PostgreSQL resolved it to the name
// Snowflake stores. PostgreSQL folds unquoted names to lower case and
// Snowflake to upper case, so a name without upper-case letters becomes
// the upper-case Snowflake name. A name with an upper-case letter can only
// have been quoted, and stays as written.
// NOTE: a Snowflake name that was created quoted in lower case cannot be
// reached.
func snowflakeIdent(name string) string {
	for _, r := range name {
		if unicode.IsUpper(r) {
			return name
		}
	}
	return strings.ToUpper(name)
}

func mapStringNode(n *pg.Node) {
	if s := n.GetString_(); s != nil {
		s.Sval = snowflakeIdent(s.Sval)
	}
}

func mapStringNodes(list []*pg.Node) {
	for _, n := range list {
		mapStringNode(n)
	}
}

// mapSnowflakeNames maps the names of relations, columns, aliases, common
// table expressions and windows in stmt to Snowflake's, and drops the
// schema public, which is the connection's default schema.
func mapSnowflakeNames(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeVar:
			mapRangeVar(v)
		case *pg.ColumnRef:
			if len(v.Fields) == 3 && v.Fields[0].GetString_().GetSval() == "public" {
				v.Fields = v.Fields[1:]
			}
			mapStringNodes(v.Fields)
		case *pg.Alias:
			v.Aliasname = snowflakeIdent(v.Aliasname)
			mapStringNodes(v.Colnames)
		case *pg.ResTarget:
			v.Name = snowflakeIdent(v.Name)
			mapStringNodes(v.Indirection)
		case *pg.CommonTableExpr:
			v.Ctename = snowflakeIdent(v.Ctename)
			mapStringNodes(v.Aliascolnames)
		case *pg.WindowDef:
			v.Name = snowflakeIdent(v.Name)
			v.Refname = snowflakeIdent(v.Refname)
		case *pg.ColumnDef:
			v.Colname = snowflakeIdent(v.Colname)
		case *pg.JoinExpr:
			mapStringNodes(v.UsingClause)
		case *pg.A_Indirection:
			mapStringNodes(v.Indirection)
		case *pg.IntoClause:
			mapStringNodes(v.ColNames)
		case *pg.ViewStmt:
			mapStringNodes(v.Aliases)
		case *pg.CreateSchemaStmt:
			v.Schemaname = snowflakeIdent(v.Schemaname)
		case *pg.DropStmt:
			mapDropObjects(v)
		case *pg.FuncCall:
			// A function in a schema other than pg_catalog is the
			// warehouse's own, such as a user-defined function.
			if s := schemaOf(v.Funcname); s != "" && s != "pg_catalog" {
				if s == "public" && len(v.Funcname) == 2 {
					v.Funcname = v.Funcname[1:]
				}
				mapStringNodes(v.Funcname)
			}
		}
	})
}

func mapRangeVar(rv *pg.RangeVar) {
	if rv.Schemaname == "public" && rv.Catalogname == "" {
		rv.Schemaname = ""
	}
	rv.Catalogname = snowflakeIdent(rv.Catalogname)
	rv.Schemaname = snowflakeIdent(rv.Schemaname)
	rv.Relname = snowflakeIdent(rv.Relname)
}

// mapDropObjects maps the qualified names of DROP TABLE, VIEW and SCHEMA.
func mapDropObjects(d *pg.DropStmt) {
	for _, obj := range d.Objects {
		if list := obj.GetList(); list != nil {
			if len(list.Items) == 2 && list.Items[0].GetString_().GetSval() == "public" {
				list.Items = list.Items[1:]
			}
			mapStringNodes(list.Items)
			continue
		}
		mapStringNode(obj)
	}
}

// checkFunctionNames raises PostgreSQL's error for a built-in function
// called by a quoted name with upper-case letters, such as "COUNT"(*),
// which PostgreSQL does not find and Snowflake would.
func checkFunctionNames(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		fc, ok := msg.(*pg.FuncCall)
		if !ok || err != nil {
			return
		}
		if s := schemaOf(fc.Funcname); s != "" && s != "pg_catalog" {
			return
		}
		name := lastName(fc.Funcname)
		if snowflakeIdent(name) == name && strings.ToLower(name) != name {
			err = &Error{Code: "42883", Message: "function " + name + " does not exist", Position: int(fc.Location) + 1}
		}
	})
	return err
}

// checkSnowflakeCtid rejects the system column ctid, the row's physical
// address, which Snowflake has no counterpart for. A value made up from
// the row, such as its number in a scan, would not find the same row
// again. QGIS keeps ctid as the feature id of a table without a primary
// key, so it would show or edit the wrong rows. The check runs before
// names are mapped, since "CTID" is an ordinary column.
func checkSnowflakeCtid(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		ref, ok := msg.(*pg.ColumnRef)
		if !ok || err != nil || len(ref.Fields) == 0 {
			return
		}
		if ref.Fields[len(ref.Fields)-1].GetString_().GetSval() == "ctid" {
			err = unsupported("system column ctid", ref.Location,
				"Snowflake has no row address. QGIS and other clients identify rows by the table's primary key "+
					"instead when the table declares one: declare a PRIMARY KEY on the Snowflake table, "+
					"whose values must be unique since Snowflake does not enforce it.")
		}
	})
	return err
}
