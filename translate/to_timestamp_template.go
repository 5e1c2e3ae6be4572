package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file reads to_date and to_timestamp input with a template as
// PostgreSQL 15's formatting.c does outside its standard (jsonpath) mode.
// The DuckDB provider runs ParseToTimestamp for every row, and the
// DuckDB dialect checks the template with toTimestampTemplateError when it
// translates the call.

// dateMode is the calendar a template pattern belongs to. PostgreSQL
// rejects a template that mixes Gregorian and ISO week patterns.
type dateMode int

const (
	dateModeNone dateMode = iota
	dateModeGregorian
	dateModeISOWeek
)

// templateKeyword is one of PostgreSQL's date and time template
// patterns. digits is true for patterns that read a number, which ends
// a fixed-width number field before them.
type templateKeyword struct {
	name   string
	field  string
	digits bool
	mode   dateMode
}

// templateKeywords are the patterns in PostgreSQL's search order: for a
// template position, the first pattern whose name starts there wins, so
// longer names come before their prefixes. field names the pattern's
// meaning, shared by its spellings.
var templateKeywords = []templateKeyword{
	{"A.D.", "A.D.", false, dateModeNone}, {"A.M.", "A.M.", false, dateModeNone}, {"AD", "AD", false, dateModeNone},
	{"AM", "AM", false, dateModeNone}, {"B.C.", "A.D.", false, dateModeNone}, {"BC", "AD", false, dateModeNone},
	{"CC", "CC", true, dateModeNone}, {"DAY", "DAY", false, dateModeNone}, {"DDD", "DDD", true, dateModeGregorian},
	{"DD", "DD", true, dateModeGregorian}, {"DY", "DY", false, dateModeNone}, {"Day", "DAY", false, dateModeNone},
	{"Dy", "DY", false, dateModeNone}, {"D", "D", true, dateModeGregorian},
	{"FF1", "FF1", false, dateModeNone}, {"FF2", "FF2", false, dateModeNone}, {"FF3", "FF3", false, dateModeNone},
	{"FF4", "FF4", false, dateModeNone}, {"FF5", "FF5", false, dateModeNone}, {"FF6", "FF6", false, dateModeNone},
	{"FX", "FX", false, dateModeNone}, {"HH24", "HH24", true, dateModeNone}, {"HH12", "HH12", true, dateModeNone},
	{"HH", "HH12", true, dateModeNone}, {"IDDD", "IDDD", true, dateModeISOWeek}, {"ID", "ID", true, dateModeISOWeek},
	{"IW", "WW", true, dateModeISOWeek}, {"IYYY", "YYYY", true, dateModeISOWeek}, {"IYY", "YYY", true, dateModeISOWeek},
	{"IY", "YY", true, dateModeISOWeek}, {"I", "Y", true, dateModeISOWeek}, {"J", "J", true, dateModeNone},
	{"MI", "MI", true, dateModeNone}, {"MM", "MM", true, dateModeGregorian}, {"MONTH", "MONTH", false, dateModeGregorian},
	{"MON", "MON", false, dateModeGregorian}, {"MS", "MS", true, dateModeNone}, {"Month", "MONTH", false, dateModeGregorian},
	{"Mon", "MON", false, dateModeGregorian}, {"OF", "OF", false, dateModeNone}, {"P.M.", "A.M.", false, dateModeNone},
	{"PM", "AM", false, dateModeNone}, {"Q", "Q", true, dateModeNone}, {"RM", "RM", false, dateModeGregorian},
	{"SSSSS", "SSSS", true, dateModeNone}, {"SSSS", "SSSS", true, dateModeNone}, {"SS", "SS", true, dateModeNone},
	{"TZH", "TZH", false, dateModeNone}, {"TZM", "TZM", true, dateModeNone}, {"TZ", "TZ", false, dateModeNone},
	{"US", "US", true, dateModeNone}, {"WW", "WW", true, dateModeGregorian}, {"W", "W", true, dateModeGregorian},
	{"Y,YYY", "Y,YYY", true, dateModeGregorian}, {"YYYY", "YYYY", true, dateModeGregorian},
	{"YYY", "YYY", true, dateModeGregorian}, {"YY", "YY", true, dateModeGregorian}, {"Y", "Y", true, dateModeGregorian},
	{"a.d.", "A.D.", false, dateModeNone}, {"a.m.", "A.M.", false, dateModeNone}, {"ad", "AD", false, dateModeNone},
	{"am", "AM", false, dateModeNone}, {"b.c.", "A.D.", false, dateModeNone}, {"bc", "AD", false, dateModeNone},
	{"cc", "CC", true, dateModeNone}, {"day", "DAY", false, dateModeNone}, {"ddd", "DDD", true, dateModeGregorian},
	{"dd", "DD", true, dateModeGregorian}, {"dy", "DY", false, dateModeNone}, {"d", "D", true, dateModeGregorian},
	{"ff1", "FF1", true, dateModeNone}, {"ff2", "FF2", true, dateModeNone}, {"ff3", "FF3", true, dateModeNone},
	{"ff4", "FF4", true, dateModeNone}, {"ff5", "FF5", true, dateModeNone}, {"ff6", "FF6", true, dateModeNone},
	{"fx", "FX", false, dateModeNone}, {"hh24", "HH24", true, dateModeNone}, {"hh12", "HH12", true, dateModeNone},
	{"hh", "HH12", true, dateModeNone}, {"iddd", "IDDD", true, dateModeISOWeek}, {"id", "ID", true, dateModeISOWeek},
	{"iw", "WW", true, dateModeISOWeek}, {"iyyy", "YYYY", true, dateModeISOWeek}, {"iyy", "YYY", true, dateModeISOWeek},
	{"iy", "YY", true, dateModeISOWeek}, {"i", "Y", true, dateModeISOWeek}, {"j", "J", true, dateModeNone},
	{"mi", "MI", true, dateModeNone}, {"mm", "MM", true, dateModeGregorian}, {"month", "MONTH", false, dateModeGregorian},
	{"mon", "MON", false, dateModeGregorian}, {"ms", "MS", true, dateModeNone}, {"of", "OF", false, dateModeNone},
	{"p.m.", "A.M.", false, dateModeNone}, {"pm", "AM", false, dateModeNone}, {"q", "Q", true, dateModeNone},
	{"rm", "RM", false, dateModeGregorian}, {"sssss", "SSSS", true, dateModeNone}, {"ssss", "SSSS", true, dateModeNone},
	{"ss", "SS", true, dateModeNone}, {"tzh", "TZH", false, dateModeNone}, {"tzm", "TZM", true, dateModeNone},
	{"tz", "TZ", false, dateModeNone}, {"us", "US", true, dateModeNone}, {"ww", "WW", true, dateModeGregorian},
	{"w", "W", true, dateModeGregorian}, {"y,yyy", "Y,YYY", true, dateModeGregorian},
	{"yyyy", "YYYY", true, dateModeGregorian}, {"yyy", "YYY", true, dateModeGregorian},
	{"yy", "YY", true, dateModeGregorian}, {"y", "Y", true, dateModeGregorian},
}

type templateNodeKind int

const (
	templateField templateNodeKind = iota
	templateLiteral
	templateSeparator
	templateSpace
)

// templateNode is a pattern of a template, with its FM, TM and TH
// modifiers, or one character of text between patterns.
type templateNode struct {
	kind     templateNodeKind
	keyword  *templateKeyword
	char     string
	fillMode bool
	localize bool
	ordinal  bool
}

// isTemplateSeparator reports whether c is a printable ASCII character
// that is neither a letter nor a digit, which PostgreSQL treats as a
// separator.
func isTemplateSeparator(c byte) bool {
	return c > 0x20 && c < 0x7f && !isLetter(c) && !(c >= '0' && c <= '9')
}

func isTemplateSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// parseDateTemplate splits a to_date or to_timestamp template into
// patterns and characters.
func parseDateTemplate(template string) []templateNode {
	var nodes []templateNode
	s := template
	for s != "" {
		var node templateNode
		switch {
		case strings.HasPrefix(s, "FM"), strings.HasPrefix(s, "fm"):
			node.fillMode = true
			s = s[2:]
		case strings.HasPrefix(s, "TM"), strings.HasPrefix(s, "tm"):
			node.localize = true
			s = s[2:]
		}
		if s == "" {
			break
		}
		if keyword := matchTemplateKeyword(s); keyword != nil {
			node.kind, node.keyword = templateField, keyword
			s = s[len(keyword.name):]
			switch {
			case strings.HasPrefix(s, "TH"), strings.HasPrefix(s, "th"):
				node.ordinal = true
				s = s[2:]
			case strings.HasPrefix(s, "SP"):
				s = s[2:]
			}
			nodes = append(nodes, node)
			continue
		}
		if s[0] == '"' {
			// A quoted string is literal text, and a backslash in it quotes
			// the next character.
			s = s[1:]
			for s != "" {
				if s[0] == '"' {
					s = s[1:]
					break
				}
				if s[0] == '\\' && len(s) > 1 {
					s = s[1:]
				}
				size := utf8Len(s)
				nodes = append(nodes, templateNode{kind: templateLiteral, char: s[:size]})
				s = s[size:]
			}
			continue
		}
		if s[0] == '\\' && len(s) > 1 && s[1] == '"' {
			s = s[1:]
		}
		size := utf8Len(s)
		node.char = s[:size]
		switch {
		case isTemplateSeparator(s[0]):
			node.kind = templateSeparator
		case isTemplateSpace(s[0]):
			node.kind = templateSpace
		default:
			node.kind = templateLiteral
		}
		nodes = append(nodes, node)
		s = s[size:]
	}
	return nodes
}

func matchTemplateKeyword(s string) *templateKeyword {
	for i := range templateKeywords {
		if strings.HasPrefix(s, templateKeywords[i].name) {
			return &templateKeywords[i]
		}
	}
	return nil
}

func utf8Len(s string) int {
	switch c := s[0]; {
	case c < 0x80:
		return 1
	case c >= 0xf0 && len(s) >= 4:
		return 4
	case c >= 0xe0 && len(s) >= 3:
		return 3
	case c >= 0xc0 && len(s) >= 2:
		return 2
	}
	return 1
}

// toTimestampTemplateError returns the first pattern of template that
// pgway does not read as PostgreSQL does, or "" when it reads all of
// them. TZ and OF fail in PostgreSQL as well, with the same SQLSTATE.
func toTimestampTemplateError(template string) string {
	for _, node := range parseDateTemplate(template) {
		if node.kind == templateField && (node.keyword.field == "TZ" || node.keyword.field == "OF") {
			return node.keyword.name
		}
	}
	return ""
}

// localizedPattern returns the first pattern of template with the TM
// modifier, which reads names in the language of lc_time, or "".
func localizedPattern(template string) string {
	for _, node := range parseDateTemplate(template) {
		if node.kind == templateField && node.localize {
			return "TM" + node.keyword.name
		}
	}
	return ""
}

// ParsedTimestamp is the value that to_date or to_timestamp read: the
// date and time of day in Wall's fields (years BC counted as 0, -1, ...),
// and the zone offset the text gave, east of UTC.
type ParsedTimestamp struct {
	Wall      time.Time
	HasOffset bool
	Offset    int
	// Precision is n of an FFn pattern, which rounds the fractions of a
	// second, or 0.
	Precision int
	// InJulianRange is false for a year, month and day, before days past
	// the end of the month carry over, that PostgreSQL's Julian day
	// arithmetic does not take: before 4714-11 BC or from 5874898-06 on.
	InJulianRange bool
}

// dateFieldValues are the fields that a template's patterns set; 0 is
// unset, as in PostgreSQL, so a field read as 0 counts as unset too.
type dateFieldValues struct {
	mode                                          dateMode
	hour, pm, minute, second, secondOfDay         int
	dayOfWeek, day, dayOfYear, month, millisecond int
	year, bc, week, weekOfMonth, century, julian  int
	microsecond, yearDigits, tzSign, tzHour       int
	tzMinute, fractionDigits                      int
	twelveHour                                    bool
}

var (
	monthNames     = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthAbbrevs   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	dayNames       = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	dayAbbrevs     = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	meridiemShort  = []string{"am", "pm", "AM", "PM"}
	meridiemLong   = []string{"a.m.", "p.m.", "A.M.", "P.M."}
	eraShort       = []string{"ad", "bc", "AD", "BC"}
	eraLong        = []string{"a.d.", "b.c.", "A.D.", "B.C."}
	romanMonthsLow = []string{"xii", "xi", "x", "ix", "viii", "vii", "vi", "v", "iv", "iii", "ii", "i"}
)

func invalidFormat(format string, args ...any) *Error {
	return &Error{Code: "22007", Message: fmt.Sprintf(format, args...)}
}

// templateReader walks the input text along a template's nodes.
type templateReader struct {
	nodes  []templateNode
	input  string
	pos    int
	fields dateFieldValues
}

// setField sets a field once; PostgreSQL rejects a second, different
// value for it.
func setField(dest *int, value int, node templateNode) *Error {
	if *dest != 0 && *dest != value {
		return invalidFormat("conflicting values for %q field in formatting string", node.keyword.name)
	}
	*dest = value
	return nil
}

// nextIsSeparator reports whether the node after index i cannot start
// with a digit, so that a number field may read every digit there is.
func (r *templateReader) nextIsSeparator(i int) bool {
	if r.nodes[i].ordinal {
		return true
	}
	if i+1 >= len(r.nodes) {
		return true
	}
	next := r.nodes[i+1]
	if next.kind == templateField {
		return !next.keyword.digits
	}
	return !(len(next.char) == 1 && next.char[0] >= '0' && next.char[0] <= '9')
}

// readInt reads a number of size characters, or of any length where the
// field is in fill mode or a separator follows it, as PostgreSQL's
// from_char_parse_int_len does. It returns the number of characters read,
// counting the spaces before the number.
func (r *templateReader) readInt(dest *int, size, i int) (int, *Error) {
	node := r.nodes[i]
	start := r.pos
	for r.pos < len(r.input) && isTemplateSpace(r.input[r.pos]) {
		r.pos++
	}
	copyEnd := min(r.pos+size, len(r.input))
	copied := r.input[r.pos:copyEnd]
	var value int64
	var outOfRange bool
	if node.fillMode || r.nextIsSeparator(i) {
		var used int
		value, used, outOfRange = parseLeadingInt(r.input[start:])
		r.pos = start + used
	} else {
		if len(copied) < size {
			return 0, &Error{Code: "22007", Message: fmt.Sprintf("source string too short for %q formatting field", node.keyword.name),
				Hint: "If your source string is not fixed-width, try using the \"FM\" modifier."}
		}
		var used int
		value, used, outOfRange = parseLeadingInt(copied)
		if used > 0 && used < size {
			return 0, &Error{Code: "22007", Message: fmt.Sprintf("invalid value %q for %q", copied, node.keyword.name),
				Hint: "If your source string is not fixed-width, try using the \"FM\" modifier."}
		}
		r.pos += used
	}
	if r.pos == start {
		return 0, invalidFormat("invalid value %q for %q", copied, node.keyword.name)
	}
	if outOfRange || value < math.MinInt32 || value > math.MaxInt32 {
		return 0, &Error{Code: "22008", Message: fmt.Sprintf("value for %q in source string is out of range", node.keyword.name)}
	}
	if dest != nil {
		if err := setField(dest, int(value), node); err != nil {
			return 0, err
		}
	}
	return r.pos - start, nil
}

// parseLeadingInt reads an integer as C's strtol does in base 10:
// spaces, an optional sign and digits. It returns the characters read, 0
// when there is no digit.
func parseLeadingInt(s string) (int64, int, bool) {
	i := 0
	for i < len(s) && isTemplateSpace(s[i]) {
		i++
	}
	signEnd := i
	if signEnd < len(s) && (s[signEnd] == '+' || s[signEnd] == '-') {
		signEnd++
	}
	end := signEnd
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == signEnd {
		return 0, 0, false
	}
	value, err := strconv.ParseInt(s[i:end], 10, 64)
	return value, end, err != nil
}

// readName reads the first of names that the input starts with,
// ignoring ASCII case, and returns its index.
func (r *templateReader) readName(names []string, node templateNode) (int, *Error) {
	rest := r.input[r.pos:]
	for i, name := range names {
		if len(rest) >= len(name) && strings.EqualFold(rest[:len(name)], name) {
			r.pos += len(name)
			return i, nil
		}
	}
	word := rest
	if end := strings.IndexAny(word, " \t\n\r\f\v"); end >= 0 {
		word = word[:end]
	}
	return 0, invalidFormat("invalid value %q for %q", word, node.keyword.name)
}

func (r *templateReader) skipSpaces() int {
	skipped := 0
	for r.pos < len(r.input) && isTemplateSpace(r.input[r.pos]) {
		r.pos++
		skipped++
	}
	return skipped
}

// read walks the template and the input together, as PostgreSQL's
// DCH_from_char does, and stops at the end of either.
func (r *templateReader) read() *Error {
	fixed := false
	extraSkip := 0
	for i := 0; i < len(r.nodes) && r.pos < len(r.input); i++ {
		node := r.nodes[i]
		isFX := node.kind == templateField && node.keyword.field == "FX"
		if !fixed && !isFX && (node.kind == templateField || i == 0) {
			extraSkip += r.skipSpaces()
		}
		switch node.kind {
		case templateSpace, templateSeparator:
			if fixed {
				r.skipCharacter()
				continue
			}
			// A space or separator of the template matches one space or
			// separator of the input, or none.
			extraSkip--
			if c := r.current(); isTemplateSpace(c) || isTemplateSeparator(c) {
				r.pos++
				extraSkip++
			}
			continue
		case templateLiteral:
			// Other text skips one character, whatever it is, unless the
			// spaces skipped before stand for it.
			if !fixed && extraSkip > 0 {
				extraSkip--
			} else {
				r.skipCharacter()
			}
			continue
		}
		if err := r.readField(i, &fixed, extraSkip); err != nil {
			return err
		}
		if !fixed {
			extraSkip = r.skipSpaces()
		}
	}
	return nil
}

// current returns the input's byte at the reading position, or 0 at its
// end.
func (r *templateReader) current() byte {
	if r.pos < len(r.input) {
		return r.input[r.pos]
	}
	return 0
}

func (r *templateReader) skipCharacter() {
	if r.pos < len(r.input) {
		r.pos += utf8Len(r.input[r.pos:])
	}
}

// skipOrdinal skips the two letters of an ordinal suffix that a TH
// modifier stands for.
func (r *templateReader) skipOrdinal(node templateNode) {
	if !node.ordinal {
		return
	}
	r.skipCharacter()
	r.skipCharacter()
}

func (r *templateReader) readField(i int, fixed *bool, extraSkip int) *Error {
	node := r.nodes[i]
	key := node.keyword
	f := &r.fields
	if key.mode != dateModeNone {
		if f.mode == dateModeNone {
			f.mode = key.mode
		} else if f.mode != key.mode {
			return &Error{Code: "22007", Message: "invalid combination of date conventions",
				Hint: "Do not mix Gregorian and ISO week date conventions in a formatting template."}
		}
	}
	readInt := func(dest *int, size int) (int, *Error) {
		n, err := r.readInt(dest, size, i)
		if err == nil {
			r.skipOrdinal(node)
		}
		return n, err
	}
	readName := func(names []string, dest *int, value func(int) int) *Error {
		index, err := r.readName(names, node)
		if err != nil {
			return err
		}
		return setField(dest, value(index), node)
	}
	var err *Error
	switch key.field {
	case "FX":
		*fixed = true
	case "A.M.":
		err = readName(meridiemLong, &f.pm, func(v int) int { return v % 2 })
		f.twelveHour = true
	case "AM":
		err = readName(meridiemShort, &f.pm, func(v int) int { return v % 2 })
		f.twelveHour = true
	case "HH12":
		_, err = readInt(&f.hour, 2)
		f.twelveHour = true
	case "HH24":
		_, err = readInt(&f.hour, 2)
	case "MI":
		_, err = readInt(&f.minute, len(key.name))
	case "SS":
		_, err = readInt(&f.second, len(key.name))
	case "MS":
		var n int
		if n, err = readInt(&f.millisecond, 3); err == nil {
			f.millisecond *= [...]int{1, 100, 10, 1}[min(n, 3)]
		}
	case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "US":
		size := 6
		if key.field != "US" {
			f.fractionDigits = int(key.field[2] - '0')
			size = f.fractionDigits
		}
		var n int
		if n, err = readInt(&f.microsecond, size); err == nil {
			f.microsecond *= [...]int{1, 100000, 10000, 1000, 100, 10, 1}[min(n, 6)]
		}
	case "SSSS":
		_, err = readInt(&f.secondOfDay, len(key.name))
	case "TZ", "OF":
		err = &Error{Code: CodeFeatureNotSupported, Message: fmt.Sprintf("formatting field %q is only supported in to_char", key.name)}
	case "TZH":
		// A minus sign before the hours may have been skipped as a
		// separator, so it counts if it was.
		switch c := r.current(); {
		case c == '+' || c == '-' || c == ' ':
			f.tzSign = 1
			if c == '-' {
				f.tzSign = -1
			}
			r.pos++
		case extraSkip > 0 && r.pos > 0 && r.input[r.pos-1] == '-':
			f.tzSign = -1
		default:
			f.tzSign = 1
		}
		_, err = r.readInt(&f.tzHour, 2, i)
	case "TZM":
		if f.tzSign == 0 {
			f.tzSign = 1
		}
		_, err = r.readInt(&f.tzMinute, 2, i)
	case "A.D.":
		err = readName(eraLong, &f.bc, func(v int) int { return v % 2 })
	case "AD":
		err = readName(eraShort, &f.bc, func(v int) int { return v % 2 })
	case "MONTH":
		err = readName(monthNames, &f.month, func(v int) int { return v + 1 })
	case "MON":
		err = readName(monthAbbrevs, &f.month, func(v int) int { return v + 1 })
	case "MM":
		_, err = readInt(&f.month, 2)
	case "DAY":
		err = readName(dayNames, &f.dayOfWeek, func(v int) int { return v })
		f.dayOfWeek++
	case "DY":
		err = readName(dayAbbrevs, &f.dayOfWeek, func(v int) int { return v })
		f.dayOfWeek++
	case "DDD":
		_, err = readInt(&f.dayOfYear, 3)
	case "IDDD":
		_, err = readInt(&f.dayOfYear, 3)
	case "DD":
		_, err = readInt(&f.day, 2)
	case "D":
		_, err = readInt(&f.dayOfWeek, 1)
	case "ID":
		if _, err = readInt(&f.dayOfWeek, 1); err == nil {
			// ISO numbers Monday 1, Gregorian Sunday 1.
			if f.dayOfWeek++; f.dayOfWeek > 7 {
				f.dayOfWeek = 1
			}
		}
	case "WW":
		_, err = readInt(&f.week, 2)
	case "Q":
		// PostgreSQL reads the quarter and ignores it.
		_, err = readInt(nil, 1)
	case "CC":
		_, err = readInt(&f.century, 2)
	case "Y,YYY":
		err = r.readThousands(node)
	case "YYYY":
		_, err = readInt(&f.year, len(key.name))
		f.yearDigits = 4
	case "YYY", "YY", "Y":
		var n int
		if n, err = readInt(&f.year, len(key.name)); err == nil && n < 4 {
			f.year = yearNear2020(f.year)
		}
		f.yearDigits = len(key.field)
	case "RM":
		err = readName(romanMonthsLow, &f.month, func(v int) int { return 12 - v })
	case "W":
		_, err = readInt(&f.weekOfMonth, 1)
	case "J":
		_, err = readInt(&f.julian, 1)
	}
	return err
}

// readThousands reads Y,YYY: digits, a comma and three digits.
func (r *templateReader) readThousands(node templateNode) *Error {
	rest := r.input[r.pos:]
	thousands, used, _ := parseLeadingInt(rest)
	if used == 0 || used >= len(rest) || rest[used] != ',' {
		return invalidFormat(`invalid input string for "Y,YYY"`)
	}
	ones, usedOnes, _ := parseLeadingInt(rest[used+1:])
	if usedOnes == 0 {
		return invalidFormat(`invalid input string for "Y,YYY"`)
	}
	digits := usedOnes
	if usedOnes > 3 {
		// C's %03d reads at most three characters.
		digits = 3
		ones, _, _ = parseLeadingInt(rest[used+1 : used+4])
	}
	if err := setField(&r.fields.year, int(ones+thousands*1000), node); err != nil {
		return err
	}
	r.fields.yearDigits = 4
	r.pos += used + 1 + digits
	r.skipOrdinal(node)
	return nil
}

// yearNear2020 reads a year of fewer than four digits as the nearest
// year to 2020 that ends with them, as PostgreSQL does.
func yearNear2020(year int) int {
	switch {
	case year < 70:
		return year + 2000
	case year < 100:
		return year + 1900
	case year < 520:
		return year + 2000
	case year < 1000:
		return year + 1000
	}
	return year
}

// ParseToTimestamp reads input with a to_date or to_timestamp template
// as PostgreSQL 15 does, or returns PostgreSQL's error. englishNames is
// false where the session's lc_time names months and days in another
// language, for which a TM pattern fails with 0A000.
func ParseToTimestamp(input, template string, englishNames bool) (ParsedTimestamp, *Error) {
	if pattern := localizedPattern(template); pattern != "" && !englishNames {
		return ParsedTimestamp{}, &Error{Code: CodeFeatureNotSupported,
			Message: fmt.Sprintf("to_date() and to_timestamp() template pattern %q under an lc_time other than C or English is not supported", pattern)}
	}
	r := templateReader{nodes: parseDateTemplate(template), input: input}
	if err := r.read(); err != nil {
		return ParsedTimestamp{}, err
	}
	return r.fields.timestamp(input)
}

func fieldOverflow(input string) *Error {
	return &Error{Code: "22008", Message: fmt.Sprintf("date/time field value out of range: %q", input)}
}

// timestamp combines the fields as PostgreSQL's do_to_timestamp does.
// Its year counts 1 BC as 0.
func (f dateFieldValues) timestamp(input string) (ParsedTimestamp, *Error) {
	year, month, day := 0, 1, 1
	hour, minute, second := 0, 0, 0
	var hasYear, hasMonth, hasDay bool
	if f.secondOfDay != 0 {
		hour, minute, second = f.secondOfDay/3600, f.secondOfDay%3600/60, f.secondOfDay%60
	}
	if f.second != 0 {
		second = f.second
	}
	if f.minute != 0 {
		minute = f.minute
	}
	if f.hour != 0 {
		hour = f.hour
	}
	if f.twelveHour {
		if hour < 1 || hour > 12 {
			return ParsedTimestamp{}, &Error{Code: "22007", Message: fmt.Sprintf("hour \"%d\" is invalid for the 12-hour clock", hour),
				Hint: "Use the 24-hour clock, or give an hour between 1 and 12."}
		}
		if f.pm != 0 && hour < 12 {
			hour += 12
		} else if f.pm == 0 && hour == 12 {
			hour = 0
		}
	}
	switch {
	case f.year != 0:
		if f.century != 0 && f.yearDigits <= 2 {
			// Two digits of the year within the century: the 21st century
			// runs from 2001 to 2100, and the 6th BC from 600 BC to 501 BC.
			century := f.century
			if f.bc != 0 {
				century = -century
			}
			year = f.year % 100
			switch {
			case year != 0 && century >= 0:
				year += (century - 1) * 100
			case year != 0:
				year = (century+1)*100 - year + 1
			case century >= 0:
				year = century * 100
			default:
				year = century*100 + 1
			}
		} else {
			year = f.year
			if f.bc != 0 {
				year = -year
			}
			if year < 0 {
				year++
			}
		}
		hasYear = true
	case f.century != 0:
		century := f.century
		if f.bc != 0 {
			century = -century
		}
		if century >= 0 {
			year = (century-1)*100 + 1
		} else {
			year = century*100 + 1
		}
		hasYear = true
	}
	if f.julian != 0 {
		year, month, day = julianToDate(f.julian)
		hasYear, hasMonth, hasDay = true, true, true
	}
	dayOfYear := f.dayOfYear
	if f.week != 0 {
		if f.mode == dateModeISOWeek {
			jd := isoWeekStart(year, f.week)
			if f.dayOfWeek != 0 {
				if f.dayOfWeek > 1 {
					jd += f.dayOfWeek - 2
				} else {
					jd += 6
				}
			}
			year, month, day = julianToDate(jd)
			hasYear, hasMonth, hasDay = true, true, true
		} else {
			dayOfYear = (f.week-1)*7 + 1
		}
	}
	dayOfMonth := f.day
	if f.weekOfMonth != 0 {
		dayOfMonth = (f.weekOfMonth-1)*7 + 1
	}
	if dayOfMonth != 0 {
		day = dayOfMonth
		hasDay = true
	}
	if f.month != 0 {
		month = f.month
		hasMonth = true
	}
	if dayOfYear != 0 && (month <= 1 || day <= 1) {
		if year == 0 && f.bc == 0 {
			return ParsedTimestamp{}, invalidFormat("cannot calculate day of year without year information")
		}
		if f.mode == dateModeISOWeek {
			year, month, day = julianToDate(isoWeekStart(year, 1) - 1 + dayOfYear)
			hasYear, hasMonth, hasDay = true, true, true
		} else {
			sums := cumulativeMonthDays(year)
			i := 1
			for ; i <= 12; i++ {
				if dayOfYear <= sums[i] {
					break
				}
			}
			if month <= 1 {
				month = i
			}
			if day <= 1 {
				// Past the end of the year, i is 13 and the day counts from
				// December.
				day = dayOfYear - sums[i-1]
			}
			hasMonth, hasDay = true, true
		}
	}
	fraction := f.millisecond*1000 + f.microsecond
	if hasMonth && (month < 1 || month > 12) {
		return ParsedTimestamp{}, fieldOverflow(input)
	}
	if hasDay && (day < 1 || day > 31) {
		return ParsedTimestamp{}, fieldOverflow(input)
	}
	if hasYear && hasMonth && hasDay && day > daysInMonth(year, month) {
		return ParsedTimestamp{}, fieldOverflow(input)
	}
	if hour < 0 || hour >= 24 || minute < 0 || minute >= 60 || second < 0 || second >= 60 || fraction < 0 || fraction >= 1000000 {
		return ParsedTimestamp{}, fieldOverflow(input)
	}
	parsed := ParsedTimestamp{Precision: f.fractionDigits}
	if f.tzSign != 0 {
		if f.tzHour < 0 || f.tzHour > 15 || f.tzMinute < 0 || f.tzMinute >= 60 {
			return ParsedTimestamp{}, &Error{Code: "22009", Message: fmt.Sprintf("time zone displacement out of range: %q", input)}
		}
		parsed.HasOffset = true
		parsed.Offset = f.tzSign * (f.tzHour*3600 + f.tzMinute*60)
	}
	parsed.InJulianRange = validJulianDate(year, month, day)
	// Go's calendar is PostgreSQL's: proleptic Gregorian, with days past
	// the end of a month carried into the next.
	parsed.Wall = time.Date(year, time.Month(month), day, hour, minute, second, fraction*1000, time.UTC)
	return parsed, nil
}

// validJulianDate reports whether PostgreSQL's Julian day arithmetic
// takes the date: from 4714-11-24 BC on, before year 5874898.
func validJulianDate(year, month, day int) bool {
	return (year > -4713 || year == -4713 && month >= 11) && (year < 5874898 || year == 5874898 && month < 6)
}

// cumulativeMonthDays returns the days of the year before each month,
// with the days of the whole year last.
func cumulativeMonthDays(year int) [13]int {
	var sums [13]int
	for m := 1; m <= 12; m++ {
		sums[m] = sums[m-1] + daysInMonth(year, m)
	}
	return sums
}

// julianEpoch is the Julian day number of 1970-01-01.
const julianEpoch = 2440588

func dateToJulian(year, month, day int) int {
	return int(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix()/86400) + julianEpoch
}

func julianToDate(jd int) (int, int, int) {
	t := time.Unix(int64(jd-julianEpoch)*86400, 0).UTC()
	return t.Year(), int(t.Month()), t.Day()
}

// isoWeekStart returns the Julian day of the Monday of ISO week week of
// year, where week 1 holds January 4.
func isoWeekStart(year, week int) int {
	fourth := dateToJulian(year, 1, 4)
	// Julian day 0 was a Monday.
	mondayOffset := ((fourth % 7) + 7) % 7
	return (week-1)*7 + fourth - mondayOffset
}
