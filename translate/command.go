package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// CommandKind is the kind of a session command.
type CommandKind int

const (
	CommandSet CommandKind = iota + 1
	// CommandSetTransaction is SET TRANSACTION or SET SESSION
	// CHARACTERISTICS AS TRANSACTION. Name is empty and Value holds the
	// options as written.
	CommandSetTransaction
	CommandReset
	CommandResetAll
	CommandShow
	CommandShowAll
	CommandBegin
	CommandCommit
	CommandRollback
	CommandSavepoint
	CommandRelease
	CommandRollbackTo
	CommandDiscard
	CommandDeallocate
	CommandDeallocateAll
	CommandFetch
	CommandMove
	CommandClose
	CommandCloseAll
	// CommandSetConfig is SELECT set_config(name, value, is_local), which
	// sets a parameter as SET does and returns its new value.
	CommandSetConfig
)

// Command is a statement that pgway runs itself instead of the warehouse.
type Command struct {
	Kind CommandKind
	// Name is the lower-case parameter of SET, RESET and SHOW (SHOW TIME
	// ZONE is timezone), the savepoint, the prepared statement of
	// DEALLOCATE, or the cursor of FETCH, MOVE and CLOSE.
	Name string
	// Value is the value of SET as PostgreSQL stores it, with list items
	// joined by ", ". It is empty for SET ... TO DEFAULT, which acts as
	// RESET.
	Value string
	// Local is set for SET LOCAL.
	Local bool
	// Count is the row count of FETCH and MOVE, -1 for ALL, or the row
	// number of ABSOLUTE and RELATIVE. Direction is "FORWARD", "BACKWARD",
	// "ABSOLUTE" or "RELATIVE". A FORWARD or BACKWARD count below zero is
	// turned into the opposite direction, as PostgreSQL runs it, so Count
	// is -1 or at least 0 for those two.
	Count     int64
	Direction string
	// Tag is the CommandComplete tag without a row count, such as "SET",
	// "BEGIN" or "START TRANSACTION".
	Tag string
	// Chain is set for COMMIT AND CHAIN and ROLLBACK AND CHAIN, which
	// begin a new transaction block.
	Chain bool
	// TransactionOptions are the options of BEGIN, START TRANSACTION and
	// SET TRANSACTION, and for SET SESSION CHARACTERISTICS AS TRANSACTION
	// (Session set) the session's defaults.
	TransactionOptions
	Session bool
}

// TransactionOptions are transaction characteristics as a statement
// writes them; an empty field keeps its default.
type TransactionOptions struct {
	// Access is "read only" or "read write", the last one written, as in
	// PostgreSQL.
	Access string
	// Isolation is the isolation level in lower case, such as "repeatable
	// read".
	Isolation string
}

// sessionCommand returns the command that stmt is, nil when it is not a
// session command, or an error for transaction features pgway lacks.
func sessionCommand(stmt *pg.Node) (*Command, error) {
	switch n := stmt.Node.(type) {
	case *pg.Node_VariableSetStmt:
		return setCommand(n.VariableSetStmt), nil
	case *pg.Node_VariableShowStmt:
		name := strings.ToLower(n.VariableShowStmt.Name)
		if name == "all" {
			return &Command{Kind: CommandShowAll, Tag: "SHOW"}, nil
		}
		return &Command{Kind: CommandShow, Name: name, Tag: "SHOW"}, nil
	case *pg.Node_TransactionStmt:
		return transactionCommand(n.TransactionStmt)
	case *pg.Node_DiscardStmt:
		return discardCommand(n.DiscardStmt), nil
	case *pg.Node_DeallocateStmt:
		if n.DeallocateStmt.Isall || n.DeallocateStmt.Name == "" {
			return &Command{Kind: CommandDeallocateAll, Tag: "DEALLOCATE ALL"}, nil
		}
		return &Command{Kind: CommandDeallocate, Name: n.DeallocateStmt.Name, Tag: "DEALLOCATE"}, nil
	case *pg.Node_FetchStmt:
		return fetchCommand(n.FetchStmt), nil
	case *pg.Node_SelectStmt:
		return setConfigCommand(n.SelectStmt), nil
	case *pg.Node_ClosePortalStmt:
		if n.ClosePortalStmt.Portalname == "" {
			return &Command{Kind: CommandCloseAll, Tag: "CLOSE CURSOR ALL"}, nil
		}
		return &Command{Kind: CommandClose, Name: n.ClosePortalStmt.Portalname, Tag: "CLOSE CURSOR"}, nil
	}
	return nil, nil
}

func setCommand(s *pg.VariableSetStmt) *Command {
	name := strings.ToLower(s.Name)
	switch s.Kind {
	case pg.VariableSetKind_VAR_RESET_ALL:
		return &Command{Kind: CommandResetAll, Tag: "RESET"}
	case pg.VariableSetKind_VAR_RESET:
		return &Command{Kind: CommandReset, Name: name, Tag: "RESET"}
	case pg.VariableSetKind_VAR_SET_MULTI:
		c := &Command{Kind: CommandSetTransaction, Local: s.IsLocal, Tag: "SET",
			TransactionOptions: transactionOptions(s.Args), Session: s.Name == "SESSION CHARACTERISTICS"}
		if s.Name == "TRANSACTION SNAPSHOT" {
			c.Name = "transaction snapshot"
		}
		return c
	case pg.VariableSetKind_VAR_SET_DEFAULT:
		return &Command{Kind: CommandReset, Name: name, Local: s.IsLocal, Tag: "SET"}
	}
	value := setValue(s.Args)
	if name == "search_path" {
		value = searchPathValue(s.Args)
	}
	return &Command{Kind: CommandSet, Name: name, Value: value, Local: s.IsLocal, Tag: "SET"}
}

// searchPathValue flattens the arguments of SET search_path as PostgreSQL
// does for a list of names: each name or string is one schema, quoted
// where it needs quotes, so that '"a", b' names one schema.
func searchPathValue(args []*pg.Node) string {
	parts := make([]string, 0, len(args))
	for _, arg := range args {
		if c := arg.GetAConst(); c != nil && c.GetSval() != nil {
			parts = append(parts, quoteIdentifier(c.GetSval().Sval))
			continue
		}
		parts = append(parts, constText(arg))
	}
	return strings.Join(parts, ", ")
}

// quoteIdentifier quotes a name as PostgreSQL's quote_identifier does:
// unless it is lower-case letters, digits and underscores, starting with
// a letter or underscore, and no keyword other than an unreserved one.
func quoteIdentifier(name string) string {
	plain := name != ""
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		if scanned, err := pg.Scan(name); err == nil && len(scanned.Tokens) == 1 {
			kind := scanned.Tokens[0].KeywordKind
			plain = kind == pg.KeywordKind_NO_KEYWORD || kind == pg.KeywordKind_UNRESERVED_KEYWORD
		}
	}
	if plain {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// setValue flattens the arguments of SET as PostgreSQL does for a list
// parameter: items joined by ", ".
func setValue(args []*pg.Node) string {
	parts := make([]string, 0, len(args))
	for _, arg := range args {
		parts = append(parts, constText(arg))
	}
	return strings.Join(parts, ", ")
}

// constText returns the text of a constant, looking through a cast such as
// SET TIME ZONE INTERVAL '+1'.
func constText(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil {
		return constText(tc.Arg)
	}
	c := n.GetAConst()
	switch {
	case c == nil || c.Isnull:
		return ""
	case c.GetSval() != nil:
		return c.GetSval().Sval
	case c.GetIval() != nil:
		return strconv.FormatInt(int64(c.GetIval().Ival), 10)
	case c.GetFval() != nil:
		return c.GetFval().Fval
	case c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().Boolval)
	}
	return ""
}

func transactionCommand(t *pg.TransactionStmt) (*Command, error) {
	switch t.Kind {
	case pg.TransactionStmtKind_TRANS_STMT_BEGIN:
		return &Command{Kind: CommandBegin, Tag: "BEGIN", TransactionOptions: transactionOptions(t.Options)}, nil
	case pg.TransactionStmtKind_TRANS_STMT_START:
		return &Command{Kind: CommandBegin, Tag: "START TRANSACTION", TransactionOptions: transactionOptions(t.Options)}, nil
	case pg.TransactionStmtKind_TRANS_STMT_COMMIT:
		return &Command{Kind: CommandCommit, Tag: "COMMIT", Chain: t.Chain}, nil
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return &Command{Kind: CommandRollback, Tag: "ROLLBACK", Chain: t.Chain}, nil
	case pg.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return &Command{Kind: CommandSavepoint, Name: t.SavepointName, Tag: "SAVEPOINT"}, nil
	case pg.TransactionStmtKind_TRANS_STMT_RELEASE:
		return &Command{Kind: CommandRelease, Name: t.SavepointName, Tag: "RELEASE"}, nil
	case pg.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return &Command{Kind: CommandRollbackTo, Name: t.SavepointName, Tag: "ROLLBACK"}, nil
	}
	return nil, unsupported("two-phase commit (PREPARE TRANSACTION)", t.Location, "")
}

func discardCommand(d *pg.DiscardStmt) *Command {
	tags := map[pg.DiscardMode]string{
		pg.DiscardMode_DISCARD_ALL:       "DISCARD ALL",
		pg.DiscardMode_DISCARD_PLANS:     "DISCARD PLANS",
		pg.DiscardMode_DISCARD_SEQUENCES: "DISCARD SEQUENCES",
		pg.DiscardMode_DISCARD_TEMP:      "DISCARD TEMP",
	}
	return &Command{Kind: CommandDiscard, Name: strings.ToLower(strings.TrimPrefix(tags[d.Target], "DISCARD ")), Tag: tags[d.Target]}
}

func fetchCommand(f *pg.FetchStmt) *Command {
	c := &Command{Kind: CommandFetch, Name: f.Portalname, Count: f.HowMany, Tag: "FETCH"}
	if f.Ismove {
		c.Kind, c.Tag = CommandMove, "MOVE"
	}
	c.Direction = strings.TrimPrefix(f.Direction.String(), "FETCH_")
	if c.Count < 0 && (c.Direction == "FORWARD" || c.Direction == "BACKWARD") {
		c.Count = -c.Count
		c.Direction = map[string]string{"FORWARD": "BACKWARD", "BACKWARD": "FORWARD"}[c.Direction]
	}
	// The parser stores FETCH ALL as the largest int64.
	if c.Count == 1<<63-1 && c.Direction != "ABSOLUTE" && c.Direction != "RELATIVE" {
		c.Count = -1
	}
	return c
}

// ddlTag returns PostgreSQL's command tag of a DDL statement, or "".
func ddlTag(stmt *pg.Node) string {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_CreateStmt:
		return "CREATE TABLE"
	case *pg.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg.Node_CreateSchemaStmt:
		return "CREATE SCHEMA"
	case *pg.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg.Node_CommentStmt:
		return "COMMENT"
	case *pg.Node_CreateTableAsStmt:
		if v.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_TABLE && v.CreateTableAsStmt.GetInto().GetSkipData() {
			return "CREATE TABLE AS" // PostgreSQL counts no rows of WITH NO DATA
		}
		if v.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_TABLE {
			return "SELECT" // with the row count, as pgCommandTag in the proxy writes it
		}
	case *pg.Node_DropStmt:
		if object, ok := droppedObjects[v.DropStmt.RemoveType]; ok {
			return "DROP " + object
		}
	}
	return renameAnalyzeTag(stmt)
}

// droppedObjects name the objects of DROP in its command tag.
var droppedObjects = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_TABLE: "TABLE", pg.ObjectType_OBJECT_VIEW: "VIEW", pg.ObjectType_OBJECT_SCHEMA: "SCHEMA",
	pg.ObjectType_OBJECT_INDEX: "INDEX", pg.ObjectType_OBJECT_SEQUENCE: "SEQUENCE",
}

// transactionOptions reads the options of BEGIN, START TRANSACTION and
// SET TRANSACTION.
func transactionOptions(options []*pg.Node) TransactionOptions {
	var o TransactionOptions
	for _, n := range options {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		c := d.Arg.GetAConst()
		switch d.Defname {
		case "transaction_read_only":
			o.Access = "read write"
			if c.GetIval().GetIval() != 0 || c.GetBoolval().GetBoolval() {
				o.Access = "read only"
			}
		case "transaction_isolation":
			o.Isolation = strings.ToLower(c.GetSval().GetSval())
		}
	}
	return o
}

// changeTag returns how PostgreSQL's error for a read-only transaction
// names stmt, a warehouse statement, when stmt may change data or schemas
// ("INSERT", "SELECT INTO", "CREATE TABLE"), and "" for a read.
func changeTag(stmt *pg.Node) string {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_SelectStmt:
		sel := v.SelectStmt
		switch {
		case sel.IntoClause != nil:
			return "SELECT INTO"
		case len(sel.LockingClause) > 0:
			return "SELECT " + lockingNames[sel.LockingClause[0].GetLockingClause().GetStrength()]
		case changesInWith(sel.WithClause):
			return "SELECT"
		}
		return ""
	case *pg.Node_InsertStmt:
		return "INSERT"
	case *pg.Node_UpdateStmt:
		return "UPDATE"
	case *pg.Node_DeleteStmt:
		return "DELETE"
	case *pg.Node_MergeStmt:
		return "MERGE"
	case *pg.Node_ExplainStmt:
		for _, option := range v.ExplainStmt.Options {
			if d := option.GetDefElem(); d != nil && d.Defname == "analyze" && !isFalse(d.Arg) {
				return changeTag(v.ExplainStmt.Query)
			}
		}
		return ""
	case *pg.Node_CreateTableAsStmt:
		if v.CreateTableAsStmt.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		return "CREATE TABLE AS"
	case *pg.Node_AlterTableStmt:
		return "ALTER TABLE"
	case *pg.Node_RenameStmt:
		return renameAnalyzeTag(stmt)
	case *pg.Node_VacuumStmt:
		if !v.VacuumStmt.IsVacuumcmd {
			// PostgreSQL runs ANALYZE in a read-only transaction.
			return ""
		}
	}
	if tag := ddlTag(stmt); tag != "" {
		return tag
	}
	// Other statements, such as COMMENT, by their SQL name.
	return statementName(stmt)
}

// lockingNames are the words of a locking clause in PostgreSQL's errors.
var lockingNames = map[pg.LockClauseStrength]string{
	pg.LockClauseStrength_LCS_FORKEYSHARE:    "FOR KEY SHARE",
	pg.LockClauseStrength_LCS_FORSHARE:       "FOR SHARE",
	pg.LockClauseStrength_LCS_FORNOKEYUPDATE: "FOR NO KEY UPDATE",
	pg.LockClauseStrength_LCS_FORUPDATE:      "FOR UPDATE",
}

// changesInWith reports whether a WITH clause has a query that changes
// data.
func changesInWith(with *pg.WithClause) bool {
	for _, cte := range with.GetCtes() {
		if changeTag(cte.GetCommonTableExpr().GetCtequery()) != "" {
			return true
		}
	}
	return false
}

// isFalse reports whether an option's argument turns the option off.
func isFalse(arg *pg.Node) bool {
	if b := arg.GetBoolean(); b != nil {
		return !b.Boolval
	}
	switch strings.ToLower(arg.GetString_().GetSval()) {
	case "false", "off", "0", "no":
		return true
	}
	return false
}

// DroppedName is a relation or schema that DROP ... IF EXISTS names.
type DroppedName struct {
	// Kind is the word for it in PostgreSQL's NOTICE: table, view or
	// schema.
	Kind string
	// Schema is the relation's schema as the statement writes it, empty
	// when it names none and for a schema.
	Schema, Name string
}

// droppedIfExists returns the tables, views and schemas that DROP ... IF
// EXISTS names, and nil for another statement.
func droppedIfExists(stmt *pg.Node) []DroppedName {
	drop := stmt.GetDropStmt()
	if drop == nil || !drop.MissingOk {
		return nil
	}
	kinds := map[pg.ObjectType]string{pg.ObjectType_OBJECT_TABLE: "table", pg.ObjectType_OBJECT_VIEW: "view"}
	var out []DroppedName
	for _, object := range drop.Objects {
		if drop.RemoveType == pg.ObjectType_OBJECT_SCHEMA {
			out = append(out, DroppedName{Kind: "schema", Name: object.GetString_().GetSval()})
			continue
		}
		kind, ok := kinds[drop.RemoveType]
		items := object.GetList().GetItems()
		if !ok || len(items) == 0 || len(items) > 2 {
			return nil
		}
		name := DroppedName{Kind: kind, Name: items[len(items)-1].GetString_().GetSval()}
		if len(items) == 2 {
			name.Schema = items[0].GetString_().GetSval()
		}
		out = append(out, name)
	}
	return out
}
