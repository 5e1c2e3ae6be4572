package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// setConfigCommand returns the command for a statement that is only
// SELECT set_config(name, value, is_local) of constants, which pgway runs
// as SET or SET LOCAL, since it keeps the session's parameters itself. It
// returns nil for any other statement, which then runs where other calls
// of set_config() do.
func setConfigCommand(sel *pg.SelectStmt) *Command {
	if sel.Op != pg.SetOperation_SETOP_NONE || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 ||
		sel.WhereClause != nil || len(sel.GroupClause) > 0 || sel.HavingClause != nil || len(sel.SortClause) > 0 ||
		sel.LimitCount != nil || sel.LimitOffset != nil || len(sel.DistinctClause) > 0 || sel.WithClause != nil ||
		sel.IntoClause != nil || len(sel.WindowClause) > 0 || len(sel.ValuesLists) > 0 || len(sel.LockingClause) > 0 {
		return nil
	}
	target := sel.TargetList[0].GetResTarget()
	fc := target.GetVal().GetFuncCall()
	if target.GetName() != "" || fc == nil || len(fc.Args) != 3 || fc.Over != nil || fc.AggFilter != nil ||
		!strings.EqualFold(lastName(fc.Funcname), "set_config") {
		return nil
	}
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return nil
	}
	name, value, local := fc.Args[0].GetAConst().GetSval(), fc.Args[1].GetAConst().GetSval(), fc.Args[2].GetAConst().GetBoolval()
	if name == nil || value == nil || local == nil {
		return nil
	}
	return &Command{Kind: CommandSetConfig, Name: strings.ToLower(name.Sval), Value: value.Sval, Local: local.Boolval,
		Tag: "SELECT 1"}
}
