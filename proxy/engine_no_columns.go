package proxy

import (
	"pgway/providers"
)

// noColumnRows are the rows of a SELECT without result columns. The
// warehouse runs it with a placeholder column, which Values leaves out.
type noColumnRows struct {
	providers.Rows
}

func (noColumnRows) Values() []any { return []any{} }
