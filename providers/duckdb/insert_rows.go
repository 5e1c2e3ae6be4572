package duckdb

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unsafe"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// InsertRows runs an INSERT ... VALUES of one row of parameters for every
// row of args through a DuckDB query appender. The appender holds the
// rows as a table, copyRowsTable, and runs the INSERT once as INSERT ...
// SELECT from it, with each $n replaced by the table's column pn.
//
// Execute of a many-row INSERT is slower because DuckDB plans a prepared
// statement again whenever a bound value's type differs from the type it
// inferred for the parameter. A NULL, a text value for a numeric column
// and an int64 for an int4 column all differ.
//
// The appended columns take the types that Execute binds the values as,
// so the INSERT converts them as it converts bound parameters, and the
// table's defaults and constraints apply as they do to Execute.
func (s *session) InsertRows(ctx context.Context, stmt providers.Statement, args []any) error {
	st, ok := stmt.(*statement)
	if !ok || st.session != s || s.readOnly || s.rejectChanges {
		return providers.ErrRowsNotInsertable
	}
	query, ok := insertSelectQuery(st)
	if !ok {
		return providers.ErrRowsNotInsertable
	}
	types, ok := appendedTypes(st, args)
	if !ok {
		return providers.ErrRowsNotInsertable
	}

	if err := ctx.Err(); err != nil {
		return convertError(err)
	}
	if err := s.beginChanges(ctx, st.kind); err != nil {
		return err
	}
	if err := s.checkSnapshot(); err != nil {
		return err
	}
	c, err := s.insertConn(st)
	if err != nil {
		return err
	}
	if c == nil {
		return providers.ErrRowsNotInsertable
	}
	if _, err := s.applySettings(c); err != nil {
		return err
	}

	err = s.appendRows(ctx, c, query, types, args)
	if c == s.txConn() {
		s.noteTransaction(st.kind, err)
	} else if err == nil {
		s.db.commits.Add(1)
	}
	return err
}

// insertConn returns the connection that runs the rows of st: the
// transaction's, or an idle one. It returns nil for a table with a
// foreign key to itself, whose errors Execute converts (selfReferenceError).
func (s *session) insertConn(st *statement) (*conn, error) {
	var c *conn
	var err error
	if s.tx != nil {
		c, err = s.transactionConn(st.kind)
	} else {
		c, err = s.idle()
	}
	if err != nil || s.changesSelfReferencing(c, st) {
		return nil, err
	}
	return c, nil
}

// copyRowsTable is the name of the appended rows in the INSERT ... SELECT.
const copyRowsTable = "pgway_copy_rows"

// insertValues matches an INSERT of one VALUES row, as the DuckDB
// dialect writes it.
var insertValues = regexp.MustCompile(`(?s)^INSERT INTO (.+?) VALUES \((.*)\)$`)

// insertSelectQuery rewrites st, an INSERT INTO t (columns) VALUES (...)
// of one row, as INSERT INTO t (columns) SELECT ... FROM copyRowsTable.
// ok is false for any other statement.
func insertSelectQuery(st *statement) (query string, ok bool) {
	if bindings.StatementType(st.kind) != bindings.StatementTypeInsert || st.returning {
		return "", false
	}
	m := insertValues.FindStringSubmatch(st.sql)
	if m == nil {
		return "", false
	}
	values, ok := replaceParams(m[2], len(st.params))
	if !ok {
		return "", false
	}
	return "INSERT INTO " + m[1] + " SELECT " + values + " FROM " + copyRowsTable, true
}

// replaceParams replaces each parameter $n outside quotes in the values
// of one row with the column pn of copyRowsTable. ok is false when the
// text has more than one row, unbalanced quotes or brackets, a
// backslash, which may escape a quote in an E'...' literal, or a parameter
// beyond params.
func replaceParams(values string, params int) (string, bool) {
	if strings.Contains(values, `\`) {
		return "", false
	}
	var out strings.Builder
	depth := 0
	for i := 0; i < len(values); i++ {
		ch := values[i]
		switch {
		case ch == '\'' || ch == '"':
			end := strings.IndexByte(values[i+1:], ch)
			if end < 0 {
				return "", false
			}
			// A doubled quote inside the literal reads as two literals
			// side by side, which are copied alike.
			out.WriteString(values[i : i+end+2])
			i += end + 1
			continue
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth < 0 {
				return "", false
			}
		case ch == '$':
			j := i + 1
			for j < len(values) && values[j] >= '0' && values[j] <= '9' {
				j++
			}
			var n int
			if _, err := fmt.Sscanf(values[i+1:j], "%d", &n); err != nil || n < 1 || n > params {
				return "", false
			}
			fmt.Fprintf(&out, "%s.p%d", copyRowsTable, n)
			i = j - 1
			continue
		}
		out.WriteByte(ch)
	}
	if depth != 0 {
		return "", false
	}
	return out.String(), true
}

// appendedTypes returns the DuckDB type of each appended column: the
// type that Execute binds its values as (rows.bind). ok is false when a
// column's values are of more than one Go type or of a type that bind
// rejects. A column of NULLs only is VARCHAR.
func appendedTypes(st *statement, args []any) (types []bindings.Type, ok bool) {
	n := len(st.params)
	if n == 0 || len(args)%n != 0 {
		return nil, false
	}
	types = make([]bindings.Type, n)
	for i, arg := range args {
		var t bindings.Type
		switch arg.(type) {
		case nil:
			continue
		case bool:
			t = bindings.TypeBoolean
		case int64:
			t = bindings.TypeBigInt
		case float64:
			t = bindings.TypeDouble
		case string:
			t = bindings.TypeVarchar
		case []byte:
			t = bindings.TypeBlob
		case time.Time:
			t = timeType(st.paramTypes[i%n])
		default:
			return nil, false
		}
		if types[i%n] != bindings.TypeInvalid && types[i%n] != t {
			return nil, false
		}
		types[i%n] = t
	}
	for i, t := range types {
		if t == bindings.TypeInvalid {
			types[i] = bindings.TypeVarchar
		}
	}
	return types, true
}

// timeType returns the type that bindTime binds a time.Time as, for a
// parameter of DuckDB's type param.
func timeType(param bindings.Type) bindings.Type {
	switch param {
	case bindings.TypeDate, bindings.TypeTimestampTZ:
		return param
	}
	return bindings.TypeTimestamp
}

// appendRows runs query on c with args as the rows of copyRowsTable.
func (s *session) appendRows(ctx context.Context, c *conn, query string, types []bindings.Type, args []any) error {
	logical := make([]bindings.LogicalType, len(types))
	names := make([]string, len(types))
	for i, t := range types {
		logical[i] = bindings.CreateLogicalType(t)
		names[i] = fmt.Sprintf("p%d", i+1)
	}
	defer func() {
		for i := range logical {
			bindings.DestroyLogicalType(&logical[i])
		}
	}()
	var appender bindings.Appender
	state := bindings.AppenderCreateQuery(c.handle, query, logical, copyRowsTable, names, &appender)
	defer bindings.AppenderDestroy(&appender)
	if state == bindings.StateError {
		return appenderError(appender)
	}

	chunk := bindings.CreateDataChunk(logical)
	defer bindings.DestroyDataChunk(&chunk)
	size := int(bindings.VectorSize())
	rows := len(args) / len(types)
	for start := 0; start < rows; start += size {
		bindings.DataChunkReset(chunk)
		n := min(size, rows-start)
		for col, t := range types {
			vec := bindings.DataChunkGetVector(chunk, bindings.IdxT(col))
			for row := range n {
				setVectorValue(vec, t, row, args[(start+row)*len(types)+col])
			}
		}
		bindings.DataChunkSetSize(chunk, bindings.IdxT(n))
		if bindings.AppendDataChunk(appender, chunk) == bindings.StateError {
			return appenderError(appender)
		}
	}

	s.setRunning(c, true)
	stop := context.AfterFunc(ctx, func() { bindings.Interrupt(c.handle) })
	state = bindings.AppenderClose(appender)
	stop()
	s.setRunning(c, false)
	if state == bindings.StateError {
		if ctx.Err() != nil {
			return convertError(ctx.Err())
		}
		return appenderError(appender)
	}
	return nil
}

// setVectorValue writes v, nil or of the Go type that t was chosen for
// (appendedTypes), to row of vec.
func setVectorValue(vec bindings.Vector, t bindings.Type, row int, v any) {
	if v == nil {
		bindings.VectorEnsureValidityWritable(vec)
		bindings.ValiditySetRowInvalid(bindings.VectorGetValidity(vec), bindings.IdxT(row))
		return
	}
	data := bindings.VectorGetData(vec)
	switch t {
	case bindings.TypeBoolean:
		*(*bool)(unsafe.Add(data, row)) = v.(bool)
	case bindings.TypeBigInt:
		*(*int64)(unsafe.Add(data, 8*row)) = v.(int64)
	case bindings.TypeDouble:
		*(*float64)(unsafe.Add(data, 8*row)) = v.(float64)
	case bindings.TypeVarchar:
		bindings.VectorAssignStringElement(vec, bindings.IdxT(row), v.(string))
	case bindings.TypeBlob:
		bindings.VectorAssignStringElementLen(vec, bindings.IdxT(row), v.([]byte))
	case bindings.TypeDate:
		days := math.Floor(float64(v.(time.Time).Unix()) / 86400)
		*(*int32)(unsafe.Add(data, 4*row)) = int32(days)
	default: // TIMESTAMP and TIMESTAMPTZ, in microseconds
		*(*int64)(unsafe.Add(data, 8*row)) = v.(time.Time).UnixMicro()
	}
}

// appenderError converts the appender's error as Execute converts the
// same statement's. DuckDB's appender replaces the error type's prefix of
// the message, such as "Constraint Error: ", with "Failed to append: ".
func appenderError(appender bindings.Appender) error {
	data := bindings.AppenderErrorData(appender)
	defer bindings.DestroyErrorData(&data)
	typ := duckdb.ErrorType(bindings.ErrorDataErrorType(data))
	message := strings.TrimPrefix(bindings.ErrorDataMessage(data), "Failed to append: ")
	for prefix, t := range errorTypes {
		if t == typ && !strings.HasPrefix(message, prefix+": ") {
			message = prefix + ": " + message
			break
		}
	}
	return convertError(&duckdb.Error{Type: typ, Msg: message})
}
