package proxy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"pgway/providers"
	"pgway/translate"
)

// The max rows and parameters of one INSERT of COPY FROM STDIN. One
// INSERT of many rows pays the cost of translating, binding and planning
// a statement once for all of them, but DuckDB plans a long VALUES list
// more slowly per row. In a \copy of 100,000 rows of three columns,
// pgway used 4.8 to 5.3 CPU seconds with 30 to 300 rows per INSERT, 7.1
// with 1,000 and 38 with one (a loaded 2-core machine, so these are
// rough figures).
const (
	maxCopyBatchRows   = 200
	maxCopyBatchParams = 10000
)

// copyBatch collects the decoded rows of a COPY FROM STDIN and inserts
// them with one INSERT ... VALUES (...), (...) per batch.
type copyBatch struct {
	table   string
	columns []providers.Column
	parser  *copyFromParser
	// statements are the prepared INSERTs by their number of rows.
	statements map[int]*preparedStatement
	args       []any
	rows       int
	// line and record are the line number and text of the last row
	// added, for the CONTEXT of an error.
	line   int
	record string
	// replay keeps the rows to find the one whose error a batch raised,
	// or is nil.
	replay *copyReplay
	// lines and records are the line and text of each row of the batch,
	// and inserted counts the rows of earlier batches, for
	// findRowInBatch. fresh is set when the COPY's transaction changed
	// nothing before it.
	lines    []int
	records  []string
	inserted int
	fresh    bool
	// inserter inserts a batch at once with row, the INSERT of one row,
	// where the provider can (insertRows). It is nil otherwise.
	inserter providers.RowInserter
	row      *preparedStatement
}

// batchRows returns the number of rows that fills a batch.
func (b *copyBatch) batchRows() int {
	if b.inserter != nil {
		return max(1, min(maxInsertRowsBatch, maxInsertRowsParams/max(1, len(b.columns))))
	}
	return max(1, min(maxCopyBatchRows, maxCopyBatchParams/max(1, len(b.columns))))
}

// add appends the parameters of one row, and inserts the batch when it
// is full.
func (b *copyBatch) add(ctx context.Context, e *engine, args []any) error {
	b.args = append(b.args, args...)
	b.rows++
	b.line, b.record = b.parser.line, b.parser.record
	b.lines, b.records = append(b.lines, b.line), append(b.records, b.record)
	b.replay = b.replay.keep(args, b.line, b.record)
	if b.rows < b.batchRows() {
		return nil
	}
	return b.flush(ctx, e)
}

// flush inserts the rows of the batch.
func (b *copyBatch) flush(ctx context.Context, e *engine) error {
	if b.rows == 0 {
		return nil
	}
	if b.inserter != nil {
		return b.insertRows(ctx, e)
	}
	insert, err := b.statement(ctx, e, b.rows)
	if err != nil {
		return err
	}
	rows, err := e.start(ctx, &portal{stmt: insert, args: b.args})
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	return b.settle(ctx, e, err)
}

// rowError adds the row's line as CONTEXT to the error of a batch of one
// row, args, as PostgreSQL reports a row that breaks a constraint.
// NOTE: the error of a larger batch gets no CONTEXT where neither
// findFailedRow nor findRowInBatch can find its row, such as a duplicate
// of a key of an earlier batch past maxCopyReplayRows rows.
func (b *copyBatch) rowError(err error) error {
	if b.rows != 1 {
		return err
	}
	var pgErr *pgError
	var provErr *providers.Error
	switch {
	case errors.As(err, &pgErr):
		withContext := *pgErr
		pgErr = &withContext
	case errors.As(err, &provErr):
		pgErr = &pgError{Severity: "ERROR", Code: provErr.Code, Message: provErr.Message,
			Detail: provErr.Detail, Hint: provErr.Hint}
	default:
		return err
	}
	switch pgErr.Code {
	case "23503":
		// PostgreSQL checks foreign keys after the last row, outside
		// the COPY's error context.
		return pgErr
	case "23505":
		// PostgreSQL checks unique keys when it flushes its buffer of
		// rows, and then names the line without its text.
		// NOTE: a table with a volatile default, such as
		// clock_timestamp(), is not buffered, and PostgreSQL shows the
		// text there too.
		pgErr.Where = fmt.Sprintf("COPY %s, line %d", b.parser.relation, b.line)
		return pgErr
	}
	if i, ok := b.dataErrorColumn(pgErr, b.args); ok {
		pgErr.Where = fmt.Sprintf("COPY %s, line %d, column %s: %s", b.parser.relation, b.line,
			b.columns[i].Name, quoteCopyData(b.args[i].(string)))
		return pgErr
	}
	pgErr.Where = fmt.Sprintf("COPY %s, line %d: %s", b.parser.relation, b.line, quoteCopyData(b.record))
	return pgErr
}

// statement returns the prepared INSERT of rows rows into the columns.
func (b *copyBatch) statement(ctx context.Context, e *engine, rows int) (*preparedStatement, error) {
	if st, ok := b.statements[rows]; ok {
		return st, nil
	}
	names := make([]string, len(b.columns))
	params := make([]string, len(b.columns))
	values := make([]string, rows)
	var oids []uint32
	for r := range values {
		for i, column := range b.columns {
			names[i] = translate.QuoteIdentifier(column.Name)
			params[i] = fmt.Sprintf("$%d", r*len(b.columns)+i+1)
			oids = append(oids, column.TypeOID)
		}
		values[r] = "(" + strings.Join(params, ", ") + ")"
	}
	sql := "INSERT INTO " + b.table + " (" + strings.Join(names, ", ") + ") VALUES " + strings.Join(values, ", ")
	st, err := e.prepareCopySQL(ctx, sql, oids)
	if err != nil {
		return nil, err
	}
	b.statements[rows] = st
	return st, nil
}

func (b *copyBatch) close() {
	for _, st := range b.statements {
		st.close()
	}
}

// checkCopyInsert runs an INSERT of no rows, which fails as the COPY
// would, in a read-only session or transaction.
func (e *engine) checkCopyInsert(ctx context.Context, table string, columns []providers.Column) error {
	names := make([]string, len(columns))
	nulls := make([]string, len(columns))
	for i, column := range columns {
		names[i] = translate.QuoteIdentifier(column.Name)
		nulls[i] = "NULL"
	}
	sql := "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") SELECT " + strings.Join(nulls, ", ") + " WHERE false"
	probe, err := e.prepareCopySQL(ctx, sql, nil)
	if err != nil {
		return err
	}
	defer probe.close()
	rows, err := e.start(ctx, &portal{stmt: probe})
	if err != nil {
		return readOnlyError(err, "COPY FROM")
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

// prepareCopySQL translates and prepares one INSERT of COPY FROM.
func (e *engine) prepareCopySQL(ctx context.Context, sql string, oids []uint32) (*preparedStatement, error) {
	statements, err := e.translate(sql)
	if err != nil {
		return nil, err
	}
	if len(statements) != 1 {
		return nil, fmt.Errorf("COPY FROM: %d statements for one INSERT", len(statements))
	}
	return e.prepare(ctx, statements[0], oids)
}

// decodeCopyRow decodes the fields of one row, with nil for NULL, as the
// parameters of the one-row INSERT row. An input error gets the column
// and value as CONTEXT.
func (e *engine) decodeCopyRow(row *preparedStatement, parser *copyFromParser, fields []*string) ([]any, error) {
	values := make([][]byte, len(fields))
	for i, field := range fields {
		if field != nil {
			values[i] = []byte(*field)
		}
	}
	args, err := e.decodeParams(row, nil, values)
	var pgErr *pgError
	if err == nil || !errors.As(err, &pgErr) {
		return args, err
	}
	for i, value := range values {
		if value == nil {
			continue
		}
		if _, fieldErr := e.decodeParam(row.paramOIDs[i], 0, value); fieldErr != nil {
			withContext := *pgErr
			return nil, parser.columnError(&withContext, i, fields[i])
		}
	}
	return nil, err
}

// flushBefore returns the error of a line that pgway could not read or
// convert, or the error of a row before it. PostgreSQL checks NOT NULL,
// CHECK and the other row errors line by line, so those of an earlier
// line of the batch come first. It checks unique keys only when it
// flushes its buffer of rows and foreign keys after the last row, so the
// line's own error comes before those.
// NOTE: PostgreSQL's buffer holds 1,000 rows or 64 kB; a duplicate key
// in an earlier buffer than the line's is reported first there.
func (b *copyBatch) flushBefore(ctx context.Context, e *engine, lineErr error) error {
	err := b.flush(ctx, e)
	if err == nil {
		return lineErr
	}
	var pgErr *pgError
	var provErr *providers.Error
	switch {
	case errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "23503"),
		errors.As(err, &provErr) && (provErr.Code == "23505" || provErr.Code == "23503"):
		return lineErr
	}
	return err
}

// settle ends a flush: it empties the batch after the rows went in, and
// after an error finds the row that failed for the error's CONTEXT.
func (b *copyBatch) settle(ctx context.Context, e *engine, err error) error {
	switch {
	case err != nil && b.rows > 1:
		return b.findFailedRow(ctx, e, readOnlyError(err, "COPY FROM"))
	case err != nil:
		return b.rowError(readOnlyError(err, "COPY FROM"))
	}
	b.inserted += b.rows
	b.args = b.args[:0]
	b.rows = 0
	b.lines, b.records = b.lines[:0], b.records[:0]
	return nil
}
