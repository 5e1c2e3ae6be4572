package duckdb

import (
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	bindings "github.com/duckdb/duckdb-go-bindings"

	"pgway/providers"
)

// DuckDB returns a plan as rows of two columns, explain_key and
// explain_value, whose value is the whole plan drawn as one text.
// PostgreSQL returns one text column, QUERY PLAN, with a row for each line
// of the plan, and clients such as psql and pgAdmin show it that way. The
// plan is DuckDB's either way.

// planColumns describe the result of EXPLAIN as PostgreSQL does.
var planColumns = []providers.Column{{Name: "QUERY PLAN", TypeOID: pgtype.TextOID, TypeModifier: -1, TypeSize: -1}}

// explains reports whether the statement is an EXPLAIN.
func (st *statement) explains() bool {
	return bindings.StatementType(st.kind) == bindings.StatementTypeExplain
}

// planRows turns the rows of a DuckDB EXPLAIN into the lines of its plan.
type planRows struct {
	inner  providers.Rows
	lines  []string
	loaded bool
	value  []any
}

func (p *planRows) Next() bool {
	if !p.loaded {
		p.loaded = true
		for p.inner.Next() {
			values := p.inner.Values()
			if text, ok := values[len(values)-1].(string); ok {
				p.lines = append(p.lines, strings.Split(strings.TrimRight(text, "\n"), "\n")...)
			}
		}
		if p.inner.Err() != nil {
			return false
		}
	}
	if len(p.lines) == 0 {
		return false
	}
	p.value = []any{p.lines[0]}
	p.lines = p.lines[1:]
	return true
}

func (p *planRows) Values() []any                     { return p.value }
func (p *planRows) Err() error                        { return p.inner.Err() }
func (p *planRows) CommandTag() string                { return "EXPLAIN" }
func (p *planRows) Close() error                      { return p.inner.Close() }
func (p *planRows) ResultColumns() []providers.Column { return planColumns }
