package proxy

import (
	"context"
	"fmt"
	"time"

	"pgway/providers"
	"pgway/translate"
)

// cursorCommand is a DECLARE, FETCH, MOVE or CLOSE statement, which pgway
// runs itself over the portals of the session.
type cursorCommand struct {
	verb string // "DECLARE", "FETCH", "MOVE" or "CLOSE"
	name string // the cursor; empty for CLOSE ALL
	// count is the number of rows FETCH or MOVE returns; -1 for ALL.
	count int64
	// skip is the number of rows FETCH or MOVE passes over first, for
	// RELATIVE n.
	skip int64
	// absolute is the row number of FETCH ABSOLUTE n, else 0.
	absolute int64
	// rewind is set for MOVE BACKWARD ALL and FETCH or MOVE ABSOLUTE 0,
	// which go back to before the first row.
	rewind bool
	// current is set for FETCH 0, which returns the current row again:
	// none before the first row, as GDAL uses it to learn the columns.
	current bool
	// err is the error the command fails with when it runs, for forms that
	// pgway recognizes but cannot run.
	err      error
	binary   bool   // DECLARE ... BINARY
	hold     bool   // DECLARE ... WITH HOLD
	noScroll bool   // DECLARE ... NO SCROLL
	query    string // DECLARE ... FOR query
	// catalog is set when query runs on the catalog database, as the
	// client wrote it.
	catalog bool
	// source is the DECLARE statement as the client wrote it.
	source string
	// postgresColumns are PostgreSQL's result columns of the query of a
	// DECLARE of a warehouse query, from the catalog database.
	postgresColumns []providers.Column
}

// declareCommand returns the cursor command of a DECLARE that translate
// recognized. A command that pgway cannot run carries the error it fails
// with when it runs, after the checks PostgreSQL makes first.
func declareCommand(st translate.Statement) *cursorCommand {
	opts := st.CursorOptions
	c := &cursorCommand{verb: "DECLARE", name: st.Cursor, query: st.Rewritten,
		binary: opts.Binary, hold: opts.Hold, noScroll: opts.NoScroll, source: st.SQL}
	if opts.Scroll {
		// TODO: SCROLL cursors, which can move backwards, need the rows
		// already read kept in memory or re-read.
		c.err = errStatement("0A000", "SCROLL cursors are not supported by pgway")
	}
	return c
}

// cursorCommandFor returns the cursor command of a FETCH, MOVE or CLOSE,
// or nil for other commands.
func cursorCommandFor(cmd *translate.Command) *cursorCommand {
	switch cmd.Kind {
	case translate.CommandClose:
		return &cursorCommand{verb: "CLOSE", name: cmd.Name}
	case translate.CommandCloseAll:
		return &cursorCommand{verb: "CLOSE"}
	case translate.CommandFetch, translate.CommandMove:
		c := &cursorCommand{verb: cmd.Tag, name: cmd.Name}
		c.err = c.setDirection(cmd.Direction, cmd.Count)
		return c
	}
	return nil
}

// setDirection sets how many rows a FETCH or MOVE passes over and
// returns. Directions that move backwards fail as on a NO SCROLL cursor
// in PostgreSQL, except going back to the start, which pgway does by
// running the cursor's query again (rewindCursor).
//
// NOTE: PostgreSQL also lets cursors declared without NO SCROLL move
// backwards step by step when their plan can; pgway's cursors can only go
// back to the start.
func (c *cursorCommand) setDirection(direction string, count int64) error {
	switch direction {
	case "FORWARD":
		c.count = count
	case "RELATIVE":
		c.skip, c.count = count-1, 1
	case "ABSOLUTE":
		c.absolute, c.count = count, 1
		if count == 0 {
			c.rewind, c.count = true, 0
			return nil
		}
		if count < 0 {
			return errBackward()
		}
		return nil
	case "BACKWARD":
		if count == -1 && c.verb == "MOVE" {
			c.rewind = true
			return nil
		}
		return errBackward()
	default:
		return errBackward()
	}
	// FETCH 0 and FETCH RELATIVE 0 return the current row again, which
	// is FETCH ABSOLUTE of the current position (fetchCurrent).
	if c.count == 0 || c.skip == -1 {
		c.current, c.skip, c.count = true, 0, 1
		return nil
	}
	if c.skip < 0 {
		return errBackward()
	}
	return nil
}

func errBackward() *pgError {
	err := errStatement("55000", "cursor can only scan forward")
	err.Hint = "Declare it with SCROLL option to enable backward scan."
	return err
}

// prepareCursorCommand makes the prepared statement of a cursor command.
// DECLARE prepares its query on the provider, so it takes parameters; FETCH
// has the columns of its cursor as it is when the statement is described.
func (e *engine) prepareCursorCommand(ctx context.Context, st *preparedStatement, clientOIDs []uint32) error {
	c := st.cursor
	switch c.verb {
	case "DECLARE":
		inner, err := e.prepareWarehouse(ctx, c.query, clientOIDs)
		if err != nil {
			return err
		}
		if inner.stmt == nil || len(inner.columns) == 0 {
			inner.close()
			return errStatement("42601", "DECLARE CURSOR must be followed by a query that returns rows")
		}
		e.resolveResultTypes(ctx, inner, c.source, routedQuery(c.source), clientOIDs)
		c.postgresColumns = inner.postgresColumns
		st.declared = inner
		st.paramOIDs = inner.paramOIDs
	case "FETCH":
		st.columns = e.cursorColumns(c.name)
	}
	return nil
}

// cursorColumns returns the result columns of the named portal, or none
// when there is no such portal.
func (e *engine) cursorColumns(name string) []providers.Column {
	if p, ok := e.portals[name]; ok {
		return p.stmt.columns
	}
	return nil
}

// runCursorCommand runs a cursor command for portal p and returns its
// result.
func (e *engine) runCursorCommand(ctx context.Context, p *portal) (providers.Rows, error) {
	if e.txStatus == 'E' {
		return nil, errStatement("25P02",
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	c := p.stmt.cursor
	if c.err != nil {
		return nil, c.err
	}
	switch c.verb {
	case "DECLARE":
		return e.declareCursor(ctx, p)
	case "CLOSE":
		if c.name == "" {
			e.closePortals(func(*portal) bool { return true })
			return &staticRows{tag: "CLOSE CURSOR ALL"}, nil
		}
		if _, ok := e.portals[c.name]; !ok {
			return nil, errStatement("34000", fmt.Sprintf("cursor %q does not exist", c.name))
		}
		e.closePortal(c.name)
		return &staticRows{tag: "CLOSE CURSOR"}, nil
	}
	cursor, ok := e.portals[c.name]
	if !ok {
		return nil, errStatement("34000", fmt.Sprintf("cursor %q does not exist", c.name))
	}
	if cursor == p {
		return nil, errStatement("55000", fmt.Sprintf("portal %q cannot be run", c.name))
	}
	if cursor.rows == nil && !cursor.done && !cursor.stmt.empty {
		rows, err := e.start(ctx, cursor)
		if err != nil {
			return nil, err
		}
		cursor.rows = rows
	}
	if c.rewind {
		// PostgreSQL counts the rows passed on the way back.
		passed := max(cursor.position-1, 0)
		if cursor.done {
			passed = cursor.position
		}
		if err := e.rewindCursor(ctx, cursor); err != nil {
			return nil, err
		}
		if c.verb == "MOVE" {
			return &staticRows{tag: fmt.Sprintf("MOVE %d", passed)}, nil
		}
		return &staticRows{tag: "FETCH 0"}, nil
	}
	skip, absolute := c.skip, c.absolute
	if c.current {
		if cursor.position == 0 || cursor.done {
			return &fetchRows{engine: e, cursor: cursor, move: c.verb == "MOVE"}, nil
		}
		absolute = cursor.position
	}
	if absolute > 0 {
		skip = absolute - cursor.position - 1
		if skip < 0 {
			if err := e.rewindCursor(ctx, cursor); err != nil {
				return nil, err
			}
			skip = absolute - 1
		}
	}
	return &fetchRows{engine: e, cursor: cursor, skip: skip, left: c.count, move: c.verb == "MOVE"}, nil
}

// rewindCursor puts a cursor before its first row by running its query
// again with the same parameters, as clients such as GDAL expect of a
// cursor whose plan can scan backwards in PostgreSQL.
// NOTE: the rows are read again from the warehouse, so they are the
// rows as they are now, and in the order the query fixes (an order the
// query leaves open may differ).
func (e *engine) rewindCursor(ctx context.Context, cursor *portal) error {
	if _, ok := cursor.stmt.stmt.(*mirrorStatement); ok || cursor.cursor.noScroll {
		return errBackward()
	}
	if cursor.rows != nil && !cursor.done {
		cursor.rows.Close()
	}
	cursor.rows = nil
	rows, err := e.provider.Execute(ctx, cursor.stmt.stmt, cursor.args)
	if err != nil {
		cursor.done = true
		return err
	}
	cursor.rows = e.convertResult(cursor.stmt, rows)
	cursor.position, cursor.done = 0, false
	return nil
}

// declareCursor starts the cursor's query and adds it to the portals.
func (e *engine) declareCursor(ctx context.Context, p *portal) (providers.Rows, error) {
	c := p.stmt.cursor
	if _, exists := e.portals[c.name]; exists {
		return nil, errStatement("42P03", fmt.Sprintf("cursor %q already exists", c.name))
	}
	if !c.hold && e.txStatus == 'I' && !e.implicit.block {
		return nil, errStatement("25P01", "DECLARE CURSOR can only be used in transaction blocks")
	}
	if tx, ok := e.provider.(providers.Transactor); ok && c.hold && !c.catalog && tx.InTransaction() {
		// The cursor's result would end with the warehouse's transaction.
		return nil, errStatement("0A000", "DECLARE CURSOR WITH HOLD in a transaction block is not supported on this warehouse")
	}
	// The cursor gets a statement of its own, which it closes with itself,
	// so the DECLARE statement can run again.
	var declared *preparedStatement
	var err error
	if c.catalog {
		declared, err = e.prepareMirrorSQL(ctx, c.query, p.stmt.paramOIDs)
	} else {
		declared, err = e.prepareWarehouse(ctx, c.query, p.stmt.paramOIDs)
	}
	if err != nil {
		return nil, err
	}
	if c.postgresColumns != nil {
		e.setPostgresColumns(declared, c.postgresColumns)
	}
	formats := make([]int16, len(declared.columns))
	if c.binary {
		for i := range formats {
			formats[i] = 1
		}
	}
	cursor := &portal{stmt: declared, args: p.args, formats: formats, cursor: c, inBlock: true}
	var rows providers.Rows
	if ms, ok := declared.stmt.(*mirrorStatement); ok {
		// NOTE: a catalog cursor's rows are encoded when it is declared,
		// in its BINARY or text format, which a FETCH in the extended
		// protocol gets whatever result formats it binds.
		rows, err = e.executeMirror(ctx, ms, p.rawParams, formats)
	} else {
		rows, err = e.provider.Execute(ctx, declared.stmt, p.args)
		if err == nil {
			rows = e.convertResult(declared, rows)
		}
	}
	if err != nil {
		declared.close()
		return nil, err
	}
	cursor.rows = rows
	e.portals[c.name] = cursor
	return &staticRows{tag: "DECLARE CURSOR"}, nil
}

// fetchRows passes over skip rows of a cursor and then reads up to left
// rows (all when left is -1). MOVE reads them without returning them.
type fetchRows struct {
	engine *engine
	cursor *portal
	skip   int64
	left   int64
	move   bool
	count  int64
	err    error
}

func (f *fetchRows) Next() bool {
	for f.left != 0 {
		c := f.cursor
		if c.done || c.rows == nil {
			return false
		}
		if !c.rows.Next() {
			f.err = f.engine.finishCursor(c)
			return false
		}
		c.position++
		if f.skip > 0 {
			f.skip--
			continue
		}
		f.count++
		if f.left > 0 {
			f.left--
		}
		if !f.move {
			return true
		}
	}
	return false
}

// finishCursor records the end of a cursor's rows and returns their error.
func (e *engine) finishCursor(c *portal) error {
	err := c.rows.Err()
	c.tag = c.rows.CommandTag()
	c.rows.Close()
	c.done = true
	return err
}

func (f *fetchRows) Values() []any { return f.cursor.rows.Values() }

// ResultColumns returns the columns of the cursor's rows, or none for
// MOVE.
func (f *fetchRows) ResultColumns() []providers.Column {
	if f.move {
		return nil
	}
	if reporter, ok := f.cursor.rows.(providers.ResultColumns); ok {
		return reporter.ResultColumns()
	}
	return f.cursor.stmt.columns
}
func (f *fetchRows) Err() error   { return f.err }
func (f *fetchRows) Close() error { return nil }

func (f *fetchRows) CommandTag() string {
	if f.move {
		return fmt.Sprintf("MOVE %d", f.count)
	}
	return fmt.Sprintf("FETCH %d", f.count)
}

// closePortals closes the portals for which drop reports true.
func (e *engine) closePortals(drop func(*portal) bool) {
	for name, p := range e.portals {
		if drop(p) {
			e.closePortal(name)
		}
	}
}

// endTransaction closes the portals that end with the transaction: all but
// WITH HOLD cursors, and after a rollback also the WITH HOLD cursors
// declared inside the transaction block.
func (e *engine) endTransaction(rollback bool) {
	e.closePortals(func(p *portal) bool {
		if p.cursor == nil || !p.cursor.hold {
			return true
		}
		return rollback && p.inBlock
	})
	for _, p := range e.portals {
		p.inBlock = false
	}
	e.savepoints = nil
	e.txStart = time.Time{}
	e.endSettings(rollback)
}

// setSimpleFormats makes the result of a FETCH from a BINARY cursor binary
// in a simple Query, as PostgreSQL does. Other results of a simple Query
// are text.
func (e *engine) setSimpleFormats(p *portal) {
	c := p.stmt.cursor
	if c == nil || c.verb != "FETCH" {
		return
	}
	if cursor, ok := e.portals[c.name]; ok && cursor.cursor != nil && cursor.cursor.binary {
		for i := range p.formats {
			p.formats[i] = 1
		}
	}
}
