package duckdb

import (
	"context"
	"fmt"
	"math"
	"time"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// rows reads one result. A statement that returns rows is run as a
// DuckDB streaming query: DuckDB computes each chunk of about 2048 rows
// when Next needs it, so memory stays flat however many rows there are.
// Statements that return no rows are run to completion by run and only
// report their command tag.
type rows struct {
	session   *session
	statement *statement
	conn      *conn
	prepared  bindings.PreparedStatement
	// ownsPrepared is set when prepared was made for this result only.
	ownsPrepared bool

	result    bindings.Result
	hasResult bool // result is a streaming result still to be destroyed
	chunk     bindings.DataChunk
	vectors   []vector
	size      int // rows in chunk
	next      int // index in chunk of the row Next reads

	// types, columns and converters are the statement's, or those DuckDB
	// reported for the result when the statement's were unresolved.
	types      []logicalType
	columns    []providers.Column
	converters []convertFunc

	values   []any
	count    int64
	affected int64
	err      error
	closed   bool
	// notices are those of TRUNCATE ... CASCADE.
	notices []*providers.Error
}

// run binds args and starts the query.
func (r *rows) run(ctx context.Context, args []any) error {
	if err := r.bind(args); err != nil {
		return err
	}
	streaming := r.statement.returnsRows()
	var pending bindings.PendingResult
	var state bindings.State
	if streaming {
		state = bindings.PendingPreparedStreaming(r.prepared, &pending)
	} else {
		state = bindings.PendingPrepared(r.prepared, &pending)
	}
	if state == bindings.StateError {
		message := bindings.PendingError(pending)
		bindings.DestroyPending(&pending)
		return convertError(newError(message))
	}
	defer bindings.DestroyPending(&pending)

	r.session.setRunning(r.conn, true)
	stop := context.AfterFunc(ctx, func() { bindings.Interrupt(r.conn.handle) })
	state = bindings.ExecutePending(pending, &r.result)
	stop()
	r.session.setRunning(r.conn, false)
	if state == bindings.StateError {
		message := bindings.ResultError(&r.result)
		bindings.DestroyResult(&r.result)
		if ctx.Err() != nil {
			return convertError(ctx.Err())
		}
		return convertError(newError(message))
	}
	if !streaming {
		r.affected = int64(bindings.RowsChanged(&r.result))
		if bindings.StatementType(r.statement.kind) == bindings.StatementTypeCreate && bindings.ColumnCount(&r.result) == 1 {
			// CREATE TABLE AS returns the count of its rows as a result.
			r.affected = bindings.ValueInt64(&r.result, 0, 0)
		}
		bindings.DestroyResult(&r.result)
		r.closed = true
		r.release()
		return nil
	}
	if !r.statement.unresolved && !sameResultTypes(&r.result, r.statement.types) {
		// DuckDB binds a prepared statement again after its tables
		// changed, and the client has the description of Prepare.
		bindings.DestroyResult(&r.result)
		return errChangedResult
	}
	r.hasResult = true
	r.session.setBusy(r.conn, true)
	if !r.ownsPrepared {
		r.statement.busy = true
	}
	st := r.statement
	r.types, r.columns, r.converters = st.types, st.columns, st.converters
	if st.unresolved {
		r.columns, r.types, r.converters = describeResult(&r.result, st.session.db.defaultSRID)
	}
	r.values = make([]any, len(r.columns))
	return nil
}

// ResultColumns returns the columns of the result, which differ from the
// statement's when DuckDB resolved their types only at execution.
func (r *rows) ResultColumns() []providers.Column { return r.columns }

// bind binds each argument: nil, bool, int64, float64, string, []byte or
// time.Time. A time.Time is bound as the parameter's DuckDB type (DATE,
// TIMESTAMP WITH TIME ZONE or else TIMESTAMP).
func (r *rows) bind(args []any) error {
	if bindings.ClearBindings(r.prepared) == bindings.StateError {
		return convertError(fmt.Errorf("clear duckdb bindings"))
	}
	for i, arg := range args {
		index := bindings.IdxT(i + 1)
		var state bindings.State
		switch v := arg.(type) {
		case nil:
			state = bindings.BindNull(r.prepared, index)
		case bool:
			state = bindings.BindBoolean(r.prepared, index, v)
		case int64:
			state = bindings.BindInt64(r.prepared, index, v)
		case float64:
			state = bindings.BindDouble(r.prepared, index, v)
		case string:
			state = bindings.BindVarchar(r.prepared, index, v)
		case []byte:
			state = bindings.BindBlob(r.prepared, index, v)
		case time.Time:
			state = bindTime(r.prepared, index, v, r.statement.paramTypes[i])
		default:
			return convertError(fmt.Errorf("parameter $%d has unsupported type %T", i+1, arg))
		}
		if state == bindings.StateError {
			return convertError(fmt.Errorf("bind parameter $%d failed", i+1))
		}
	}
	return nil
}

func bindTime(prepared bindings.PreparedStatement, index bindings.IdxT, t time.Time, param bindings.Type) bindings.State {
	switch param {
	case bindings.TypeDate:
		days := math.Floor(float64(t.Unix()) / 86400)
		return bindings.BindDate(prepared, index, bindings.NewDate(int32(days)))
	case bindings.TypeTimestampTZ:
		return bindings.BindTimestampTZ(prepared, index, bindings.NewTimestamp(t.UnixMicro()))
	}
	return bindings.BindTimestamp(prepared, index, bindings.NewTimestamp(t.UnixMicro()))
}

func (r *rows) Next() bool {
	if !r.hasResult || r.err != nil {
		return false
	}
	for r.next >= r.size {
		if !r.fetch() {
			r.release()
			return false
		}
	}
	for i := range r.vectors {
		value, err := r.vectors[i].value(r.next)
		if err == nil && value != nil {
			value, err = r.converters[i](value)
		}
		if err != nil {
			r.err = convertError(fmt.Errorf("column %q: %w", r.columns[i].Name, err))
			r.release()
			return false
		}
		r.values[i] = value
	}
	r.next++
	r.count++
	return true
}

// fetch replaces the current chunk with the next one. It reports false at
// the end of the result or on an error, which it stores in r.err.
func (r *rows) fetch() bool {
	r.destroyChunk()
	r.session.setRunning(r.conn, true)
	r.chunk = bindings.FetchChunk(r.result)
	r.session.setRunning(r.conn, false)
	if r.chunk.Ptr == nil {
		if message := bindings.ResultError(&r.result); message != "" {
			r.err = convertError(newError(message))
			if tx := r.session.tx; tx != nil && tx.conn == r.conn {
				tx.aborted = true // DuckDB aborts the transaction
			}
		}
		return false
	}
	r.size, r.next = int(bindings.DataChunkGetSize(r.chunk)), 0
	if r.vectors == nil {
		r.vectors = make([]vector, len(r.types))
	}
	for i := range r.vectors {
		r.vectors[i] = loadVector(bindings.DataChunkGetVector(r.chunk, bindings.IdxT(i)), &r.types[i])
	}
	return true
}

func (r *rows) destroyChunk() {
	if r.chunk.Ptr != nil {
		bindings.DestroyDataChunk(&r.chunk)
	}
	r.size, r.next = 0, 0
}

// release frees the result and the connection once the rows are read or
// closed.
func (r *rows) release() {
	if r.hasResult {
		r.destroyChunk()
		bindings.DestroyResult(&r.result)
		r.hasResult = false
		r.session.setBusy(r.conn, false)
	}
	st := r.statement
	switch {
	case r.ownsPrepared:
		bindings.DestroyPrepare(&r.prepared)
		r.ownsPrepared = false
	case st.busy:
		st.busy = false
		if st.closed {
			bindings.DestroyPrepare(&st.prepared)
		}
	}
}

func (r *rows) Values() []any { return r.values }
func (r *rows) Err() error    { return r.err }

func (r *rows) CommandTag() string {
	changed := r.affected
	if r.statement.returning {
		changed = r.count
	}
	switch bindings.StatementType(r.statement.kind) {
	case bindings.StatementTypeInsert:
		return fmt.Sprintf("INSERT 0 %d", changed)
	case bindings.StatementTypeUpdate:
		return fmt.Sprintf("UPDATE %d", changed)
	case bindings.StatementTypeDelete:
		return fmt.Sprintf("DELETE %d", changed)
	case bindings.StatementTypeMergeInto:
		return fmt.Sprintf("MERGE %d", changed)
	case bindings.StatementTypeExplain:
		return "EXPLAIN"
	case bindings.StatementTypeCreate:
		if r.affected > 0 {
			// CREATE TABLE AS, whose PostgreSQL tag counts the rows.
			return fmt.Sprintf("CREATE %d", r.affected)
		}
	}
	if r.statement.kind.returnsRows() {
		return fmt.Sprintf("SELECT %d", r.count)
	}
	return r.statement.kind.tag()
}

// Close releases the result and, when nothing else uses it, the prepared
// statement it was read through.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.release()
	return nil
}

// errChangedResult is PostgreSQL's error for a prepared statement whose
// result types changed since it was prepared.
var errChangedResult = &providers.Error{Code: "0A000", Message: "cached plan must not change result type"}
