package proxy

import (
	"context"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/providers"
	"pgway/translate"
)

// simpleQuery runs a Query message: each statement of the query string in
// turn, with text results, stopping at the first error, then
// ReadyForQuery. Outside a block they run in one implicit transaction.
func (e *engine) simpleQuery(body []byte) error {
	var msg pgproto3.Query
	if err := msg.Decode(body); err != nil {
		return errProtocolViolation("invalid Query message: %v", err)
	}
	e.noteQuery(msg.String)
	// A Query closes the unnamed statement and portal, as in PostgreSQL.
	e.closePortal("")
	if st, ok := e.statements[""]; ok {
		st.close()
		delete(e.statements, "")
	}

	statements, err := e.translate(msg.String)
	if err != nil {
		return e.finishSimpleQuery(err)
	}
	e.implicit.block, e.implicit.single = len(statements) > 1, len(statements) == 1
	if tx, ok := e.provider.(providers.Transactor); ok && e.implicit.single {
		// A warehouse statement outside a transaction is one already.
		tx.SetImplicit(false)
	}
	if len(statements) == 0 {
		if err := e.s.client.send(&pgproto3.EmptyQueryResponse{}); err != nil {
			return err
		}
	}
	for i := 0; i < len(statements); i++ {
		if err := e.runSimple(statements[i]); err != nil {
			return e.finishSimpleQuery(err)
		}
		if i == len(statements)-1 || statements[i].Kind != translate.KindSession && !e.relationsChanged() {
			continue
		}
		// A session command may change the values that translate folds
		// into the statements after it, such as current_setting(), and
		// DDL the column types that the dialect reads.
		if statements, err = e.translate(msg.String); err != nil {
			return e.finishSimpleQuery(err)
		}
	}
	return e.finishSimpleQuery(nil)
}

// finishSimpleQuery reports the error that ended a Query, if any, ends
// the Query's implicit transaction and sends ReadyForQuery.
func (e *engine) finishSimpleQuery(err error) error {
	if err != nil {
		if err := e.reportError(err); err != nil {
			return err
		}
	}
	if err := e.endImplicit(); err != nil {
		if err := e.reportError(err); err != nil {
			return err
		}
	}
	e.endStatement()
	return e.s.sendAndFlush(&pgproto3.ReadyForQuery{TxStatus: e.txStatus})
}

// runSimple prepares and runs one statement of a simple Query.
func (e *engine) runSimple(ts translate.Statement) error {
	ctx, done := e.startStatement()
	defer done()
	st, err := e.prepare(ctx, ts, nil)
	if err != nil {
		return err
	}
	defer st.close()
	if len(st.paramOIDs) > 0 {
		return errStatement("08P01", "a query with parameters needs the extended protocol")
	}
	p := &portal{stmt: st, formats: make([]int16, len(st.columns))}
	e.setSimpleFormats(p)
	defer closeRows(p)
	return e.runSimplePortal(ctx, p)
}

func (e *engine) runSimplePortal(ctx context.Context, p *portal) error {
	if p.stmt.empty {
		return nil
	}
	if p.stmt.copy != nil {
		return e.runCopy(ctx, p)
	}
	rows, err := e.start(ctx, p)
	if err != nil {
		return err
	}
	p.rows = rows
	// A simple Query describes its result after it starts, so it can give
	// the types the warehouse resolved only at execution.
	if reporter, ok := rows.(providers.ResultColumns); ok && len(reporter.ResultColumns()) == len(p.stmt.columns) {
		p.stmt.columns = reporter.ResultColumns()
	}
	if len(p.stmt.columns) > 0 || p.stmt.noColumns {
		if err := e.sendPortalColumns(p); err != nil {
			return err
		}
	}
	return e.runPortal(ctx, p, 0)
}

func closeRows(p *portal) {
	if p.rows != nil && !p.done {
		p.rows.Close()
	}
}
