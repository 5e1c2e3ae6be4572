package proxy

import (
	"context"
	"errors"

	"pgway/providers"
)

// The max rows and parameters of one batch of COPY FROM STDIN on a
// provider that inserts a batch at once (providers.RowInserter). DuckDB
// plans the INSERT once per batch, so larger batches cost less CPU time,
// but the batch's decoded values stay in memory until it is inserted.
const (
	maxInsertRowsBatch  = 16384
	maxInsertRowsParams = 262144
)

// useRowInserter makes the batch insert its rows with the provider's
// InsertRows and row, the prepared INSERT of one row, where the provider
// has it.
func (b *copyBatch) useRowInserter(e *engine, row *preparedStatement) {
	if inserter, ok := e.provider.(providers.RowInserter); ok {
		b.inserter, b.row = inserter, row
	}
}

// insertRows inserts the batch with the provider's InsertRows. Where the
// provider cannot insert this batch at once, the batch and the ones after
// it go through INSERT statements of up to batchRows rows.
func (b *copyBatch) insertRows(ctx context.Context, e *engine) error {
	err := b.inserter.InsertRows(ctx, b.row.stmt, b.args)
	if errors.Is(err, providers.ErrRowsNotInsertable) {
		b.inserter = nil
		return b.flushInBatches(ctx, e)
	}
	return b.settle(ctx, e, err)
}

// flushInBatches inserts the rows of the batch in INSERT statements of up
// to batchRows rows each.
func (b *copyBatch) flushInBatches(ctx context.Context, e *engine) error {
	args, rows := b.args, b.rows
	width := len(args) / rows
	per := b.batchRows()
	for start := 0; start < rows; start += per {
		n := min(per, rows-start)
		b.args, b.rows = args[start*width:(start+n)*width], n
		if err := b.flush(ctx, e); err != nil {
			return err
		}
	}
	b.args, b.rows = args[:0], 0
	return nil
}
