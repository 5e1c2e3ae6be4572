package proxy

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/providers"
	"pgway/translate"
)

// copyCommand is COPY (query) TO STDOUT or COPY table [(columns)] TO
// STDOUT, with its options.
type copyCommand struct {
	query     string
	format    string // "text", "csv" or "binary"
	header    bool
	delimiter byte
	null      string
	quote     byte // CSV only
	escape    byte // CSV only
	// table is the table of COPY ... FROM STDIN (translate.CopyFromTable),
	// empty for COPY ... TO STDOUT.
	table string
}

// newCopyCommand returns the COPY ... TO STDOUT that translate recognized,
// with its options by name. translate rejects every other form of COPY,
// so that a warehouse never runs its own COPY, which may read or write
// files.
func newCopyCommand(st translate.Statement) (*copyCommand, error) {
	c := &copyCommand{query: st.Rewritten, format: "text", delimiter: '\t', null: `\N`}
	if strings.EqualFold(st.Copy["format"], "csv") {
		c.format, c.delimiter, c.null, c.quote, c.escape = "csv", ',', "", '"', 0
	}
	names := make([]string, 0, len(st.Copy))
	for name := range st.Copy {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := c.setOption(name, st.Copy[name]); err != nil {
			return nil, err
		}
	}
	if c.escape == 0 {
		c.escape = c.quote
	}
	return c, c.validate()
}

func (c *copyCommand) setOption(name, value string) error {
	switch name {
	case "format":
		switch f := strings.ToLower(value); f {
		case "text", "csv", "binary":
			c.format = f
		default:
			return errStatement("22023", fmt.Sprintf("COPY format %q not recognized", value))
		}
	case "header":
		b, ok := parseBoolOption(value)
		if !ok {
			return errStatement("22023", fmt.Sprintf("header requires a Boolean value or \"match\", not %q", value))
		}
		c.header = b
	case "delimiter", "quote", "escape":
		if len(value) != 1 {
			return errStatement("0A000", fmt.Sprintf("COPY %s must be a single one-byte character", name))
		}
		switch name {
		case "delimiter":
			c.delimiter = value[0]
		case "quote":
			c.quote = value[0]
		default:
			c.escape = value[0]
		}
	case "null":
		c.null = value
	case translate.CopyFromTable:
		c.table = value
	case "force_quote", "force_not_null", "force_null", "encoding", "freeze":
		// PostgreSQL's options that pgway's COPY writer does not apply.
		return errStatement("0A000", fmt.Sprintf("COPY option %s is not supported", strings.ToUpper(name)))
	default:
		return errStatement("42601", fmt.Sprintf("option %q not recognized", name))
	}
	return nil
}

// validate applies PostgreSQL's checks of the option combination.
func (c *copyCommand) validate() error {
	switch {
	case c.format == "binary" && c.header:
		return errStatement("0A000", "cannot specify HEADER in BINARY mode")
	case c.format != "csv" && c.quote != 0:
		return errStatement("0A000", "COPY quote available only in CSV mode")
	case c.format != "csv" && c.escape != 0:
		return errStatement("0A000", "COPY escape available only in CSV mode")
	case c.delimiter == '\n' || c.delimiter == '\r':
		return errStatement("22023", "COPY delimiter cannot be newline or carriage return")
	case c.format == "text" && strings.IndexByte(`\.abcdefghijklmnopqrstuvwxyz0123456789`, c.delimiter) >= 0:
		return errStatement("22023", fmt.Sprintf("COPY delimiter cannot be %q", c.delimiter))
	case strings.ContainsAny(c.null, "\r\n"):
		return errStatement("22023", "COPY null representation cannot use newline or carriage return")
	case c.format == "csv" && c.delimiter == c.quote:
		return errStatement("22023", "COPY delimiter and quote must be different")
	case strings.IndexByte(c.null, c.delimiter) >= 0 && c.format != "binary":
		return errStatement("22023", "COPY delimiter must not appear in the NULL specification")
	}
	return nil
}

func parseBoolOption(value string) (bool, bool) {
	switch strings.ToLower(value) {
	case "", "true", "on", "1", "yes":
		return true, true
	case "false", "off", "0", "no":
		return false, true
	}
	return false, false
}

// runCopy sends the rows of a COPY TO STDOUT: CopyOutResponse, one
// CopyData per row, CopyDone, then CommandComplete with the row count.
func (e *engine) runCopy(ctx context.Context, p *portal) error {
	if p.stmt.copy.table != "" {
		return e.runCopyFrom(ctx, p)
	}
	c := p.stmt.copy
	rows, err := e.start(ctx, p)
	if err != nil {
		return err
	}
	defer rows.Close()
	formats := make([]uint16, len(p.stmt.copyColumns))
	valueFormats := make([]int16, len(formats))
	overall := byte(0)
	if c.format == "binary" {
		overall = 1
		for i := range formats {
			formats[i], valueFormats[i] = 1, 1
		}
	}
	columns, valueFormats, err := resultEncoding(p.stmt.copyColumns, false, valueFormats, rows)
	if err != nil {
		return err
	}
	if err := e.s.client.send(&pgproto3.CopyOutResponse{OverallFormat: overall, ColumnFormatCodes: formats}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := e.sendCopyHeader(c, columns, &buf); err != nil {
		return err
	}
	count, err := e.sendCopyRows(ctx, c, rows, columns, valueFormats, &buf)
	if err != nil {
		return err
	}
	if err := e.s.client.send(&pgproto3.CopyDone{}); err != nil {
		return err
	}
	p.done, p.tag = true, fmt.Sprintf("COPY %d", count)
	return e.s.client.send(&pgproto3.CommandComplete{CommandTag: []byte(p.tag)})
}

// sendCopyRows sends one CopyData per row, and the trailer of the binary
// format, and returns the number of rows. buf may hold the start of the
// first message.
func (e *engine) sendCopyRows(ctx context.Context, c *copyCommand, rows providers.Rows,
	columns []providers.Column, formats []int16, buf *bytes.Buffer) (int64, error) {
	var count int64
	for rows.Next() {
		if count%1024 == 1023 && ctx.Err() != nil {
			return 0, errQueryCanceled()
		}
		if count > 0 || c.format != "binary" {
			buf.Reset()
		}
		if err := e.encodeCopyRow(c, columns, formats, rows.Values(), buf); err != nil {
			return 0, err
		}
		if err := e.s.client.send(&pgproto3.CopyData{Data: buf.Bytes()}); err != nil {
			return 0, err
		}
		count++
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if c.format == "binary" {
		if count > 0 {
			buf.Reset()
		}
		buf.Write([]byte{0xff, 0xff})
		if err := e.s.client.send(&pgproto3.CopyData{Data: buf.Bytes()}); err != nil {
			return 0, err
		}
	}
	return count, nil
}

// copySignature starts the binary COPY format, followed by a zero flags
// field and a zero-length header extension.
var copySignature = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// sendCopyHeader sends the header line of a text or CSV COPY. The header of
// the binary format stays in buf, to go out with the first row as
// PostgreSQL sends it.
func (e *engine) sendCopyHeader(c *copyCommand, columns []providers.Column, buf *bytes.Buffer) error {
	switch {
	case c.format == "binary":
		buf.Write(copySignature)
		return nil
	case c.header:
		for i, column := range columns {
			if i > 0 {
				buf.WriteByte(c.delimiter)
			}
			c.writeField(buf, column.Name, len(columns) == 1)
		}
		buf.WriteByte('\n')
	default:
		return nil
	}
	return e.s.client.send(&pgproto3.CopyData{Data: buf.Bytes()})
}

// encodeCopyRow writes one row in the command's format, each value
// encoded in its format in formats.
func (e *engine) encodeCopyRow(c *copyCommand, columns []providers.Column, formats []int16, values []any, buf *bytes.Buffer) error {
	if c.format == "binary" {
		buf.Write(binary.BigEndian.AppendUint16(nil, uint16(len(values))))
	}
	for i, v := range values {
		if c.format != "binary" && i > 0 {
			buf.WriteByte(c.delimiter)
		}
		var encoded []byte
		if v != nil {
			var err error
			if encoded, err = e.encodeValue(columns[i].TypeOID, formats[i], v); err != nil {
				return fmt.Errorf("encode column %q: %w", columns[i].Name, err)
			}
		}
		switch {
		case c.format == "binary" && v == nil:
			buf.Write([]byte{0xff, 0xff, 0xff, 0xff})
		case c.format == "binary":
			buf.Write(binary.BigEndian.AppendUint32(nil, uint32(len(encoded))))
			buf.Write(encoded)
		case v == nil:
			buf.WriteString(c.null)
		default:
			c.writeField(buf, string(encoded), len(values) == 1)
		}
	}
	if c.format != "binary" {
		buf.WriteByte('\n')
	}
	return nil
}

// writeField writes one text or CSV field with PostgreSQL's escaping.
func (c *copyCommand) writeField(buf *bytes.Buffer, s string, single bool) {
	if c.format == "csv" {
		c.writeCSVField(buf, s, single)
		return
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		case '\v':
			buf.WriteString(`\v`)
		case '\\':
			buf.WriteString(`\\`)
		default:
			if ch == c.delimiter {
				buf.WriteByte('\\')
			}
			buf.WriteByte(ch)
		}
	}
}

// writeCSVField quotes a field that equals the NULL string, contains the
// delimiter, the quote, a newline or a carriage return, or is \. alone on
// its line; inside quotes it escapes the quote and escape characters.
func (c *copyCommand) writeCSVField(buf *bytes.Buffer, s string, single bool) {
	quote := s == c.null || single && s == `\.`
	for i := 0; !quote && i < len(s); i++ {
		ch := s[i]
		quote = ch == c.delimiter || ch == c.quote || ch == '\n' || ch == '\r'
	}
	if !quote {
		buf.WriteString(s)
		return
	}
	buf.WriteByte(c.quote)
	for i := 0; i < len(s); i++ {
		if s[i] == c.quote || s[i] == c.escape {
			buf.WriteByte(c.escape)
		}
		buf.WriteByte(s[i])
	}
	buf.WriteByte(c.quote)
}

// prepareCopy prepares the query of a COPY on the provider.
func (e *engine) prepareCopy(ctx context.Context, st *preparedStatement, c *copyCommand, clientOIDs []uint32) (*preparedStatement, error) {
	stmt, err := e.provider.Prepare(ctx, c.query)
	if err != nil {
		return nil, err
	}
	if len(stmt.Columns()) == 0 {
		stmt.Close()
		return nil, errStatement("42601", "COPY query must have a RETURNING clause or return rows")
	}
	st.stmt, st.copy, st.copyColumns = stmt, c, stmt.Columns()
	st.paramOIDs = append([]uint32(nil), stmt.ParamOIDs()...)
	for i, oid := range clientOIDs {
		if oid != 0 && i < len(st.paramOIDs) {
			st.paramOIDs[i] = oid
		}
	}
	e.resolveResultTypes(ctx, st, st.sql, routedQuery(st.sql), clientOIDs)
	return st, nil
}
