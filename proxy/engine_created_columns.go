package proxy

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/translate"
)

// checkCreatedColumns rejects CREATE TABLE AS, SELECT INTO and CREATE
// VIEW whose query has a numeric column without a type modifier, such as
// sum(x) or x / 3. PostgreSQL creates a numeric column without a precision for it,
// which keeps each value's scale. DuckDB would create a DECIMAL with the
// expression's precision and scale, so it would pad the new rows and
// round what a later INSERT stores. The query is prepared, not run.
func (e *engine) checkCreatedColumns(ctx context.Context, ts translate.Statement) error {
	created := ts.CreatedColumns
	sql := ts.Rewritten
	if created == nil || !strings.HasPrefix(sql, created.Prefix) || !strings.HasSuffix(sql, created.Suffix) ||
		len(sql) < len(created.Prefix)+len(created.Suffix) {
		return nil
	}
	stmt, err := e.provider.Prepare(ctx, sql[len(created.Prefix):len(sql)-len(created.Suffix)])
	if err != nil {
		// Preparing the whole statement reports the error.
		return nil
	}
	defer stmt.Close()
	for i, c := range stmt.Columns() {
		if c.TypeOID != pgtype.NumericOID || !created.WithoutTypmod(i) {
			continue
		}
		name := c.Name
		if i < len(created.Names) {
			name = created.Names[i]
		}
		return &pgError{Severity: "ERROR", Code: "0A000",
			Message: fmt.Sprintf("column %q of type numeric without a precision is not supported on this warehouse", name),
			Hint:    "Cast the column to numeric with a precision and scale, such as numeric(38,10)."}
	}
	return nil
}
