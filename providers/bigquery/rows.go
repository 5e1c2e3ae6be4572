package bigquery

import (
	"errors"
	"fmt"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"pgway/providers"
)

// rows reads a job's result through the client's RowIterator, which
// fetches one page at a time, of firstPageSize rows and then of twice as
// many as the page before, up to maxPageSize.
type rows struct {
	session *session
	run     *run
	it      *bigquery.RowIterator
	kind    statementKind
	// affected is the number of rows a DML statement changed.
	affected int64

	columns    []providers.Column
	converters []convertFunc
	row        []bigquery.Value
	values     []any
	count      int64
	err        error
	done       bool
}

// setSchema sets the columns and converters from the result's own
// schema, which the engine compares with the dry run's description.
func (r *rows) setSchema(schema bigquery.Schema) {
	r.columns, r.converters = mapSchema(schema)
}

// ResultColumns returns the columns of the result as the job produced it.
func (r *rows) ResultColumns() []providers.Column { return r.columns }

func (r *rows) Next() bool {
	if r.done {
		return false
	}
	if r.kind.tag != "SELECT" {
		return r.finish(nil)
	}
	if page := r.it.PageInfo(); r.count > 0 && page.Remaining() == 0 {
		page.MaxSize = min(2*page.MaxSize, maxPageSize)
	}
	r.session.setBusy(r.run, true)
	err := r.it.Next(&r.row)
	r.session.setBusy(r.run, false)
	if errors.Is(err, iterator.Done) {
		return r.finish(nil)
	}
	if err != nil {
		return r.finish(err)
	}
	if err := r.convert(); err != nil {
		return r.finish(err)
	}
	r.count++
	return true
}

// convert converts the current row into values that pgtype encodes.
func (r *rows) convert() error {
	if len(r.row) != len(r.converters) {
		return &providers.Error{Code: "XX000",
			Message: fmt.Sprintf("BigQuery returned a row of %d values for %d columns", len(r.row), len(r.converters))}
	}
	if r.values == nil {
		r.values = make([]any, len(r.row))
	}
	for i, v := range r.row {
		if v == nil {
			r.values[i] = nil
			continue
		}
		converted, err := r.converters[i](v)
		if err != nil {
			return &providers.Error{Code: "XX000",
				Message: fmt.Sprintf("cannot convert the value of column %q: %v", r.columns[i].Name, err), Err: err}
		}
		r.values[i] = converted
	}
	return nil
}

// finish ends the result, keeping err for Err.
func (r *rows) finish(err error) bool {
	r.done = true
	if err != nil {
		if r.run.cancelled() {
			r.err = errCanceled(err)
		} else {
			r.err = convertError(err, r.session.secrets)
		}
	}
	r.session.endRun(r.run)
	return false
}

func (r *rows) Values() []any { return r.values }
func (r *rows) Err() error    { return r.err }

func (r *rows) CommandTag() string {
	if r.kind.dml {
		return r.kind.commandTag(r.affected)
	}
	return r.kind.commandTag(r.count)
}

// Close stops reading the result. The job has finished, so there is
// nothing to cancel.
func (r *rows) Close() error {
	if !r.done {
		r.done = true
		r.session.endRun(r.run)
	}
	return nil
}
