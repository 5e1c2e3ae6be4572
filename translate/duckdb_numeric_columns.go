package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A column of a derived table or WITH query that holds a quotient keeps
// the quotient's scale in PostgreSQL, also in q * 2. The walk rewrites
// only operators with a quotient operand, and takes a reference to q for
// a plain column, so +, -, * and % on q stay DuckDB's. columnArithmetic
// runs once the queries that define the columns are rewritten, and
// rewrites them into pgway_add, pgway_sub, pgway_mul and pgway_mod where
// the other operand is a number constant, a quotient or such a column. The
// column then takes the _result form where the query passes it on
// (passedOn); otherwise the functions compute on its DECIMAL(38,20)
// value, as DuckDB's operators did.

// columnArithmetic rewrites +, -, * and % on the quotient columns of the
// relations that sel reads, in sel's own clauses.
func columnArithmetic(sel *pg.SelectStmt) {
	columns := map[string]map[string]bool{}
	for _, from := range sel.FromClause {
		readQuotientColumns(sel, from, columns)
	}
	if len(columns) == 0 {
		return
	}
	isColumn := func(n *pg.Node) bool {
		ref := n.GetColumnRef()
		if ref == nil || len(ref.Fields) > 2 || ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return false
		}
		name := fieldName(ref.Fields, 1)
		if len(ref.Fields) == 2 {
			return columns[fieldName(ref.Fields, 2)][name]
		}
		for _, names := range columns {
			if names[name] {
				return true
			}
		}
		return false
	}
	visit := func(n *pg.Node) {
		switch v := n.Node.(type) {
		case *pg.Node_AExpr:
			rewriteColumnOperator(n, v.AExpr, isColumn)
		case *pg.Node_FuncCall:
			fc := v.FuncCall
			switch {
			case lastName(fc.Funcname) == avgFunction && len(fc.Args) == 3 && isQuotient(fc.Args[0]):
				// The average of a column whose sum became pgway_sum.
				n.Node = divideByCount(fc.Args[0], fc.Args[1], fc.Location).Node
			case !rewriteQuotientSum(n, fc, isColumn):
				quotientOperands(fc)
			}
		}
	}
	for _, list := range [][]*pg.Node{sel.TargetList, sel.SortClause, {sel.WhereClause, sel.HavingClause}} {
		for _, n := range list {
			if n != nil {
				walkOwnExpressions(n.ProtoReflect(), visit)
			}
		}
	}
}

// readQuotientColumns adds the quotient columns of the derived table or
// WITH query that from reads, or of both sides of a join, to columns by
// the relation's alias.
func readQuotientColumns(sel *pg.SelectStmt, from *pg.Node, columns map[string]map[string]bool) {
	var query *pg.SelectStmt
	var alias string
	var colnames []*pg.Node
	switch v := from.Node.(type) {
	case *pg.Node_JoinExpr:
		readQuotientColumns(sel, v.JoinExpr.Larg, columns)
		readQuotientColumns(sel, v.JoinExpr.Rarg, columns)
		return
	case *pg.Node_RangeSubselect:
		if v.RangeSubselect.Lateral || v.RangeSubselect.Alias == nil {
			return
		}
		query = v.RangeSubselect.Subquery.GetSelectStmt()
		alias, colnames = v.RangeSubselect.Alias.Aliasname, v.RangeSubselect.Alias.Colnames
	case *pg.Node_RangeVar:
		cte := withQuery(sel, v.RangeVar)
		if cte == nil {
			return
		}
		query, alias, colnames = cte.Ctequery.GetSelectStmt(), v.RangeVar.Relname, cte.Aliascolnames
		if v.RangeVar.Alias != nil {
			alias = v.RangeVar.Alias.Aliasname
		}
	default:
		return
	}
	rows, names := unionAllRows(query)
	for i, name := range names {
		if i < len(colnames) {
			name = colnames[i].GetString_().GetSval()
		}
		if name != "" && promotableColumn(rows, i, nil) {
			if columns[alias] == nil {
				columns[alias] = map[string]bool{}
			}
			columns[alias][name] = true
		}
	}
}

// rewriteColumnOperator rewrites e, an operator of sel, into a quotient
// function when an operand is a quotient column and the other one a
// number constant, a quotient or a quotient column. An operator whose
// operand became a quotient in this pass is rewritten as the walk
// rewrites one.
func rewriteColumnOperator(n *pg.Node, e *pg.A_Expr, isColumn func(*pg.Node) bool) {
	op := lastName(e.Name)
	fn, ok := arithmeticFunctions[op]
	if !ok || e.Kind != pg.A_Expr_Kind_AEXPR_OP {
		return
	}
	left, right := e.Lexpr, e.Rexpr
	if left == nil {
		if op != "-" {
			return
		}
		left, fn = pg.MakeAConstIntNode(-1, e.Location), "pgway_mul"
	}
	if !isColumn(left) && !isColumn(right) {
		rewriteQuotientArithmetic(n, e, op)
		return
	}
	operand := func(x *pg.Node) bool {
		_, constant := constantText(x)
		return constant || isColumn(x) || isQuotient(x)
	}
	if !operand(left) || !operand(right) {
		return
	}
	n.Node = funcCall(fn, e.Location, left, right, operandType(left, e.Location), operandType(right, e.Location)).Node
}

// quotientOperands gives an operand of a quotient function that this
// pass made a quotient the _result form, as the walk does, so that the
// function takes its scale from the value instead of from typeof.
func quotientOperands(fc *pg.FuncCall) {
	name := lastName(fc.Funcname)
	if len(fc.Funcname) != 1 || !isQuotientName(name) || strings.HasPrefix(name, pickFunction) || len(fc.Args) < 2 {
		return
	}
	operands := 2
	if len(fc.Args) <= 3 {
		// pgway_round, pgway_trunc and pgway_sqrt have one; pgway_avg
		// and pgway_sum have none that can be a quotient.
		operands = 1
	}
	for i := range operands {
		typeArg := fc.Args[len(fc.Args)-operands+i]
		if t := typeArg.GetFuncCall(); t != nil && lastName(t.Funcname) == typeofFunction && resultForm(fc.Args[i]) {
			fc.Args[len(fc.Args)-operands+i] = pg.MakeAConstStrNode("", fc.Location)
		}
	}
}

// walkOwnExpressions calls visit for every node under m, children before
// their parent, without going into nested queries, whose columns may
// have the same names.
func walkOwnExpressions(m protoreflect.Message, visit func(n *pg.Node)) {
	if _, nested := m.Interface().(*pg.SelectStmt); nested {
		return
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				walkOwnExpressions(list.Get(i).Message(), visit)
			}
			return true
		}
		walkOwnExpressions(v.Message(), visit)
		return true
	})
	if n, ok := m.Interface().(*pg.Node); ok {
		visit(n)
	}
}
