package proxy

import (
	"context"

	"pgway/providers"
)

// maxCopyReplayRows bounds the rows of a COPY FROM STDIN that pgway
// keeps to find the row of an error that a batch of rows raised.
const maxCopyReplayRows = 10000

// copyRow is one decoded row of a COPY FROM STDIN, with its line and
// text for the CONTEXT of an error.
type copyRow struct {
	args   []any
	line   int
	record string
}

// copyReplay keeps the rows of a COPY FROM STDIN that began its warehouse
// transaction. When a batch of several rows fails, the warehouse does not
// tell which row failed, so the COPY rolls the transaction back and
// inserts the rows again one at a time. The first row that fails then
// names its line in the CONTEXT, as PostgreSQL's does.
type copyReplay struct {
	tx   providers.Transactor
	rows []copyRow
}

// newCopyReplay returns the replay of a COPY that starts now, or nil
// where rolling back would undo more than the COPY's rows: in a
// transaction block or after earlier changes of the query string.
func (e *engine) newCopyReplay() *copyReplay {
	tx, ok := e.provider.(providers.Transactor)
	if !ok || e.txStatus != 'I' || tx.InTransaction() {
		return nil
	}
	return &copyReplay{tx: tx}
}

// keep adds a row, and gives up on the replay past maxCopyReplayRows.
func (r *copyReplay) keep(args []any, line int, record string) *copyReplay {
	if r == nil || len(r.rows) >= maxCopyReplayRows {
		return nil
	}
	r.rows = append(r.rows, copyRow{args: args, line: line, record: record})
	return r
}

// findFailedRow rolls back the rows inserted so far and inserts them
// again one at a time. It returns the error of the first row that fails,
// with its line as CONTEXT, or batchErr if the rows cannot be replayed or
// all of them succeed one at a time.
func (b *copyBatch) findFailedRow(ctx context.Context, e *engine, batchErr error) error {
	r := b.replay
	b.replay = nil
	if r == nil || !r.tx.InTransaction() {
		return b.findRowInBatch(ctx, e, batchErr)
	}
	if err := r.tx.Rollback(ctx); err != nil {
		return batchErr
	}
	insert, err := b.statement(ctx, e, 1)
	if err != nil {
		return batchErr
	}
	for _, row := range r.rows {
		rows, err := e.start(ctx, &portal{stmt: insert, args: row.args})
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err != nil {
			b.args, b.rows, b.line, b.record = row.args, 1, row.line, row.record
			return b.rowError(readOnlyError(err, "COPY FROM"))
		}
	}
	// One row at a time, every row went in, so the rows inserted now
	// must not stay: the COPY fails with the batch's error.
	if err := r.tx.Rollback(ctx); err != nil {
		return err
	}
	return batchErr
}
