package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// varcharLengthChecks gives each varchar(n) column that a CREATE TABLE
// defines a CHECK constraint that fails with PostgreSQL's 22001 for a
// value longer than n characters. DuckDB keeps VARCHAR(n) as VARCHAR and
// would store the value whole. Where PostgreSQL drops the spaces past n
// of such a value, the check fails too. (ALTER TABLE fails with 0A000 on
// DuckDB.)
func varcharLengthChecks(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if create, ok := msg.(*pg.CreateStmt); ok {
			for _, elt := range create.TableElts {
				if def := elt.GetColumnDef(); def != nil {
					addVarcharCheck(def)
				}
			}
		}
	})
}

// varcharLength returns n of varchar(n).
func varcharLength(tn *pg.TypeName) (int64, bool) {
	if tn == nil || lastName(tn.Names) != "varchar" || len(tn.ArrayBounds) > 0 {
		return 0, false
	}
	return typmodInt(tn, 0)
}

func addVarcharCheck(def *pg.ColumnDef) {
	n, ok := varcharLength(def.TypeName)
	if !ok {
		return
	}
	loc := def.TypeName.Location
	column := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(def.Colname)}, loc)
	tooLong := binaryOp(">", funcCall("length", loc, column), pg.MakeAConstIntNode(n, loc), loc)
	message := fmt.Sprintf("value too long for type character varying(%d) (SQLSTATE 22001)", n)
	check := &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
		Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
			Expr: tooLong, Result: funcCall("error", loc, pg.MakeAConstStrNode(message, loc)), Location: loc}}}},
		Defresult: &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Boolval{Boolval: &pg.Boolean{Boolval: true}}, Location: loc}}},
		Location:  loc,
	}}}
	def.Constraints = append(def.Constraints, &pg.Node{Node: &pg.Node_Constraint{Constraint: &pg.Constraint{
		Contype: pg.ConstrType_CONSTR_CHECK, RawExpr: check, Location: loc}}})
}
