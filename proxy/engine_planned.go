package proxy

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// PostgreSQL describes a statement's result columns twice. Describe of a
// prepared statement gives the types of the parsed query. A portal, whose
// RowDescription a simple Query and Describe of a portal send, has the
// types of the planned query, after constant folding. Folding can make a
// type modifier more specific: CASE WHEN true THEN amount END is -1 as a
// statement, since the implicit ELSE NULL has no modifier, and
// numeric(12,2) as a portal, since the planner reduces it to amount.
// The engine requests both descriptions from the mirror database.

// plannedModifiers returns the type modifiers of the result columns of
// the mirror connection's unnamed statement, described as desc, as
// PostgreSQL describes a portal of it. It binds the statement and
// describes the portal without executing it, which plans it on the empty
// mirror relations. It returns nil when they are desc's, when the
// statement has parameters, whose values a custom plan would fold, or when
// the mirror database cannot plan it, such as for a constant division by
// zero. The error reports a failure to reach the database.
func plannedModifiers(ctx context.Context, conn *pgconn.PgConn, desc *pgconn.StatementDescription) ([]int32, error) {
	if len(desc.ParamOIDs) > 0 || !slices.ContainsFunc(desc.Fields, func(f pgconn.FieldDescription) bool { return f.TypeModifier == -1 }) {
		return nil, nil
	}
	if conn.IsBusy() || conn.TxStatus() != 'I' {
		// An error of the planner would abort an open transaction.
		return nil, nil
	}
	frontend := conn.Frontend()
	frontend.Send(&pgproto3.Bind{})
	frontend.Send(&pgproto3.Describe{ObjectType: 'P'})
	frontend.Send(&pgproto3.Sync{})
	if err := frontend.Flush(); err != nil {
		return nil, closeUnsynced(conn, err)
	}
	var modifiers []int32
	failed := false
	for {
		msg, err := conn.ReceiveMessage(ctx)
		if err != nil {
			return nil, closeUnsynced(conn, err)
		}
		switch m := msg.(type) {
		case *pgproto3.RowDescription:
			modifiers = make([]int32, len(m.Fields))
			for i, f := range m.Fields {
				modifiers[i] = f.TypeModifier
			}
		case *pgproto3.ErrorResponse:
			failed = true
		case *pgproto3.ReadyForQuery:
			if failed || !changedModifiers(desc.Fields, modifiers) {
				return nil, nil
			}
			return modifiers, nil
		}
	}
}

// closeUnsynced closes conn, whose replies to the messages sent outside
// pgconn's own calls may still be unread, so that the next statement
// opens a new connection (catalogConn), and returns err wrapped.
func closeUnsynced(conn *pgconn.PgConn, err error) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn.Close(ctx)
	return fmt.Errorf("describe a portal on the catalog database: %w", err)
}

// changedModifiers reports whether modifiers, one per field, differ from
// the fields' own.
func changedModifiers(fields []pgconn.FieldDescription, modifiers []int32) bool {
	if len(modifiers) != len(fields) {
		return false
	}
	for i, f := range fields {
		if modifiers[i] != f.TypeModifier {
			return true
		}
	}
	return false
}

// sendPortalColumns sends the RowDescription of portal p's result.
//
// NOTE: FETCH from a cursor sends the statement's type modifiers, where
// PostgreSQL sends the planned query's.
func (e *engine) sendPortalColumns(p *portal) error {
	if p.stmt.noColumns {
		return e.s.client.send(&pgproto3.RowDescription{})
	}
	if p.stmt.portalModifiers == nil {
		return e.sendStatementColumns(p.stmt, p.formats)
	}
	return e.sendRowDescription(e.portalColumns(p.stmt), p.formats)
}

// portalColumns returns the result columns of a portal of st. A column in
// PostgreSQL's type gets the type modifier of PostgreSQL's planned query
// where it differs from the statement's.
func (e *engine) portalColumns(st *preparedStatement) []providers.Column {
	if st.portalModifiers == nil || len(st.portalModifiers) != len(st.columns) || len(st.postgresColumns) != len(st.columns) {
		return st.columns
	}
	columns := slices.Clone(st.columns)
	for i, c := range columns {
		postgres := st.postgresColumns[i]
		if e.toClientOID(c.TypeOID) == postgres.TypeOID && c.TypeModifier == postgres.TypeModifier {
			columns[i].TypeModifier = st.portalModifiers[i]
		}
	}
	return columns
}

// describedTypmods returns the result columns of st and clears the type
// modifier of each numeric column that PostgreSQL describes without one,
// such as sum(x). DuckDB gives every DECIMAL a precision and scale.
// Columns that PostgreSQL described stay as they are.
func describedTypmods(st *preparedStatement) []providers.Column {
	if st.postgresColumns != nil || len(st.resultTypmods) != len(st.columns) {
		return st.columns
	}
	var columns []providers.Column
	for i, c := range st.columns {
		if c.TypeOID != pgtype.NumericOID || c.TypeModifier == -1 || st.resultTypmods[i] {
			continue
		}
		if columns == nil {
			columns = slices.Clone(st.columns)
		}
		columns[i].TypeModifier = -1
	}
	if columns == nil {
		return st.columns
	}
	return columns
}
