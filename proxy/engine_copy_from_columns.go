package proxy

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PostgreSQL's messages of a value that the column's type modifier does
// not fit, which DuckDB raises when it casts the row's text to the column.
var (
	tooLongValue    = regexp.MustCompile(`^value too long for type (character varying|character)\((\d+)\)$`)
	numericOverflow = regexp.MustCompile(`^A field with precision (\d+), scale (-?\d+) `)
)

// dataErrorColumn returns the index of the column whose value in args, the
// row's parameters, raised err: a varchar(n) or char(n) value that is too
// long, or a numeric(p, s) value that overflows. PostgreSQL names that
// column in the CONTEXT. ok is false unless exactly one column has a
// value that can raise err.
// TODO: a row with a long value in a text column as well as in the
// varchar(n) column that failed gets the line as CONTEXT, not the column.
func (b *copyBatch) dataErrorColumn(err *pgError, args []any) (column int, ok bool) {
	if len(args) != len(b.columns) {
		return 0, false
	}
	var fits func(i int, value string) bool
	switch {
	case err.Code == "22001" && tooLongValue.MatchString(err.Message):
		m := tooLongValue.FindStringSubmatch(err.Message)
		oid := uint32(1043)
		if m[1] == "character" {
			oid = 1042
		}
		length, _ := strconv.Atoi(m[2])
		fits = func(i int, value string) bool {
			// DuckDB reports a varchar(n) column as text without n.
			c := b.columns[i]
			sameType := c.TypeOID == oid && int(c.TypeModifier)-4 == length ||
				c.TypeOID == 25 && c.TypeModifier == -1
			// PostgreSQL cuts spaces past the length without an error.
			return sameType && utf8.RuneCountInString(strings.TrimRight(value, " ")) > length
		}
	case err.Code == "22003" && err.Message == "numeric field overflow" && numericOverflow.MatchString(err.Detail):
		m := numericOverflow.FindStringSubmatch(err.Detail)
		precision, _ := strconv.Atoi(m[1])
		scale, _ := strconv.Atoi(m[2])
		modifier := int32((precision<<16)|(scale&0xffff)) + 4
		fits = func(i int, _ string) bool {
			return b.columns[i].TypeOID == 1700 && b.columns[i].TypeModifier == modifier
		}
	default:
		return 0, false
	}
	column = -1
	for i, arg := range args {
		value, isText := arg.(string)
		if !isText || !fits(i, value) {
			continue
		}
		if column >= 0 {
			return 0, false
		}
		column = i
	}
	return column, column >= 0
}
