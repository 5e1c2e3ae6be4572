package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// warehouseStatements are the statement types that may run on a warehouse.
// Whether the warehouse accepts a write is the provider's decision.
var warehouseStatements = map[string]bool{
	"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true,
	"EXPLAIN": true, "CREATE": true, "CREATE TABLE AS": true, "VIEW": true,
	"DROP": true, "CREATE SCHEMA": true, "TRUNCATE": true,
}

// routedQuery returns the part of stmt that the warehouse or catalog runs:
// the statement itself, or the query of DECLARE CURSOR and COPY TO STDOUT.
// Statement types that no warehouse has fail with 0A000.
func routedQuery(stmt *pg.Node, tr *translation) (*pg.Node, error) {
	switch v := stmt.Node.(type) {
	case *pg.Node_DeclareCursorStmt:
		tr.cursor = v.DeclareCursorStmt.Portalname
		tr.cursorOpts = cursorOptions(v.DeclareCursorStmt.Options)
		return v.DeclareCursorStmt.Query, nil
	case *pg.Node_CopyStmt:
		return copyQuery(v.CopyStmt, tr)
	}
	name := statementName(stmt)
	if !warehouseStatements[name] && !duckDBOnlyStatements[name] {
		return nil, &Error{Code: CodeFeatureNotSupported,
			Message: name + " is not supported on this warehouse", Position: 1}
	}
	return stmt, nil
}

// copyQuery returns the query of COPY ... TO STDOUT, or the query whose
// columns COPY ... FROM STDIN fills (see CopyFromTable). COPY to or from
// a server file or program fails with 0A000.
func copyQuery(c *pg.CopyStmt, tr *translation) (*pg.Node, error) {
	if err := checkCopyFrom(c); err != nil {
		return nil, err
	}
	if c.Filename != "" || c.IsProgram {
		return nil, unsupportedf(-1, "COPY TO a server file or program is not supported")
	}
	tr.copy = map[string]string{}
	for _, opt := range c.Options {
		if def := opt.GetDefElem(); def != nil {
			tr.copy[strings.ToLower(def.Defname)] = defElemValue(def)
		}
	}
	if c.IsFrom {
		tr.copy[CopyFromTable] = copyFromTable(c.Relation)
	}
	if c.Query != nil {
		return c.Query, nil
	}
	targets := []*pg.Node{pg.MakeResTargetNodeWithVal(pg.MakeColumnRefNode([]*pg.Node{pg.MakeAStarNode()}, -1), -1)}
	if len(c.Attlist) > 0 {
		targets = targets[:0]
		for _, col := range c.Attlist {
			ref := pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(col.GetString_().GetSval())}, -1)
			targets = append(targets, pg.MakeResTargetNodeWithVal(ref, -1))
		}
	}
	sel := &pg.SelectStmt{TargetList: targets, FromClause: []*pg.Node{{Node: &pg.Node_RangeVar{RangeVar: c.Relation}}}}
	return &pg.Node{Node: &pg.Node_SelectStmt{SelectStmt: sel}}, nil
}

// defElemValue returns the value of an option such as FORMAT csv or HEADER,
// which is "true" when the option has no value.
func defElemValue(def *pg.DefElem) string {
	switch {
	case def.Arg == nil:
		return "true"
	case def.Arg.GetString_() != nil:
		return def.Arg.GetString_().Sval
	case def.Arg.GetBoolean() != nil:
		if def.Arg.GetBoolean().Boolval {
			return "true"
		}
		return "false"
	case def.Arg.GetInteger() != nil:
		return constText(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Val: &pg.A_Const_Ival{Ival: def.Arg.GetInteger()}}}})
	}
	return constText(def.Arg)
}

// CursorOptions are the options of DECLARE that change how a cursor runs.
type CursorOptions struct {
	Binary bool
	// Scroll is set for SCROLL, which lets the cursor move backwards.
	Scroll bool
	// Hold is set for WITH HOLD, which keeps the cursor open after its
	// transaction commits.
	Hold bool
	// NoScroll is set for NO SCROLL, which forbids moving backwards.
	NoScroll bool
}

// Bits of DeclareCursorStmt.Options, from PostgreSQL's parsenodes.h.
const (
	cursorOptBinary   = 0x1
	cursorOptScroll   = 0x2
	cursorOptNoScroll = 0x4
	cursorOptHold     = 0x20
)

func cursorOptions(bits int32) CursorOptions {
	return CursorOptions{
		Binary:   bits&cursorOptBinary != 0,
		Scroll:   bits&cursorOptScroll != 0,
		Hold:     bits&cursorOptHold != 0,
		NoScroll: bits&cursorOptNoScroll != 0,
	}
}
