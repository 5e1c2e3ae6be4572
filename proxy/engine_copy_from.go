package proxy

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/providers"
)

// COPY table [(columns)] FROM STDIN runs in the simple query protocol, as
// psql's \copy sends it. pgway reads the CopyData messages, splits them
// into rows in the text or CSV format as PostgreSQL 15 does, and inserts
// them in batches with INSERT ... VALUES ($1, ...), (...), whose text
// parameters take the columns' types as a Bind's would. Outside a
// transaction block the rows go in one transaction, so an error inserts
// none of them.
// NOTE: HEADER MATCH, FORCE_NULL and FORCE_NOT_NULL are rejected.

// runCopyFrom runs a COPY ... FROM STDIN: CopyInResponse, the client's
// CopyData up to CopyDone, then CommandComplete with the row count.
func (e *engine) runCopyFrom(ctx context.Context, p *portal) error {
	c := p.stmt.copy
	if !e.implicit.block && !e.implicit.single {
		return errStatement("0A000", "COPY FROM STDIN in the extended query protocol is not supported")
	}
	if c.format == "binary" {
		return errStatement("0A000", "COPY FROM STDIN in the binary format is not supported")
	}

	columns := p.stmt.copyColumns
	if len(p.stmt.postgresColumns) == len(columns) {
		columns = p.stmt.postgresColumns
	}
	if tx, ok := e.provider.(providers.Transactor); ok && e.txStatus == 'I' {
		// The rows are one statement's, so they commit together.
		tx.SetImplicit(true)
	}

	parser := &copyFromParser{c: c, columns: columns, header: c.header, relation: copyRelationName(c.table)}
	batch := &copyBatch{table: c.table, columns: columns, parser: parser, statements: map[int]*preparedStatement{},
		replay: e.newCopyReplay()}
	batch.fresh = batch.replay != nil || e.blockUnchanged()
	defer batch.close()
	// An INSERT of no rows fails as the COPY would, in a read-only
	// session or transaction, before the client sends its data.
	if err := e.checkCopyInsert(ctx, c.table, columns); err != nil {
		return err
	}
	row, err := batch.statement(ctx, e, 1)
	if err != nil {
		return err
	}
	batch.useRowInserter(e, row)

	if err := e.s.sendAndFlush(&pgproto3.CopyInResponse{ColumnFormatCodes: make([]uint16, len(columns))}); err != nil {
		return err
	}
	count := 0
	for done := false; !done; {
		if done, err = e.receiveCopyData(parser); err != nil {
			return err
		}
		for {
			fields, ok, err := parser.next(done)
			if err != nil {
				return batch.flushBefore(ctx, e, err)
			}
			if !ok {
				break
			}
			args, err := e.decodeCopyRow(row, parser, fields)
			if err != nil {
				return batch.flushBefore(ctx, e, err)
			}
			if err := batch.add(ctx, e, args); err != nil {
				return err
			}
			count++
		}
	}
	if err := batch.flush(ctx, e); err != nil {
		return err
	}
	return e.s.client.send(&pgproto3.CommandComplete{CommandTag: []byte(fmt.Sprintf("COPY %d", count))})
}

// receiveCopyData reads the client's messages up to the next CopyData,
// whose data it adds to parser, or CopyDone, for which it returns done.
// PostgreSQL ignores Flush and Sync during COPY FROM STDIN.
func (e *engine) receiveCopyData(parser *copyFromParser) (done bool, err error) {
	for {
		typ, body, err := e.s.client.readMessage(e.s.srv.cfg.Limits.MaxMessageBytes)
		if err != nil {
			return false, e.readError(err)
		}
		e.s.clientMessages.Add(1)
		switch typ {
		case 'd':
			parser.buf = append(parser.buf, body...)
			return false, nil
		case 'c':
			return true, nil
		case 'f':
			var msg pgproto3.CopyFail
			if err := msg.Decode(body); err != nil {
				return false, errProtocolViolation("invalid CopyFail message: %v", err)
			}
			return false, errStatement("57014", "COPY from stdin failed: "+msg.Message)
		case 'H', 'S':
		default:
			return false, errProtocolViolation("unexpected message type 0x%02X during COPY from stdin", typ)
		}
	}
}

// copyFromParser splits the data of a COPY FROM STDIN into rows of
// fields, as PostgreSQL's text and CSV formats write them.
type copyFromParser struct {
	c       *copyCommand
	columns []providers.Column
	// relation is the table's name as the CONTEXT of errors shows it.
	relation string
	// buf is the data received and not yet parsed.
	buf []byte
	// header is set while the header line is still to be skipped.
	header bool
	// ended is set after the end-of-data marker \. .
	ended bool
	// newline is the newline of the text format's lines.
	newline copyNewline
	// line is the number of lines read, and record the last line or CSV
	// record read, for the CONTEXT of errors.
	line   int
	record string
}

// next removes the next line or CSV record from buf and returns its
// fields, with nil for NULL. ok is false when buf has no whole line left.
// At the end of the data (final), the rest of buf is a line without its
// newline.
func (p *copyFromParser) next(final bool) (fields []*string, ok bool, err error) {
	for !p.ended {
		var record string
		if p.c.format == "csv" {
			record, ok, err = p.readCSVRecord(final)
		} else {
			record, ok, err = p.readTextLine(final)
		}
		if err != nil || !ok {
			return nil, false, err
		}
		switch {
		case p.ended && record == "":
		case p.header:
			p.header = false
		case p.c.format == "csv":
			return p.checkWidth(p.csvFields(record))
		default:
			return p.checkWidth(p.textFields(record))
		}
	}
	p.buf = nil
	return nil, false, nil
}

// readCSVRecord removes the next CSV record from buf and returns it. A
// line \. alone ends the data.
func (p *copyFromParser) readCSVRecord(final bool) (record string, ok bool, err error) {
	end, skip := p.recordEnd()
	if end < 0 {
		if !final || len(p.buf) == 0 {
			return "", false, nil
		}
		end, skip = len(p.buf), len(p.buf)
	}
	// NOTE: a line may end in \r\n whatever the first line ends in,
	// where PostgreSQL requires the same newline on every line.
	record = string(bytes.TrimSuffix(p.buf[:end], []byte("\r")))
	unterminated := end == len(p.buf) && p.inQuotes(p.buf)
	p.buf = p.buf[skip:]
	p.line += 1 + strings.Count(record, "\n")
	p.record = record
	switch {
	case unterminated:
		return "", false, p.lineError(errStatement("22P04", "unterminated CSV quoted field"))
	case record == `\.`:
		p.ended = true
		return "", true, nil
	}
	return record, true, nil
}

// recordEnd returns the index of the newline that ends the first line or
// CSV record of buf and the length to remove with it, or -1.
func (p *copyFromParser) recordEnd() (end, skip int) {
	if p.c.format != "csv" {
		end = bytes.IndexByte(p.buf, '\n')
		return end, end + 1
	}
	quoted := false
	for i := 0; i < len(p.buf); i++ {
		ch := p.buf[i]
		switch {
		case quoted && ch == p.c.escape && p.c.escape != p.c.quote && i+1 < len(p.buf) &&
			(p.buf[i+1] == p.c.quote || p.buf[i+1] == p.c.escape):
			i++
		case ch == p.c.quote:
			quoted = !quoted
		case ch == '\n' && !quoted:
			return i, i + 1
		}
	}
	return -1, -1
}

// inQuotes reports whether data ends inside a quoted CSV field.
func (p *copyFromParser) inQuotes(data []byte) bool {
	saved := p.buf
	p.buf = append(append([]byte(nil), data...), '\n')
	end, _ := p.recordEnd()
	p.buf = saved
	return end < 0
}

// checkWidth returns PostgreSQL's 22P04 for a row of more or fewer
// fields than the columns.
func (p *copyFromParser) checkWidth(fields []*string) ([]*string, bool, error) {
	switch {
	case len(fields) > len(p.columns):
		return nil, false, p.lineError(errStatement("22P04", "extra data after last expected column"))
	case len(fields) < len(p.columns):
		return nil, false, p.lineError(errStatement("22P04", fmt.Sprintf("missing data for column %q", p.columns[len(fields)].Name)))
	}
	return fields, true, nil
}

// textFields splits a line of the text format at the delimiters that no
// backslash escapes. A field that is the NULL string before its escapes
// are read is NULL.
func (p *copyFromParser) textFields(line string) []*string {
	var fields []*string
	start := 0
	for i := 0; i <= len(line); i++ {
		switch {
		case i < len(line) && line[i] == '\\':
			i++
		case i == len(line) || line[i] == p.c.delimiter:
			raw := line[start:min(i, len(line))]
			start = i + 1
			if raw == p.c.null {
				fields = append(fields, nil)
				continue
			}
			value := unescapeCopyText(raw)
			fields = append(fields, &value)
		}
	}
	return fields
}

// unescapeCopyText reads the backslash escapes of the text format: \b,
// \f, \n, \r, \t, \v, an octal byte of up to three digits and a
// hexadecimal byte \xh or \xhh. A backslash before any other character
// stands for that character.
func unescapeCopyText(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	var out strings.Builder
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if ch != '\\' || i+1 == len(raw) {
			out.WriteByte(ch)
			continue
		}
		i++
		switch next := raw[i]; {
		case next >= '0' && next <= '7':
			value := int(next - '0')
			for n := 0; n < 2 && i+1 < len(raw) && raw[i+1] >= '0' && raw[i+1] <= '7'; n++ {
				i++
				value = value*8 + int(raw[i]-'0')
			}
			out.WriteByte(byte(value))
		case next == 'x' && i+1 < len(raw) && hexDigit(raw[i+1]) >= 0:
			value := 0
			for n := 0; n < 2 && i+1 < len(raw) && hexDigit(raw[i+1]) >= 0; n++ {
				i++
				value = value*16 + hexDigit(raw[i])
			}
			out.WriteByte(byte(value))
		case next == 'b':
			out.WriteByte('\b')
		case next == 'f':
			out.WriteByte('\f')
		case next == 'n':
			out.WriteByte('\n')
		case next == 'r':
			out.WriteByte('\r')
		case next == 't':
			out.WriteByte('\t')
		case next == 'v':
			out.WriteByte('\v')
		default:
			out.WriteByte(next)
		}
	}
	return out.String()
}

// hexDigit returns the value of a hexadecimal digit, or -1.
func hexDigit(ch byte) int {
	switch {
	case ch >= '0' && ch <= '9':
		return int(ch - '0')
	case ch >= 'a' && ch <= 'f':
		return int(ch-'a') + 10
	case ch >= 'A' && ch <= 'F':
		return int(ch-'A') + 10
	}
	return -1
}

// csvFields splits a CSV record at the delimiters outside quotes. Inside
// quotes, the escape character before a quote or an escape character
// stands for that character. An unquoted field that is the NULL string
// is NULL, and a quoted one never is.
func (p *copyFromParser) csvFields(record string) []*string {
	var fields []*string
	quote, escape, delimiter := p.c.quote, p.c.escape, p.c.delimiter
	for i := 0; ; {
		start, sawQuote, quoted, last := i, false, false, true
		var value strings.Builder
		for i < len(record) {
			ch := record[i]
			i++
			if quoted {
				switch {
				case ch == escape && i < len(record) && (record[i] == quote || record[i] == escape):
					value.WriteByte(record[i])
					i++
				case ch == quote:
					quoted = false
				default:
					value.WriteByte(ch)
				}
				continue
			}
			if ch == delimiter {
				last = false
				break
			}
			if ch == quote {
				quoted, sawQuote = true, true
				continue
			}
			value.WriteByte(ch)
		}
		raw := record[start:i]
		if !last {
			raw = raw[:len(raw)-1]
		}
		if !sawQuote && raw == p.c.null {
			fields = append(fields, nil)
		} else {
			text := value.String()
			fields = append(fields, &text)
		}
		if last {
			return fields
		}
	}
}
