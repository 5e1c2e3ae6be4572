package proxy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// copyNewline is the newline of text-format COPY data. PostgreSQL takes
// it from the end of the first line and requires it on every line.
type copyNewline int

const (
	newlineUnknown copyNewline = iota
	newlineLF
	newlineCR
	newlineCRLF
)

// readTextLine removes the next line of text-format data from buf and
// returns it without its newline, as PostgreSQL 15's CopyReadLineText
// reads it. A backslash escapes the character after it, a newline
// included. An unescaped \. anywhere in a line ends the data, and the
// text before it on its line is the last line. ok is false when buf holds
// no whole line and more data may come.
func (p *copyFromParser) readTextLine(final bool) (line string, ok bool, err error) {
	buf := p.buf
	for i := 0; i < len(buf); {
		c := buf[i]
		i++
		switch c {
		case '\r':
			if p.newline == newlineLF {
				return "", false, p.readError("literal carriage return found in data", `Use "\r" to represent carriage return.`)
			}
			if p.newline == newlineCR {
				return p.takeLine(i-1, i), true, nil
			}
			if i == len(buf) && !final {
				return "", false, nil
			}
			if i < len(buf) && buf[i] == '\n' {
				p.newline = newlineCRLF
				return p.takeLine(i-1, i+1), true, nil
			}
			if p.newline == newlineCRLF {
				return "", false, p.readError("literal carriage return found in data", `Use "\r" to represent carriage return.`)
			}
			p.newline = newlineCR
			return p.takeLine(i-1, i), true, nil
		case '\n':
			if p.newline == newlineCR || p.newline == newlineCRLF {
				return "", false, p.readError("literal newline found in data", `Use "\n" to represent newline.`)
			}
			p.newline = newlineLF
			return p.takeLine(i-1, i), true, nil
		case '\\':
			switch {
			case i == len(buf) && !final:
				return "", false, nil
			case i < len(buf) && buf[i] == '.':
				return p.readEndMarker(i-1, final)
			}
			i++
		}
	}
	if !final || len(buf) == 0 {
		return "", false, nil
	}
	return p.takeLine(len(buf), len(buf)), true, nil
}

// readEndMarker reads the end-of-data marker \. at buf[start:], which
// must be followed by the data's newline, and returns the text before it
// on its line. PostgreSQL 15 ignores the data after the marker.
func (p *copyFromParser) readEndMarker(start int, final bool) (line string, ok bool, err error) {
	buf := p.buf
	next := start + 2
	// at returns the byte at i, or 0 past the end of the data.
	at := func(i int) byte {
		if i < len(buf) {
			return buf[i]
		}
		return 0
	}
	if p.newline == newlineCRLF {
		if next >= len(buf) && !final {
			return "", false, nil
		}
		switch at(next) {
		case '\n':
			return "", false, p.readError("end-of-copy marker does not match previous newline style", "")
		case '\r':
		default:
			return "", false, p.readError("end-of-copy marker corrupt", "")
		}
		next++
	}
	if next >= len(buf) && !final {
		return "", false, nil
	}
	c := at(next)
	if c != '\r' && c != '\n' {
		return "", false, p.readError("end-of-copy marker corrupt", "")
	}
	if (p.newline == newlineLF || p.newline == newlineCRLF) && c != '\n' || p.newline == newlineCR && c != '\r' {
		return "", false, p.readError("end-of-copy marker does not match previous newline style", "")
	}
	line = p.takeLine(start, len(buf))
	p.ended = true
	return line, true, nil
}

// takeLine removes buf[:skip] and returns buf[:end] as the next line.
func (p *copyFromParser) takeLine(end, skip int) string {
	line := string(p.buf[:end])
	p.buf = p.buf[skip:]
	p.line++
	p.record = line
	return line
}

// readError is PostgreSQL's 22P04 for data that does not read as lines,
// with the number of the line being read as its CONTEXT.
func (p *copyFromParser) readError(message, hint string) *pgError {
	err := errStatement("22P04", message)
	err.Hint = hint
	err.Where = fmt.Sprintf("COPY %s, line %d", p.relation, p.line+1)
	return err
}

// lineError is an error about the line just read, with that line as its
// CONTEXT, as PostgreSQL reports rows of the wrong width.
func (p *copyFromParser) lineError(err *pgError) *pgError {
	err.Where = fmt.Sprintf("COPY %s, line %d: %s", p.relation, p.line, quoteCopyData(p.record))
	return err
}

// columnError is an error about field i of the line just read, which
// PostgreSQL's CONTEXT shows with the column's name and value.
func (p *copyFromParser) columnError(err *pgError, i int, value *string) *pgError {
	where := fmt.Sprintf("COPY %s, line %d, column %s: ", p.relation, p.line, p.columns[i].Name)
	if value == nil {
		err.Where = where + "null input"
	} else {
		err.Where = where + quoteCopyData(*value)
	}
	return err
}

// quoteCopyData quotes text for a CONTEXT of COPY, cut after 100 bytes
// with "..." as PostgreSQL 15's limit_printout_length cuts it.
func quoteCopyData(text string) string {
	const maxBytes = 100
	if len(text) > maxBytes {
		end := maxBytes
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
		text = text[:end] + "..."
	}
	return `"` + text + `"`
}

// copyRelationName returns the last name of a qualified table name, as
// PostgreSQL's CONTEXT of COPY shows the table, without its quotes.
func copyRelationName(qualified string) string {
	start, quoted := 0, false
	for i := 0; i < len(qualified); i++ {
		switch {
		case qualified[i] == '"':
			quoted = !quoted
		case qualified[i] == '.' && !quoted:
			start = i + 1
		}
	}
	name := qualified[start:]
	if len(name) >= 2 && name[0] == '"' {
		return strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
	}
	return name
}
