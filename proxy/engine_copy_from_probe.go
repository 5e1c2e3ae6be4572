package proxy

import (
	"context"
	"errors"
	"strings"

	"pgway/providers"
)

// findRowInBatch returns batchErr with the line of the batch's row that
// raised it as CONTEXT, where findFailedRow cannot replay the rows. The
// provider inserts the batch's rows on their own (FailedRowFinder),
// without the rows of earlier batches or the changes of the transaction
// block. So the row it finds counts only for the COPY's first batch in a
// transaction that changed nothing before it (fresh), or for an error
// that depends on the row alone. Otherwise the error stays without
// CONTEXT.
// NOTE: a row-local error is still taken when an earlier row of the batch
// duplicates a key of an earlier batch, which PostgreSQL may report
// first.
func (b *copyBatch) findRowInBatch(ctx context.Context, e *engine, batchErr error) error {
	finder, ok := e.provider.(providers.FailedRowFinder)
	if !ok || b.inserter == nil || len(b.lines) != b.rows {
		return batchErr
	}
	code := errorSQLState(batchErr)
	if !(b.fresh && b.inserted == 0) && !rowLocalSQLState(code) {
		return batchErr
	}
	if tx, ok := e.provider.(providers.Transactor); ok && b.fresh && e.txStatus == 'I' && tx.InTransaction() {
		// The COPY's own transaction is aborted and no longer needed.
		if err := tx.Rollback(ctx); err != nil {
			return batchErr
		}
	}
	i, err := finder.FindFailedRow(ctx, b.row.stmt, b.args)
	if i < 0 || errorSQLState(err) != code {
		return batchErr
	}
	width := len(b.args) / b.rows
	b.args, b.rows, b.line, b.record = b.args[i*width:(i+1)*width], 1, b.lines[i], b.records[i]
	return b.rowError(readOnlyError(err, "COPY FROM"))
}

// blockUnchanged reports whether a transaction block is open that has
// changed nothing yet, so that its data are the committed data.
// NOTE: a REPEATABLE READ block reads the data of its snapshot, which
// later commits of other sessions may have changed.
func (e *engine) blockUnchanged() bool {
	tx, ok := e.provider.(providers.Transactor)
	return ok && e.txStatus == 'T' && tx.Savepoint() == 0
}

// rowLocalSQLState reports whether an error of COPY FROM with code
// depends on its row alone: a NOT NULL or CHECK constraint, or an invalid
// value (class 22).
func rowLocalSQLState(code string) bool {
	return code == "23502" || code == "23514" || strings.HasPrefix(code, "22")
}

// errorSQLState returns the SQLSTATE of a pgError or providers.Error, or
// "".
func errorSQLState(err error) string {
	var pgErr *pgError
	var provErr *providers.Error
	switch {
	case errors.As(err, &pgErr):
		return pgErr.Code
	case errors.As(err, &provErr):
		return provErr.Code
	}
	return ""
}
