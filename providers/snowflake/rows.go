package snowflake

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math/big"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/jackc/pgx/v5/pgtype"
	sf "github.com/snowflakedb/gosnowflake"

	"pgway/providers"
	"pgway/providers/geometry"
	"pgway/providers/jsonb"
)

// prefetchChunks is the number of result chunks fetched ahead of the one
// the client reads. A result holds at most prefetchChunks+2 chunks in
// memory: those waiting in the channel, the one being downloaded and the
// one being read.
const prefetchChunks = 2

// fetched is one downloaded chunk, or the error of its download.
type fetched struct {
	batch   *sf.ArrowBatch
	records *[]arrow.Record
	err     error
}

// rows streams a result chunk by chunk. A goroutine downloads chunks in
// order into a channel of prefetchChunks, so it stays at most that many
// chunks ahead of Next.
type rows struct {
	ctx     context.Context
	done    func() // ends ctx and the session's tracking of it
	driver  driver.Rows
	columns []column

	chunks  chan fetched
	current fetched
	record  int // index in current.records
	row     int // index in the current record

	values []any
	count  int64
	err    error
	closed bool
}

func newRows(ctx context.Context, done func(), driverRows driver.Rows, columns []column) (*rows, error) {
	sfRows, ok := driverRows.(sf.SnowflakeRows)
	if !ok {
		driverRows.Close()
		return nil, fmt.Errorf("snowflake: the driver's rows do not stream Arrow batches")
	}
	batches, err := sfRows.GetArrowBatches()
	if err != nil {
		driverRows.Close()
		return nil, convertError(err)
	}
	r := &rows{ctx: ctx, done: done, driver: driverRows, columns: columns,
		chunks: make(chan fetched, prefetchChunks), values: make([]any, len(columns))}
	go r.download(batches)
	return r, nil
}

// download fetches each batch in order. It stops at the first error or
// when the rows are closed.
func (r *rows) download(batches []*sf.ArrowBatch) {
	defer close(r.chunks)
	for i, batch := range batches {
		batches[i] = nil
		records, err := batch.WithContext(r.ctx).Fetch()
		select {
		case r.chunks <- fetched{batch: batch, records: records, err: err}:
		case <-r.ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

// ResultColumns returns the columns of the executed query, which may
// differ from those Prepare described when a type depends on the
// parameters' values.
func (r *rows) ResultColumns() []providers.Column {
	columns := make([]providers.Column, len(r.columns))
	for i, c := range r.columns {
		columns[i] = c.Column
	}
	return columns
}

func (r *rows) Next() bool {
	if r.closed || r.err != nil {
		return false
	}
	for r.current.records == nil || r.record >= len(*r.current.records) {
		if !r.nextChunk() {
			return false
		}
	}
	record := (*r.current.records)[r.record]
	for i := range r.columns {
		value, err := r.value(record, i, r.row)
		if err != nil {
			r.err = convertError(fmt.Errorf("column %q: %w", r.columns[i].Name, err))
			return false
		}
		r.values[i] = value
	}
	r.count++
	r.row++
	if r.row >= int(record.NumRows()) {
		r.record++
		r.row = 0
	}
	return true
}

// nextChunk releases the chunk that has been read and waits for the next.
func (r *rows) nextChunk() bool {
	r.releaseChunk()
	select {
	case chunk, ok := <-r.chunks:
		if !ok {
			if err := r.ctx.Err(); err != nil {
				r.err = convertError(err)
			}
			return false
		}
		if chunk.err != nil {
			r.err = convertError(chunk.err)
			return false
		}
		r.current, r.record, r.row = chunk, 0, 0
		r.skipEmpty()
		return true
	case <-r.ctx.Done():
		r.err = convertError(r.ctx.Err())
		return false
	}
}

// skipEmpty moves past records without rows.
func (r *rows) skipEmpty() {
	for r.record < len(*r.current.records) && (*r.current.records)[r.record].NumRows() == 0 {
		r.record++
	}
}

// releaseChunk frees the records of the current chunk. The driver keeps
// a reference to the slice, which is emptied so that the memory can be
// collected.
func (r *rows) releaseChunk() {
	if r.current.records == nil {
		return
	}
	for _, record := range *r.current.records {
		record.Release()
	}
	*r.current.records = nil
	r.current = fetched{}
}

func (r *rows) Values() []any { return r.values }
func (r *rows) Err() error    { return r.err }

func (r *rows) CommandTag() string { return fmt.Sprintf("SELECT %d", r.count) }

func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.done()
	r.releaseChunk()
	for chunk := range r.chunks {
		if chunk.records != nil {
			for _, record := range *chunk.records {
				record.Release()
			}
		}
	}
	return r.driver.Close()
}

// value decodes the value of column i in row of record into the Go value
// that pgtype encodes for the column's PostgreSQL type.
func (r *rows) value(record arrow.Record, i, row int) (any, error) {
	a := record.Column(i)
	if a.IsNull(row) {
		return nil, nil
	}
	c := &r.columns[i]
	switch c.sfType {
	case "FIXED":
		return fixedValue(a, row, c)
	case "REAL":
		return float64Value(a, row)
	case "BOOLEAN":
		if b, ok := a.(*array.Boolean); ok {
			return b.Value(row), nil
		}
	case "DATE":
		if d, ok := a.(*array.Date32); ok {
			return time.Unix(int64(d.Value(row))*86400, 0).UTC(), nil
		}
	case "TIME":
		return timeValue(a, row, c.scale)
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		t := r.current.batch.ArrowSnowflakeTimestampToTime(record, i, row)
		if t == nil {
			return nil, nil
		}
		if c.sfType == "TIMESTAMP_NTZ" {
			return t.UTC(), nil
		}
		return *t, nil
	case "BINARY":
		if b, ok := a.(*array.Binary); ok {
			return append([]byte(nil), b.Value(row)...), nil
		}
	case "VARIANT", "OBJECT", "ARRAY", "MAP":
		if s, ok := a.(*array.String); ok {
			return jsonbText(s.Value(row))
		}
	case "GEOGRAPHY", "GEOMETRY":
		if b, ok := a.(*array.Binary); ok {
			return geometry.ToEWKB(b.Value(row), 4326)
		}
		return nil, fmt.Errorf("%s value is not WKB: GEOGRAPHY_OUTPUT_FORMAT must be WKB", c.sfType)
	case "VECTOR":
		return vectorValue(a, row, c.TypeOID)
	default:
		if s, ok := a.(*array.String); ok {
			return s.Value(row), nil
		}
	}
	return nil, fmt.Errorf("unexpected Arrow type %s for Snowflake type %s", a.DataType(), c.sfType)
}

// fixedValue decodes a NUMBER: Snowflake sends an integer column of the
// smallest width that holds the chunk's unscaled values, or Decimal128.
func fixedValue(a arrow.Array, row int, c *column) (any, error) {
	var n *big.Int
	switch x := a.(type) {
	case *array.Int8:
		n = big.NewInt(int64(x.Value(row)))
	case *array.Int16:
		n = big.NewInt(int64(x.Value(row)))
	case *array.Int32:
		n = big.NewInt(int64(x.Value(row)))
	case *array.Int64:
		n = big.NewInt(x.Value(row))
	case *array.Decimal128:
		n = x.Value(row).BigInt()
	default:
		return nil, fmt.Errorf("unexpected Arrow type %s for NUMBER", a.DataType())
	}
	if c.TypeOID == pgtype.Int8OID {
		if !n.IsInt64() {
			return nil, fmt.Errorf("value %s is out of range for bigint", n)
		}
		return n.Int64(), nil
	}
	return pgtype.Numeric{Int: n, Exp: int32(-c.scale), Valid: true}, nil
}

func float64Value(a arrow.Array, row int) (any, error) {
	switch x := a.(type) {
	case *array.Float64:
		return x.Value(row), nil
	case *array.Float32:
		return float64(x.Value(row)), nil
	}
	return nil, fmt.Errorf("unexpected Arrow type %s for FLOAT", a.DataType())
}

// timeValue decodes a TIME, which the driver converts to nanoseconds.
func timeValue(a arrow.Array, row int, scale int64) (any, error) {
	var nanoseconds int64
	switch x := a.(type) {
	case *array.Time64:
		nanoseconds = int64(x.Value(row))
	case *array.Int64:
		nanoseconds = x.Value(row)
		for s := scale; s < 9; s++ {
			nanoseconds *= 10
		}
	default:
		return nil, fmt.Errorf("unexpected Arrow type %s for TIME", a.DataType())
	}
	return pgtype.Time{Microseconds: nanoseconds / 1000, Valid: true}, nil
}

// jsonbText returns a VARIANT, OBJECT or ARRAY value, which Snowflake
// sends as indented JSON text, in the text format of PostgreSQL's jsonb.
func jsonbText(text string) (any, error) {
	doc, err := jsonb.Normalize(text)
	if err != nil {
		return nil, fmt.Errorf("value from Snowflake: %w", err)
	}
	return doc, nil
}

// vectorValue decodes a VECTOR, a fixed-size list of INT or FLOAT.
func vectorValue(a arrow.Array, row int, oid uint32) (any, error) {
	list, ok := a.(*array.FixedSizeList)
	if !ok {
		return nil, fmt.Errorf("unexpected Arrow type %s for VECTOR", a.DataType())
	}
	start, end := list.ValueOffsets(row)
	values := list.ListValues()
	if oid == pgtype.Int4ArrayOID {
		ints, ok := values.(*array.Int32)
		if !ok {
			return nil, fmt.Errorf("unexpected Arrow type %s for VECTOR(INT)", values.DataType())
		}
		return append([]int32(nil), ints.Int32Values()[start:end]...), nil
	}
	out := make([]float64, 0, end-start)
	for j := int(start); j < int(end); j++ {
		f, err := float64Value(values, j)
		if err != nil {
			return nil, err
		}
		out = append(out, f.(float64))
	}
	return out, nil
}
