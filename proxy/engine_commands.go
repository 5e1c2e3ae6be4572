package proxy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/translate"
)

// serverVersion is the server_version pgway reports to clients of engine
// sessions. Drivers read it to pick features; 15 is the PostgreSQL whose
// wire behaviour the engine follows.
// With a catalog database, sessions report the version of the catalog
// cluster instead.
const serverVersion = "15.0 (pgway)"

// serverVersionNum is server_version_num for serverVersion.
const serverVersionNum = "150000"

// settings are the run-time parameters of an engine session, which pgway
// stores itself instead of the warehouse.
type settings struct {
	values map[string]string
	// defaults are the values that RESET restores: the startup values.
	defaults map[string]string
	// block is set in a transaction block, whose end restores values.
	block *settingsBlock
}

// settingsBlock holds the values that the end of a transaction block
// restores, as PostgreSQL undoes the SET commands of a transaction that
// rolls back and the SET LOCAL commands of every transaction.
type settingsBlock struct {
	// begin are the values at BEGIN, which ROLLBACK restores.
	begin map[string]string
	// commit are the values that COMMIT keeps: those at BEGIN with the
	// changes of SET and RESET without LOCAL.
	commit map[string]string
	// savepoints are both sets of values at each savepoint, in the order
	// of engine.savepoints.
	savepoints []settingsSnapshot
}

// settingsSnapshot is the state at a savepoint: the settings, those that
// COMMIT would keep, the warehouse transaction's mark and the open cursors.
type settingsSnapshot struct {
	values, commit map[string]string
	mark           uint64
	// cursors are the cursors open at the savepoint.
	cursors map[*portal]bool
}

type parameter struct{ name, value string }

// reportedParameters are sent in ParameterStatus at startup and when SET
// or RESET changes them, as PostgreSQL 15 does.
var reportedParameters = []string{
	"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
	"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
	"server_encoding", "server_version", "session_authorization",
	"standard_conforming_strings", "TimeZone",
}

func newSettings(startup map[string]string, user string) *settings {
	values := map[string]string{
		"application_name":              startup["application_name"],
		"client_encoding":               "UTF8",
		"datestyle":                     "ISO, MDY",
		"default_transaction_read_only": "off",
		"in_hot_standby":                "off",
		"integer_datetimes":             "on",
		"intervalstyle":                 "postgres",
		"is_superuser":                  "off",
		// upper(), lower(), initcap() and ORDER BY of text follow the C
		// locale on DuckDB, as a database created with it does.
		"lc_collate":                    "C",
		"lc_ctype":                      "C",
		"server_encoding":               "UTF8",
		"server_version":                serverVersion,
		"server_version_num":            serverVersionNum,
		"session_authorization":         user,
		"standard_conforming_strings":   "on",
		"timezone":                      "UTC",
		"transaction_isolation":         "read committed",
		"default_transaction_isolation": "read committed",
		"extra_float_digits":            "1",
		"search_path":                   defaultSearchPath,
		"statement_timeout":             "0",
	}
	for name, value := range standardSettings {
		values[name] = value
	}
	defaults := make(map[string]string, len(values))
	for name, value := range values {
		defaults[name] = value
	}
	return &settings{values: values, defaults: defaults}
}

func (s *settings) reported() []parameter {
	params := make([]parameter, len(reportedParameters))
	for i, name := range reportedParameters {
		params[i] = parameter{name, s.values[strings.ToLower(name)]}
	}
	return params
}

// currentSchema returns what current_schema() returns: the first schema
// of search_path that exists, or "" for none. exists reports whether a
// schema other than the catalog's exists; nil counts every schema but the
// user's as existing.
//
// NOTE: without a warehouse that lists its schemas (DuckDB's), pgway
// cannot check which schemas exist.
func (s *settings) currentSchema(user string, exists func(string) bool) string {
	if schemas := s.existingSchemas(user, exists); len(schemas) > 0 {
		return schemas[0]
	}
	return ""
}

// existingSchemas returns the schemas of search_path that exist, as
// currentSchema decides it.
func (s *settings) existingSchemas(user string, exists func(string) bool) []string {
	return slices.DeleteFunc(s.lookupPath(user, exists), func(schema string) bool { return schema == "pg_temp" })
}

// lookupPath returns the schemas of search_path that exist, in order,
// with pg_temp where search_path names it (any pg_temp_N too).
func (s *settings) lookupPath(user string, exists func(string) bool) []string {
	schemas := []string{}
	for _, item := range splitSearchPath(s.values["search_path"]) {
		switch {
		case item == "pg_catalog" || item == "information_schema":
		case strings.HasPrefix(item, "pg_temp"):
			item = "pg_temp"
		case item == "$user":
			if exists == nil || !exists(user) {
				continue
			}
			item = user
		case exists != nil && !exists(item):
			continue
		}
		schemas = append(schemas, item)
	}
	return schemas
}

// publicFirst reports whether public is the first schema of search_path
// in which a warehouse relation may be, for a warehouse that cannot tell
// which schemas exist: "$user" is taken not to exist, and the catalog's
// schemas hold no warehouse relation.
func (s *settings) publicFirst() bool {
	for _, item := range splitSearchPath(s.values["search_path"]) {
		switch {
		case item == "public":
			return true
		case item == "$user" || item == "pg_catalog" || item == "information_schema" || strings.HasPrefix(item, "pg_temp"):
		default:
			return false
		}
	}
	return false
}

// defaultSearchPath is PostgreSQL's search_path.
const defaultSearchPath = `"$user", public`

// searchPath returns the schemas of search_path in which a warehouse looks
// names up: "$user" is user, and the catalog's schemas, which hold no
// warehouse relation, are left out.
func (s *settings) searchPath(user string) []string {
	schemas := []string{}
	for _, item := range splitSearchPath(s.values["search_path"]) {
		switch {
		case item == "$user":
			item = user
		case item == "pg_catalog" || item == "information_schema" || strings.HasPrefix(item, "pg_temp"):
			continue
		}
		schemas = append(schemas, item)
	}
	return schemas
}

// splitSearchPath returns the schema names of a search_path value, with
// quoted names unquoted.
func splitSearchPath(value string) []string {
	var names []string
	var name strings.Builder
	quoted := false
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c == '"' && quoted && i+1 < len(value) && value[i+1] == '"':
			name.WriteByte('"')
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			names = append(names, name.String())
			name.Reset()
		case !quoted && strings.IndexByte(" \t\n\r\f\v", c) >= 0:
			// White space separates names; inside quotes it is part of one.
		default:
			name.WriteByte(c)
		}
	}
	if last := name.String(); last != "" || len(names) > 0 {
		names = append(names, last)
	}
	return slices.DeleteFunc(names, func(n string) bool { return n == "" })
}

// currentSchemas returns what current_schemas() returns: the schemas of
// search_path that exist, as currentSchema decides it, after pg_catalog
// when implicit is set and search_path does not name it.
func (s *settings) currentSchemas(implicit bool, user string, exists func(string) bool) []string {
	schemas := s.existingSchemas(user, exists)
	if implicit && !slices.Contains(schemas, "pg_catalog") {
		schemas = append([]string{"pg_catalog"}, schemas...)
	}
	return schemas
}

// canonicalName returns the spelling of a parameter that PostgreSQL uses
// in ParameterStatus and as the column name of SHOW.
func canonicalName(name string) string {
	for _, reported := range reportedParameters {
		if strings.EqualFold(reported, name) {
			return reported
		}
	}
	return name
}

// sessionCommand is a statement pgway runs without the warehouse: a
// session command that translate recognized, or a catalog query that pgway
// answers itself.
type sessionCommand struct {
	tag     string
	columns []providers.Column
	// run applies the command and returns its rows, if any.
	run func(e *engine) ([][]any, error)
}

func textColumn(name string) providers.Column {
	return providers.Column{Name: name, TypeOID: pgtype.TextOID, TypeModifier: -1, TypeSize: -1}
}

// newSessionCommand returns the command that runs c. FETCH, MOVE and
// CLOSE are cursor commands instead.
func newSessionCommand(c *translate.Command) (*sessionCommand, error) {
	cmd := &sessionCommand{tag: c.Tag, run: func(*engine) ([][]any, error) { return nil, nil }}
	switch c.Kind {
	case translate.CommandSet:
		cmd.run = func(e *engine) ([][]any, error) { return nil, e.setCommand(c.Name, c.Value, c.Local, false) }
	case translate.CommandReset:
		cmd.run = func(e *engine) ([][]any, error) { return nil, e.setCommand(c.Name, "", c.Local, true) }
	case translate.CommandResetAll:
		cmd.run = func(e *engine) ([][]any, error) { return nil, e.resetAll() }
	case translate.CommandShow:
		return showCommand(c.Name), nil
	case translate.CommandSetConfig:
		return setConfigCommand(c), nil
	case translate.CommandShowAll:
		cmd.columns = []providers.Column{textColumn("name"), textColumn("setting"), textColumn("description")}
		cmd.run = func(e *engine) ([][]any, error) { return e.settings.all(), nil }
	case translate.CommandBegin, translate.CommandCommit, translate.CommandRollback:
		cmd.run = transactionRun(c)
	case translate.CommandSavepoint, translate.CommandRelease, translate.CommandRollbackTo:
		cmd.run = savepointRun(c)
	case translate.CommandDiscard:
		cmd.run = discardRun(c.Name)
	case translate.CommandDeallocate, translate.CommandDeallocateAll:
		cmd.run = deallocateRun(c)
	case translate.CommandSetTransaction:
		cmd.run = setTransactionRun(c)
	default:
		return nil, errStatement("0A000", fmt.Sprintf("%s is not supported by pgway", c.Tag))
	}
	return cmd, nil
}

func showCommand(name string) *sessionCommand {
	return &sessionCommand{tag: "SHOW", columns: []providers.Column{textColumn(canonicalName(name))},
		run: func(e *engine) ([][]any, error) {
			value, ok := e.settings.values[name]
			if !ok {
				// TODO: SHOW of a PostgreSQL parameter that pgway does not
				// store, such as maintenance_work_mem, fails here, where PostgreSQL
				// shows its value.
				return nil, errUnknownParameter(name)
			}
			return [][]any{{value}}, nil
		}}
}

// setParameter sets a run-time parameter and reports it to the client
// when PostgreSQL would. SET LOCAL lasts until the transaction block ends
// and, as in PostgreSQL, has no effect outside one. The caller checks
// that the parameter may change.
func (e *engine) setParameter(name, value string, local bool) error {
	value, err := normalizeSetting(name, value)
	if err != nil {
		return err
	}
	if local && e.settings.block == nil && (!e.implicit.active || e.implicit.single) {
		e.keepPlaceholder(name)
		return nil
	}
	e.implicitSettings()
	old, existed := e.settings.values[name]
	e.settings.values[name] = value
	if err := e.applySetting(name); err != nil {
		e.settings.values[name] = old
		return err
	}
	if block := e.settings.block; block != nil && !local {
		block.commit[name] = value
	}
	if existed && old == value {
		return nil
	}
	return e.reportParameter(name)
}

// keepPlaceholder sets a custom parameter that has no value to the empty
// string. PostgreSQL keeps such a placeholder once SET has named it, even
// when the SET had no effect or was undone.
func (e *engine) keepPlaceholder(name string) {
	if _, ok := e.settings.values[name]; !ok && strings.Contains(name, ".") {
		e.settings.values[name] = ""
	}
}

func (e *engine) reportParameter(name string) error {
	canonical := canonicalName(name)
	if !slices.Contains(reportedParameters, canonical) {
		return nil
	}
	return e.s.client.send(&pgproto3.ParameterStatus{Name: canonical, Value: e.settings.values[name]})
}

// resetAll runs RESET ALL: the startup values again, and custom
// parameters empty, as PostgreSQL resets its placeholders.
//
// NOTE: a PostgreSQL parameter that pgway stores without a startup value,
// such as maintenance_work_mem after SET, keeps its value.
func (e *engine) resetAll() error {
	for name, value := range e.settings.defaults {
		if err := e.setParameter(name, value, false); err != nil {
			return err
		}
	}
	for name := range e.settings.values {
		if _, ok := e.settings.defaults[name]; !ok && strings.Contains(name, ".") {
			if err := e.setParameter(name, "", false); err != nil {
				return err
			}
		}
	}
	return nil
}

// beginSettings starts a transaction block's record of the settings.
func (e *engine) beginSettings() {
	e.settings.block = &settingsBlock{begin: maps.Clone(e.settings.values), commit: maps.Clone(e.settings.values)}
}

// endSettings restores the settings at the end of a transaction block:
// those at BEGIN after a rollback, else those without the SET LOCAL
// changes.
func (e *engine) endSettings(rollback bool) {
	block := e.settings.block
	if block == nil {
		return
	}
	e.settings.block = nil
	if rollback {
		e.restoreSettings(block.begin)
	} else {
		e.restoreSettings(block.commit)
	}
}

// restoreSettings sets the parameters to values, reporting each that
// changes.
func (e *engine) restoreSettings(values map[string]string) {
	for name := range e.settings.values {
		if _, ok := values[name]; !ok {
			delete(e.settings.values, name)
			e.keepPlaceholder(name)
		}
	}
	for name, value := range values {
		if old, ok := e.settings.values[name]; ok && old == value {
			continue
		}
		e.settings.values[name] = value
		e.applySetting(name)    // it applied before, so it applies again
		e.reportParameter(name) // a failed send shows at the next flush
	}
}

// all returns the rows of SHOW ALL, sorted by name.
func (s *settings) all() [][]any {
	names := make([]string, 0, len(s.values))
	for name := range s.values {
		names = append(names, name)
	}
	slices.Sort(names)
	rows := make([][]any, len(names))
	for i, name := range names {
		rows[i] = []any{canonicalName(name), s.values[name], ""}
	}
	return rows
}

// transactionRun tracks the transaction status that ReadyForQuery
// reports, and runs the block as a transaction of a warehouse that has
// them (providers.Transactor). On the others, each statement commits on
// its own and ROLLBACK undoes only settings.
func transactionRun(c *translate.Command) func(e *engine) ([][]any, error) {
	if c.Kind == translate.CommandBegin {
		return func(e *engine) ([][]any, error) {
			if c.Isolation != "" && e.txStatus == 'I' && e.queried {
				// BEGIN takes over the implicit transaction of the
				// statements before it, whose snapshot is taken.
				return nil, errStatement("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query")
			}
			return nil, e.beginBlock(e.blockOptions(c.TransactionOptions))
		}
	}
	return func(e *engine) ([][]any, error) {
		if e.txStatus == 'I' {
			if c.Chain {
				return nil, errStatement("25P01", c.Tag+" AND CHAIN can only be used in transaction blocks")
			}
			// It still ends the implicit transaction, as in PostgreSQL.
			if err := e.warnNoTransaction(); err != nil {
				return nil, err
			}
		}
		options := e.txOptions
		if err := e.finishBlock(c.Kind != translate.CommandCommit || e.txStatus == 'E'); err != nil {
			return nil, err
		}
		if c.Chain {
			// The new block has the same characteristics, as in PostgreSQL.
			return nil, e.beginBlock(options)
		}
		return nil, nil
	}
}

// beginBlock begins a transaction block, and the warehouse's transaction
// where it has them, with options. Within a Query or batch, the block
// takes over its implicit transaction, with the changes and settings of
// the statements before.
func (e *engine) beginBlock(options providers.TxOptions) error {
	if e.txStatus != 'I' {
		return e.sendNotice(&pgError{Severity: "WARNING", Code: "25001", Message: "there is already a transaction in progress"})
	}
	if tx, ok := e.provider.(providers.Transactor); ok {
		if err := tx.Begin(context.Background(), options); err != nil {
			return err
		}
	}
	e.setTxOptions(options)
	e.txStatus = 'T'
	if e.settings.block == nil {
		e.beginSettings()
	}
	return nil
}

// finishBlock ends the transaction block, committing the warehouse's
// transaction unless rollback is set. The portals of the block close
// first, since a warehouse transaction ends with its results.
func (e *engine) finishBlock(rollback bool) error {
	e.endTransaction(rollback)
	e.txStatus = 'I'
	e.queried = false
	// Statements after it in the Query or batch take the defaults.
	e.setTxOptions(e.blockOptions(translate.TransactionOptions{}))
	tx, ok := e.provider.(providers.Transactor)
	if !ok {
		return nil
	}
	var err error
	if rollback {
		err = tx.Rollback(context.Background())
	} else {
		// A COMMIT that fails rolls the transaction back, as in PostgreSQL.
		err = tx.Commit(context.Background())
	}
	e.afterTransaction(rollback || err != nil)
	return err
}

// savepointRun keeps the list of savepoints, so that RELEASE and ROLLBACK
// TO fail as in PostgreSQL for one that does not exist. ROLLBACK TO ends
// the failed state of a transaction block. A warehouse with transactions
// undoes what it can (providers.Transactor.RollbackTo); on the others it
// undoes nothing.
func savepointRun(c *translate.Command) func(e *engine) ([][]any, error) {
	return func(e *engine) ([][]any, error) {
		if e.txStatus == 'I' {
			verb := map[translate.CommandKind]string{translate.CommandSavepoint: "SAVEPOINT",
				translate.CommandRelease: "RELEASE SAVEPOINT", translate.CommandRollbackTo: "ROLLBACK TO SAVEPOINT"}[c.Kind]
			return nil, errStatement("25P01", verb+" can only be used in transaction blocks")
		}
		block := e.settings.block
		tx, transactional := e.provider.(providers.Transactor)
		if c.Kind == translate.CommandSavepoint {
			var mark uint64
			if transactional {
				mark = tx.Savepoint()
			}
			cursors := map[*portal]bool{}
			for _, p := range e.portals {
				if p.cursor != nil {
					cursors[p] = true
				}
			}
			e.savepoints = append(e.savepoints, c.Name)
			block.savepoints = append(block.savepoints, settingsSnapshot{values: maps.Clone(e.settings.values),
				commit: maps.Clone(block.commit), mark: mark, cursors: cursors})
			return nil, nil
		}
		// The latest savepoint of the name, as in PostgreSQL.
		i := len(e.savepoints) - 1
		for i >= 0 && e.savepoints[i] != c.Name {
			i--
		}
		if i < 0 {
			return nil, errStatement("3B001", fmt.Sprintf("savepoint %q does not exist", c.Name))
		}
		if c.Kind == translate.CommandRelease {
			e.savepoints = e.savepoints[:i]
			block.savepoints = block.savepoints[:i]
			return nil, nil
		}
		snapshot := block.savepoints[i]
		// The cursors declared since the savepoint close, as in PostgreSQL,
		// which also ends their results in the warehouse's transaction.
		e.closePortals(func(p *portal) bool { return p.cursor != nil && !snapshot.cursors[p] })
		if transactional {
			if err := tx.RollbackTo(context.Background(), snapshot.mark); err != nil {
				return nil, err
			}
		}
		e.savepoints = e.savepoints[:i+1]
		block.savepoints = block.savepoints[:i+1]
		e.restoreSettings(maps.Clone(snapshot.values))
		block.commit = maps.Clone(snapshot.commit)
		e.txStatus = 'T'
		return nil, nil
	}
}

// discardRun runs DISCARD. DISCARD ALL closes the cursors, deallocates
// the named prepared statements, resets the parameters and drops the
// temporary tables; DISCARD TEMP drops the temporary tables. DISCARD PLANS
// and SEQUENCES have nothing to discard in pgway.
func discardRun(target string) func(e *engine) ([][]any, error) {
	return func(e *engine) ([][]any, error) {
		if target != "all" && target != "temp" {
			return nil, nil
		}
		if target == "all" && (e.txStatus != 'I' || e.implicit.block) {
			return nil, errStatement("25001", "DISCARD ALL cannot run inside a transaction block")
		}
		if target == "all" {
			// The unnamed portal and statement may be the DISCARD itself.
			e.closePortals(func(p *portal) bool { return p.cursor != nil })
			e.deallocateNamed()
		}
		if discarder, ok := e.provider.(providers.TemporaryDiscarder); ok {
			if err := discarder.DiscardTemporary(context.Background()); err != nil {
				return nil, err
			}
		}
		if e.txStatus == 'I' && e.implicit.single {
			// Elsewhere a rollback may bring the tables back, and with
			// them the names they hide.
			e.temporaryRelations = nil
		}
		if target == "all" {
			return nil, e.resetAll()
		}
		return nil, nil
	}
}

func deallocateRun(c *translate.Command) func(e *engine) ([][]any, error) {
	return func(e *engine) ([][]any, error) {
		if c.Kind == translate.CommandDeallocateAll {
			e.deallocateNamed()
			return nil, nil
		}
		st, ok := e.statements[c.Name]
		if !ok || c.Name == "" {
			return nil, errStatement("26000", fmt.Sprintf("prepared statement %q does not exist", c.Name))
		}
		st.close()
		delete(e.statements, c.Name)
		return nil, nil
	}
}

func (e *engine) deallocateNamed() {
	for name, st := range e.statements {
		if name != "" {
			st.close()
			delete(e.statements, name)
		}
	}
}

// runSessionCommand applies the command and returns its result.
func (e *engine) runSessionCommand(c *sessionCommand) (providers.Rows, error) {
	tag := c.tag
	if c.tag == "COMMIT" && e.txStatus == 'E' {
		// PostgreSQL reports a COMMIT of a failed transaction as ROLLBACK.
		tag = "ROLLBACK"
	}
	if e.txStatus == 'E' && tag != "ROLLBACK" {
		return nil, errStatement("25P02",
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	rows, err := c.run(e)
	if err != nil {
		return nil, err
	}
	result := &staticRows{tag: tag, rows: rows}
	if tag == "SELECT" {
		result.tag = fmt.Sprintf("SELECT %d", len(rows))
	}
	return result, nil
}

// staticRows is a result held in memory.
type staticRows struct {
	rows [][]any
	next int
	tag  string
}

func (r *staticRows) Next() bool {
	if r.next >= len(r.rows) {
		return false
	}
	r.next++
	return true
}

func (r *staticRows) Values() []any      { return r.rows[r.next-1] }
func (r *staticRows) Err() error         { return nil }
func (r *staticRows) CommandTag() string { return r.tag }
func (r *staticRows) Close() error       { return nil }
