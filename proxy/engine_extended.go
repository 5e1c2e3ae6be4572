package proxy

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/translate"
)

// preparedStatement is a statement made by Parse or by a simple Query. It
// runs on the provider, or in pgway when it is a session command, a cursor
// command or empty. A COPY runs its query on the provider.
type preparedStatement struct {
	sql  string
	stmt providers.Statement // nil for a session or cursor command or an empty query
	// onCommit is the ON COMMIT action of CREATE TEMPORARY TABLE that
	// the rewrite left out, or nil.
	onCommit *translate.OnCommit
	// truncate is set for TRUNCATE, whose rewrite truncates the first
	// table alone.
	truncate *translate.Truncate
	// rewritten is the warehouse statement that stmt was prepared from,
	// empty for other statements.
	rewritten string
	// resultTypmods are the translation's ResultTypmods: which numeric
	// result columns keep the warehouse's type modifier when PostgreSQL
	// does not describe the statement.
	resultTypmods []bool
	// noColumns is set for a SELECT without result columns, whose one
	// warehouse column the engine leaves out (translate.Statement.NoColumns).
	noColumns bool
	command   *sessionCommand
	cursor    *cursorCommand
	// declared is the query of a DECLARE, prepared on the provider.
	declared *preparedStatement
	copy     *copyCommand
	// copyColumns are the columns of a COPY's query. A COPY itself has no
	// result columns in the protocol.
	copyColumns []providers.Column
	empty       bool
	paramOIDs   []uint32
	columns     []providers.Column
	// postgresColumns are the result columns that PostgreSQL gives the
	// statement, as described on the catalog database, or nil without
	// one. The warehouse's values are sent in these types where they
	// convert exactly.
	postgresColumns []providers.Column
	// resultPlan converts the result as the warehouse described it, nil
	// when it needs no conversion.
	resultPlan *resultPlan
	// portalModifiers are the type modifiers of postgresColumns as
	// PostgreSQL describes a portal of the statement, once it is planned,
	// or nil when they are the statement's (plannedModifiers).
	portalModifiers []int32
	// tag is PostgreSQL's command tag of a DDL statement, which replaces
	// the warehouse's, such as DuckDB's CREATE for CREATE TABLE.
	tag string
	// changes names a statement that may change data or schemas in the
	// error of a read-only transaction (translate.Statement.Changes).
	changes string
	// unqualified is a relation that the statement names without a
	// schema (translate.Statement.Unqualified).
	unqualified string
	// drops are the names of DROP ... IF EXISTS.
	drops []translate.DroppedName
	// lateDescribed is set when the warehouse resolves the result's types
	// only at execution and columns are PostgreSQL's, which the rows must
	// then have (resultEncoding).
	lateDescribed bool
	// typedParams are the parameter types the statement was translated
	// with (translate.WithParamTypes), which translating it again at
	// Bind must use too.
	typedParams []uint32
}

func (st *preparedStatement) close() {
	if st.stmt != nil {
		st.stmt.Close()
	}
	if st.declared != nil {
		st.declared.close()
	}
}

// portal is a statement bound to parameter values and result formats.
type portal struct {
	stmt *preparedStatement
	args []any
	// rawParams are the parameters of a catalog statement, which go to
	// the catalog database as the client sent them.
	rawParams *mirrorParams
	formats   []int16 // one per result column
	rows      providers.Rows
	done      bool
	tag       string
	// notices are sent before the portal's CommandComplete.
	notices []*pgError
	// cursor is set for a portal made by DECLARE.
	cursor *cursorCommand
	// inBlock is set for a cursor declared in the current transaction,
	// block or implicit, which a rollback closes even WITH HOLD.
	inBlock bool
	// position is the number of rows FETCH and MOVE have read from a
	// cursor.
	position int64
	// sendColumns and sendFormats are the types and formats the rows are
	// encoded in: those of stmt.columns and formats, except for columns
	// whose type the warehouse resolved only at execution.
	sendColumns []providers.Column
	sendFormats []int16
}

// prepare prepares one translated statement. clientOIDs are the
// parameter types the client gave in Parse; zero leaves a type to the
// provider.
func (e *engine) prepare(ctx context.Context, ts translate.Statement, clientOIDs []uint32) (*preparedStatement, error) {
	st := &preparedStatement{sql: ts.SQL}
	if e.txStatus == 'E' && !exitsTransaction(ts) {
		// Checked before the statement's own errors, as in PostgreSQL.
		return nil, errStatement("25P02", "current transaction is aborted, commands ignored until end of transaction block")
	}
	var paramOIDs []uint32
	if ts.Kind == translate.KindWarehouse && ts.Cursor == "" && ts.Copy == nil && !ts.RefreshCatalog {
		paramOIDs = e.inferredParamOIDs(ctx, ts.SQL, clientOIDs)
		ts, _ = e.translateTyped(ts, paramOIDs)
	}
	// pgway runs pgway_refresh_catalog() itself, whether or not the
	// warehouse's dialect could translate the call.
	if ts.Err != nil && !ts.RefreshCatalog {
		return nil, ts.Err
	}
	switch {
	case ts.Kind == translate.KindCatalog && e.mirror != nil:
		return e.prepareMirror(ctx, ts, clientOIDs)
	case ts.Kind == translate.KindCatalog:
		command, err := catalogCommand(ts.SQL)
		if err != nil {
			return nil, err
		}
		st.command, st.columns = command, command.columns
		return st, nil
	case ts.Kind == translate.KindSession:
		return st, e.prepareCommand(ctx, st, ts.Command)
	case ts.Cursor != "":
		st.cursor = declareCommand(ts)
		return st, e.prepareCursorCommand(ctx, st, clientOIDs)
	case ts.Copy != nil:
		copyCmd, err := newCopyCommand(ts)
		if err != nil {
			return nil, err
		}
		return e.prepareCopy(ctx, st, copyCmd, clientOIDs)
	case ts.RefreshCatalog:
		command, err := e.refreshCommand()
		if err != nil {
			return nil, err
		}
		st.command, st.columns = command, command.columns
		return st, nil
	}
	if err := e.checkCreatedColumns(ctx, ts); err != nil {
		return nil, err
	}
	warehouse, err := e.prepareWarehouse(ctx, ts.Rewritten, paramOIDs)
	if err != nil {
		return nil, err
	}
	warehouse.typedParams = paramOIDs
	for i, oid := range ts.ParamTypes {
		// The dialect's type of an untyped parameter, such as numeric in
		// $1::numeric, is PostgreSQL's, where DuckDB describes the text
		// that the rewrite reads.
		if oid != 0 && i < len(warehouse.paramOIDs) && (i >= len(paramOIDs) || paramOIDs[i] == 0) {
			warehouse.paramOIDs[i] = oid
		}
	}
	warehouse.sql, warehouse.rewritten, warehouse.tag = ts.SQL, ts.Rewritten, ts.Tag
	warehouse.onCommit, warehouse.truncate = ts.OnCommit, ts.Truncate
	setOnCommit(warehouse.stmt, ts.OnCommit)
	setTruncate(warehouse.stmt, ts.Truncate)
	warehouse.changes, warehouse.unqualified, warehouse.drops = ts.Changes, ts.Unqualified, ts.Drops
	warehouse.resultTypmods = ts.ResultTypmods
	if ts.NoColumns {
		warehouse.noColumns, warehouse.columns = true, []providers.Column{}
		return warehouse, nil
	}
	e.resolveResultTypes(ctx, warehouse, ts.SQL, nil, clientOIDs)
	return warehouse, nil
}

// refreshWarehouse prepares a warehouse statement again when the values
// that translation folds into it changed since it was prepared: now() in
// a later transaction, a setting that current_setting() reads, or the
// TimeZone that some dialects write into conversions. PostgreSQL
// evaluates them at each execution. A statement without such values
// translates to the same text and is kept.
func (e *engine) refreshWarehouse(ctx context.Context, st *preparedStatement) error {
	if st.rewritten == "" {
		return nil
	}
	translated, err := e.translate(st.sql)
	if err != nil {
		return err
	}
	if len(translated) != 1 {
		return fmt.Errorf("statement translated to %d statements at Bind", len(translated))
	}
	ts, err := e.translateTyped(translated[0], st.typedParams)
	if err != nil {
		return err
	}
	if ts.Rewritten == st.rewritten {
		return nil
	}

	stmt, err := e.provider.Prepare(ctx, ts.Rewritten)
	if err != nil {
		return err
	}
	if typer, ok := stmt.(providers.ParamTyper); ok && len(st.paramOIDs) > 0 {
		if err := typer.SetParamOIDs(ctx, st.paramOIDs); err != nil {
			stmt.Close()
			return err
		}
	}
	if !sameColumnTypes(st.stmt.Columns(), stmt.Columns()) {
		// The client has the result's description from Parse, as in
		// PostgreSQL after a table changed under a prepared statement.
		stmt.Close()
		return errStatement("0A000", "cached plan must not change result type")
	}
	setOnCommit(stmt, st.onCommit)
	setTruncate(stmt, st.truncate)
	st.stmt.Close()
	st.stmt, st.rewritten = stmt, ts.Rewritten
	return nil
}

// setOnCommit passes the ON COMMIT action that the rewrite left out, if
// any, to a statement of a warehouse that runs it itself.
func setOnCommit(stmt providers.Statement, onCommit *translate.OnCommit) {
	if setter, ok := stmt.(providers.OnCommitSetter); ok && onCommit != nil {
		setter.SetOnCommit(onCommit.Table, onCommit.Drop)
	}
}

// sameColumnTypes reports whether two results have columns of the same
// types.
func sameColumnTypes(a, b []providers.Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].TypeOID != b[i].TypeOID {
			return false
		}
	}
	return true
}

// prepareCommand prepares a session command, or a cursor command for
// FETCH, MOVE and CLOSE.
func (e *engine) prepareCommand(ctx context.Context, st *preparedStatement, cmd *translate.Command) error {
	if cursor := cursorCommandFor(cmd); cursor != nil {
		st.cursor = cursor
		return e.prepareCursorCommand(ctx, st, nil)
	}
	command, err := newSessionCommand(cmd)
	if err != nil {
		return err
	}
	st.command, st.columns = command, command.columns
	return nil
}

// prepareWarehouse prepares a rewritten statement on the provider.
func (e *engine) prepareWarehouse(ctx context.Context, sql string, clientOIDs []uint32) (*preparedStatement, error) {
	stmt, err := e.provider.Prepare(ctx, sql)
	if err != nil {
		return nil, err
	}
	declared := make([]uint32, len(clientOIDs))
	for i, oid := range clientOIDs {
		declared[i] = e.fromClientOID(oid)
	}
	if typer, ok := stmt.(providers.ParamTyper); ok && len(declared) > 0 {
		if err := typer.SetParamOIDs(ctx, declared); err != nil {
			stmt.Close()
			return nil, err
		}
	}
	st := &preparedStatement{sql: sql, stmt: stmt, columns: stmt.Columns()}
	st.paramOIDs = append([]uint32(nil), stmt.ParamOIDs()...)
	for i, oid := range declared {
		if oid != 0 && i < len(st.paramOIDs) {
			st.paramOIDs[i] = oid
		}
	}
	return st, nil
}

func (e *engine) parse(body []byte) error {
	var msg pgproto3.Parse
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Parse message: %v", err)
	}
	e.noteQuery(msg.Query)
	if msg.Name != "" {
		if _, exists := e.statements[msg.Name]; exists {
			return errStatement("42P05", fmt.Sprintf("prepared statement %q already exists", msg.Name))
		}
	}
	translated, err := e.translate(msg.Query)
	if err != nil {
		return err
	}
	if len(translated) > 1 {
		return errStatement("42601", "cannot insert multiple commands into a prepared statement")
	}
	st := &preparedStatement{sql: msg.Query, empty: true}
	if len(translated) == 1 {
		ctx, done := e.startStatement()
		defer done()
		if st, err = e.prepare(ctx, translated[0], msg.ParameterOIDs); err != nil {
			return err
		}
	}
	if old := e.statements[msg.Name]; old != nil {
		old.close()
	}
	e.statements[msg.Name] = st
	return e.s.client.send(&pgproto3.ParseComplete{})
}

func (e *engine) bind(body []byte) error {
	var msg pgproto3.Bind
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Bind message: %v", err)
	}
	st, ok := e.statements[msg.PreparedStatement]
	if !ok {
		return errStatement("26000", fmt.Sprintf("prepared statement %q does not exist", msg.PreparedStatement))
	}
	e.noteQuery(st.sql)
	if msg.DestinationPortal != "" {
		if _, exists := e.portals[msg.DestinationPortal]; exists {
			return errStatement("42P03", fmt.Sprintf("cursor %q already exists", msg.DestinationPortal))
		}
	}
	ctx, done := e.startStatement()
	err := e.refreshWarehouse(ctx, st)
	done()
	if err != nil {
		return err
	}
	e.refreshFetchColumns(st)
	var args []any
	var raw *mirrorParams
	if _, ok := st.stmt.(*mirrorStatement); ok || (st.cursor != nil && st.cursor.catalog) {
		raw, err = newMirrorParams(st, msg.ParameterFormatCodes, msg.Parameters)
	} else {
		args, err = e.decodeParams(st, msg.ParameterFormatCodes, msg.Parameters)
	}
	if err != nil {
		return err
	}
	formats, err := resultFormats(msg.ResultFormatCodes, len(st.columns))
	if err != nil {
		return err
	}
	e.closePortal(msg.DestinationPortal)
	e.portals[msg.DestinationPortal] = &portal{stmt: st, args: args, rawParams: raw, formats: formats}
	return e.s.client.send(&pgproto3.BindComplete{})
}

func (e *engine) describe(body []byte) error {
	var msg pgproto3.Describe
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Describe message: %v", err)
	}
	if msg.ObjectType == 'S' {
		st, ok := e.statements[msg.Name]
		if !ok {
			return errStatement("26000", fmt.Sprintf("prepared statement %q does not exist", msg.Name))
		}
		e.refreshFetchColumns(st)
		if err := e.s.client.send(&pgproto3.ParameterDescription{ParameterOIDs: e.toClientOIDs(st)}); err != nil {
			return err
		}
		return e.sendStatementColumns(st, nil)
	}
	p, ok := e.portals[msg.Name]
	if !ok {
		return errStatement("34000", fmt.Sprintf("portal %q does not exist", msg.Name))
	}
	return e.sendPortalColumns(p)
}

// sendRowDescription sends RowDescription, or NoData for a statement
// without result columns. formats nil means text for every column.
func (e *engine) sendRowDescription(columns []providers.Column, formats []int16) error {
	if len(columns) == 0 {
		return e.s.client.send(&pgproto3.NoData{})
	}
	fields := make([]pgproto3.FieldDescription, len(columns))
	for i, c := range columns {
		fields[i] = pgproto3.FieldDescription{
			Name:         []byte(c.Name),
			DataTypeOID:  e.toClientOID(c.TypeOID),
			DataTypeSize: c.TypeSize,
			TypeModifier: c.TypeModifier,
		}
		if formats != nil {
			fields[i].Format = formats[i]
		}
	}
	return e.s.client.send(&pgproto3.RowDescription{Fields: fields})
}

func (e *engine) execute(body []byte) error {
	var msg pgproto3.Execute
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Execute message: %v", err)
	}
	p, ok := e.portals[msg.Portal]
	if !ok {
		return errStatement("34000", fmt.Sprintf("portal %q does not exist", msg.Portal))
	}
	if p.rows != nil && e.txStatus == 'E' {
		// A portal suspended before the block failed, as in PostgreSQL.
		return errStatement("25P02", "current transaction is aborted, commands ignored until end of transaction block")
	}
	e.noteQuery(p.stmt.sql)
	ctx, done := e.startStatement()
	defer done()
	return e.runPortal(ctx, p, int(msg.MaxRows))
}

// runPortal starts the portal if needed and sends up to maxRows rows (all
// when maxRows is 0), then PortalSuspended or CommandComplete. Like
// PostgreSQL, it suspends whenever it has sent maxRows rows, even when no
// row is left.
func (e *engine) runPortal(ctx context.Context, p *portal, maxRows int) error {
	st := p.stmt
	switch {
	case st.empty:
		return e.s.client.send(&pgproto3.EmptyQueryResponse{})
	case st.copy != nil && !p.done:
		return e.runCopy(ctx, p)
	case p.done:
		return e.s.client.send(&pgproto3.CommandComplete{CommandTag: []byte(executionTag(p.tag, 0))})
	case p.rows == nil:
		rows, err := e.start(ctx, p)
		if err != nil {
			return err
		}
		p.rows = rows
	}
	if p.sendColumns == nil {
		var err error
		if p.sendColumns, p.sendFormats, err = resultEncoding(st.columns, st.lateDescribed, p.formats, p.rows); err != nil {
			return err
		}
	}
	sent := 0
	for maxRows <= 0 || sent < maxRows {
		if !p.rows.Next() {
			return e.finishPortal(p, sent)
		}
		if sent%1024 == 1023 && ctx.Err() != nil {
			return errQueryCanceled()
		}
		if err := e.sendRow(p.sendColumns, p.sendFormats, p.rows.Values()); err != nil {
			return err
		}
		sent++
	}
	return e.s.client.send(&pgproto3.PortalSuspended{})
}

// start runs the portal's statement on the provider or in pgway.
func (e *engine) start(ctx context.Context, p *portal) (providers.Rows, error) {
	if p.stmt.command != nil {
		return e.runSessionCommand(p.stmt.command)
	}
	queriedBefore := e.queried
	e.queried = true
	if p.stmt.cursor != nil {
		return e.runCursorCommand(ctx, p)
	}
	if st, ok := p.stmt.stmt.(*mirrorStatement); ok {
		return e.executeMirror(ctx, st, p.rawParams, mirrorFormats(p))
	}
	if e.txStatus == 'E' {
		return nil, errStatement("25P02",
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	if err := e.checkWarehouseStatement(p.stmt, queriedBefore); err != nil {
		return nil, err
	}
	p.notices = e.missingDrops(p.stmt.drops)
	rows, err := e.provider.Execute(ctx, p.stmt.stmt, p.args)
	if err != nil {
		return nil, readOnlyError(err, cmp.Or(p.stmt.tag, p.stmt.changes))
	}
	p.notices = append(p.notices, providerNotices(rows)...)
	if p.stmt.noColumns {
		return noColumnRows{rows}, nil
	}
	return e.convertResult(p.stmt, rows), nil
}

// checkWarehouseStatement rejects, at each execution, what a warehouse
// without transactions or search_path would run differently. A change
// in a read-only transaction fails with 25006, as in PostgreSQL. DDL
// that the warehouse commits at once (DDLCommitter) fails with 0A000
// where a later error or ROLLBACK would have to undo it: in a block, in
// a Query of several statements, and after another statement of the
// same extended-protocol batch (queriedBefore). A name without a schema
// fails with 0A000 while search_path does not start with public.
func (e *engine) checkWarehouseStatement(st *preparedStatement, queriedBefore bool) error {
	_, transactional := e.provider.(providers.Transactor)
	if !transactional && e.txOptions.ReadOnly && st.changes != "" {
		return errStatement("25006", "cannot execute "+st.changes+" in a read-only transaction")
	}
	_, commitsDDL := e.provider.(providers.DDLCommitter)
	if commitsDDL && st.tag != "" && !e.txOptions.ReadOnly && (e.txStatus != 'I' || e.implicit.block || queriedBefore) {
		return &pgError{Severity: "ERROR", Code: "0A000",
			Message: st.tag + " in a transaction is not supported on this warehouse",
			Hint:    "This warehouse commits it at once, where ROLLBACK could not undo it. Run it as a statement of its own, outside a transaction block."}
	}
	if _, follows := e.provider.(providers.SearchPather); !follows && st.unqualified != "" && !e.settings.publicFirst() {
		return &pgError{Severity: "ERROR", Code: "0A000",
			Message: fmt.Sprintf("relation %q without a schema, with search_path %s, is not supported on this warehouse",
				st.unqualified, e.settings.values["search_path"]),
			Hint: "This warehouse looks names without a schema up in public. Name the schema, or put public first in search_path."}
	}
	return nil
}

// exitsTransaction reports whether ts is COMMIT, ROLLBACK or ROLLBACK TO
// SAVEPOINT, the statements that a failed block still runs.
func exitsTransaction(ts translate.Statement) bool {
	if ts.Kind != translate.KindSession || ts.Command == nil {
		return false
	}
	switch ts.Command.Kind {
	case translate.CommandCommit, translate.CommandRollback, translate.CommandRollbackTo:
		return true
	}
	return false
}

// readOnlyError names the DDL statement that a read-only transaction
// rejected by its PostgreSQL command tag, which the warehouse does not
// know (CREATE TABLE, not CREATE).
func readOnlyError(err error, tag string) error {
	var pgErr *providers.Error
	if tag == "" || tag == "SELECT" || !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		return err
	}
	named := *pgErr
	named.Message = "cannot execute " + tag + " in a read-only transaction"
	if tag == "ANALYZE" {
		// PostgreSQL runs ANALYZE in a read-only transaction, and DuckDB
		// rejects it there.
		named.Code, named.Message = "0A000", "ANALYZE in a read-only transaction is not supported on this warehouse"
	}
	return &named
}

func (e *engine) finishPortal(p *portal, sent int) error {
	err := p.rows.Err()
	warehouseTag := p.rows.CommandTag()
	p.tag = pgCommandTag(p.stmt.tag, executionTag(warehouseTag, sent))
	p.rows.Close()
	p.done = true
	if err != nil {
		return err
	}
	e.refreshAfterDDL(p, warehouseTag)
	for _, notice := range p.notices {
		if err := e.sendNotice(notice); err != nil {
			return err
		}
	}
	return e.s.client.send(&pgproto3.CommandComplete{CommandTag: []byte(p.tag)})
}

// missingDrops returns PostgreSQL's NOTICE for each name of DROP ... IF
// EXISTS that the warehouse's relations and schemas show to be missing.
// The warehouse drops nothing for such a name and sends no notice.
func (e *engine) missingDrops(drops []translate.DroppedName) []*pgError {
	exists := e.schemaExists()
	if e.relations == nil || exists == nil {
		return nil
	}
	var notices []*pgError
	skipping := func(kind, name string) {
		notices = append(notices, &pgError{Severity: "NOTICE", Code: "00000",
			Message: fmt.Sprintf("%s %q does not exist, skipping", kind, name)})
	}
	for _, d := range drops {
		switch found, known := e.relations.Finds(d.Schema, d.Name); {
		case d.Kind == "schema":
			if !exists(d.Name) {
				skipping("schema", d.Name)
			}
		case d.Schema != "" && d.Schema != "pg_temp" && !exists(d.Schema):
			skipping("schema", d.Schema)
		case known && !found:
			skipping(d.Kind, d.Name)
		}
	}
	return notices
}

// resultEncoding returns the columns and formats to encode rows with. A
// column described as text whose type the warehouse resolved only at
// execution is encoded as its real type in the text format, which is also
// the binary format of text. It fails when the warehouse resolved a
// different number of columns than it described, or, for columns that
// PostgreSQL described (strict), another type.
func resultEncoding(described []providers.Column, strict bool, formats []int16, rows providers.Rows) ([]providers.Column, []int16, error) {
	reporter, ok := rows.(providers.ResultColumns)
	if !ok {
		return described, formats, nil
	}
	actual := reporter.ResultColumns()
	if len(actual) != len(described) {
		return nil, nil, errStatement("0A000",
			"the warehouse can describe the result of this statement only once it runs with its parameters")
	}
	columns := append([]providers.Column(nil), described...)
	sendFormats := append([]int16(nil), formats...)
	for i := range actual {
		switch {
		case actual[i].TypeOID == described[i].TypeOID:
		case described[i].TypeOID == pgtype.TextOID:
			columns[i] = actual[i]
			sendFormats[i] = pgtype.TextFormatCode
		case strict:
			// Described with PostgreSQL's type, which the warehouse's
			// values do not convert to exactly.
			return nil, nil, errStatement("0A000", fmt.Sprintf(
				"column %q of this statement has another type on the warehouse than in PostgreSQL, which it resolves only once it runs with its parameters",
				described[i].Name))
		}
	}
	return columns, sendFormats, nil
}

// pgCommandTag returns PostgreSQL's command tag of DDL, tag, in place of
// the warehouse's, with the row count of CREATE TABLE AS, whose tag
// PostgreSQL writes as SELECT and the count.
func pgCommandTag(tag, warehouseTag string) string {
	switch tag {
	case "":
		return warehouseTag
	case "SELECT":
		_, count, _ := strings.Cut(warehouseTag, " ")
		if _, err := strconv.Atoi(count); err != nil {
			count = "0"
		}
		return "SELECT " + count
	}
	return tag
}

// executionTag returns the tag of one Execute of a portal. As in
// PostgreSQL, SELECT and FETCH count the rows this Execute sent, not all
// the rows of the portal.
func executionTag(tag string, sent int) string {
	verb, _, _ := strings.Cut(tag, " ")
	if verb == "SELECT" || verb == "FETCH" {
		return fmt.Sprintf("%s %d", verb, sent)
	}
	return tag
}

func (e *engine) closeMessage(body []byte) error {
	var msg pgproto3.Close
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Close message: %v", err)
	}
	if msg.ObjectType == 'S' {
		if st, ok := e.statements[msg.Name]; ok {
			st.close()
			delete(e.statements, msg.Name)
		}
	} else {
		e.closePortal(msg.Name)
	}
	return e.s.client.send(&pgproto3.CloseComplete{})
}

func (e *engine) closePortal(name string) {
	p, ok := e.portals[name]
	if !ok {
		return
	}
	if p.rows != nil && !p.done {
		p.rows.Close()
	}
	if p.cursor != nil {
		// A cursor's statement was prepared for it alone.
		p.stmt.close()
	}
	delete(e.portals, name)
}

// refreshFetchColumns sets the columns of a FETCH statement to those of
// its cursor as it is now.
func (e *engine) refreshFetchColumns(st *preparedStatement) {
	if st.cursor != nil && st.cursor.verb == "FETCH" {
		st.columns = e.cursorColumns(st.cursor.name)
	}
}

// resultFormats expands Bind's result format codes to one per column.
func resultFormats(codes []int16, n int) ([]int16, error) {
	formats := make([]int16, n)
	switch len(codes) {
	case 0:
	case 1:
		for i := range formats {
			formats[i] = codes[0]
		}
	case n:
		copy(formats, codes)
	default:
		return nil, errProtocolViolation("bind message has %d result formats but query has %d columns", len(codes), n)
	}
	for _, f := range formats {
		if f != 0 && f != 1 {
			return nil, errProtocolViolation("unsupported format code: %d", f)
		}
	}
	return formats, nil
}
