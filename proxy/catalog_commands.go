package proxy

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/providers"
	"pgway/providers/geometry"
)

// voidOID is the OID of PostgreSQL's void type, the result type of
// pgway_refresh_catalog().
const voidOID = 2278

// typesTimeout bounds the wait for the OIDs of a new mirror's PostGIS
// types, after which a session sends pgway's own geometry OID.
const typesTimeout = 10 * time.Second

// refreshTimeout bounds the refresh that pgway_refresh_catalog() and DDL
// wait for.
const refreshTimeout = 5 * time.Minute

// refreshCommand returns the command that runs SELECT
// pgway_refresh_catalog(): it refreshes the mirror of the session's
// connection, waits for it and returns one void value, as a PostgreSQL
// function returning void does.
func (e *engine) refreshCommand() (*sessionCommand, error) {
	if e.mirror == nil {
		err := errStatement("0A000", "pgway_refresh_catalog() needs a catalog database")
		err.Hint = "Set catalog.dsn in pgway's configuration to mirror the warehouse's schemas."
		return nil, err
	}
	column := providers.Column{Name: "pgway_refresh_catalog", TypeOID: voidOID, TypeModifier: -1, TypeSize: 4}
	return &sessionCommand{tag: "SELECT", columns: []providers.Column{column},
		run: func(e *engine) ([][]any, error) {
			ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
			defer cancel()
			if err := e.mirror.mirror.Refresh(ctx); err != nil {
				return nil, e.catalogError("refresh the catalog", err)
			}
			return [][]any{{rawValue{}}}, nil
		}}, nil
}

// ddlVerbs are the first words of the command tags of statements that
// change a warehouse's schemas.
var ddlVerbs = []string{"CREATE", "DROP", "ALTER", "COMMENT", "RENAME"}

// refreshAfterDDL refreshes the mirror after a warehouse statement that
// changed the schemas, which its warehouse command tag, tag, shows, before
// its CommandComplete is sent, so that the client's next catalog query
// finds the change. In a warehouse transaction, which the mirror's reads
// do not see, the refresh waits for the commit (refreshAfterCommit). A
// failed refresh is logged; the statement itself succeeded.
func (e *engine) refreshAfterDDL(p *portal, tag string) {
	if e.mirror == nil || p.stmt.command != nil || p.stmt.cursor != nil {
		return
	}
	if _, ok := p.stmt.stmt.(*mirrorStatement); ok {
		return
	}
	verb, _, _ := strings.Cut(tag, " ")
	isDDL := false
	for _, v := range ddlVerbs {
		isDDL = isDDL || verb == v
	}
	if !isDDL {
		return
	}
	if tx, ok := e.provider.(providers.Transactor); ok && tx.InTransaction() {
		e.refreshPending = true
		return
	}
	e.refreshMirror()
}

// refreshAfterCommit refreshes the mirror after a commit of DDL.
func (e *engine) refreshAfterCommit() {
	if e.refreshPending {
		e.refreshPending = false
		e.refreshMirror()
	}
}

func (e *engine) refreshMirror() {
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	if err := e.mirror.mirror.Refresh(ctx); err != nil {
		e.s.log.Warn("catalog refresh after DDL failed", "error", err)
	}
}

// newMirrorParams keeps Bind's parameters for the catalog database,
// copied out of the message buffer.
func newMirrorParams(st *preparedStatement, formats []int16, values [][]byte) (*mirrorParams, error) {
	if len(values) != len(st.paramOIDs) {
		return nil, errProtocolViolation("bind message supplies %d parameters, but prepared statement requires %d",
			len(values), len(st.paramOIDs))
	}
	params := &mirrorParams{formats: append([]int16(nil), formats...), values: make([][]byte, len(values))}
	for i, v := range values {
		if v != nil {
			params.values[i] = append([]byte{}, v...)
		}
	}
	return params, nil
}

// sendStatementColumns sends the RowDescription of a statement's result,
// or NoData. A catalog statement keeps the table OID and column number of
// each field, as the catalog database described them.
func (e *engine) sendStatementColumns(st *preparedStatement, formats []int16) error {
	if st.noColumns {
		return e.s.client.send(&pgproto3.RowDescription{})
	}
	ms, ok := st.stmt.(*mirrorStatement)
	if !ok || len(ms.fields) != len(st.columns) {
		return e.sendRowDescription(describedTypmods(st), formats)
	}
	fields := make([]pgproto3.FieldDescription, len(ms.fields))
	for i, f := range ms.fields {
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(f.Name),
			TableOID:             f.TableOID,
			TableAttributeNumber: f.TableAttributeNumber,
			DataTypeOID:          f.DataTypeOID,
			DataTypeSize:         f.DataTypeSize,
			TypeModifier:         f.TypeModifier,
		}
		if formats != nil {
			fields[i].Format = formats[i]
		}
	}
	if len(fields) == 0 {
		return e.s.client.send(&pgproto3.NoData{})
	}
	return e.s.client.send(&pgproto3.RowDescription{Fields: fields})
}

// toClientOID returns the OID sent to clients for a type of pgway's
// results. With a catalog database, geometry is the mirror's geometry
// type, whose OID PostgreSQL assigned when postgis was installed there.
func (e *engine) toClientOID(oid uint32) uint32 {
	if oid != geometry.OID || e.mirror == nil {
		return oid
	}
	if !e.mirror.typesWaited {
		// The OID is known early in the mirror's first refresh. Waiting
		// for it keeps the geometry OID the same in all of a session's
		// results while the catalog cluster is reachable.
		e.mirror.typesWaited = true
		ctx, cancel := context.WithTimeout(context.Background(), typesTimeout)
		e.mirror.mirror.WaitTypes(ctx)
		cancel()
	}
	if mirrored := e.mirror.mirror.TypeOID("geometry"); mirrored != 0 {
		return mirrored
	}
	return oid
}

// fromClientOID returns the OID pgway uses for a type OID a client gave.
func (e *engine) fromClientOID(oid uint32) uint32 {
	if e.mirror != nil && oid != 0 && oid == e.mirror.mirror.TypeOID("geometry") {
		return geometry.OID
	}
	return oid
}

func (e *engine) toClientOIDs(st *preparedStatement) []uint32 {
	if _, ok := st.stmt.(*mirrorStatement); ok {
		return st.paramOIDs
	}
	oids := make([]uint32, len(st.paramOIDs))
	for i, oid := range st.paramOIDs {
		oids[i] = e.toClientOID(oid)
	}
	return oids
}

// mirrorFormats returns the formats in which the catalog database encodes
// a portal's values: the client's, or for COPY those of its format.
func mirrorFormats(p *portal) []int16 {
	c := p.stmt.copy
	if c == nil {
		return p.formats
	}
	formats := make([]int16, len(p.stmt.copyColumns))
	if c.format == "binary" {
		for i := range formats {
			formats[i] = 1
		}
	}
	return formats
}
