package translate

import (
	"fmt"
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// This file and duckdb_datetime_dates.go and duckdb_datetime_interval.go
// read string constants cast to date, time, timestamp, timestamptz and
// interval as PostgreSQL 15 reads them (the "Date/Time Input
// Interpretation" appendix of its documentation), because DuckDB reads
// only ISO forms. A constant that parses becomes a literal in the
// form DuckDB reads. A constant PostgreSQL rejects raises PostgreSQL's
// error. A form this reader does not handle, such as one with a time
// zone name, is left to DuckDB.

// dateTimeTypeNames are the type names in PostgreSQL's input errors.
var dateTimeTypeNames = map[string]string{
	"date": "date", "time": "time", "timestamp": "timestamp",
	"timestamptz": "timestamp with time zone", "interval": "interval", "timetz": "time with time zone",
}

// rewriteDateTimeConstant rewrites the string constant of a cast to
// typeName, one of the keys of dateTimeTypeNames, when it parses, and
// raises PostgreSQL's error when PostgreSQL rejects it.
func rewriteDateTimeConstant(tc *pg.TypeCast, typeName string) error {
	if typeName == "interval" && len(tc.TypeName.GetTypmods()) > 0 && len(tc.TypeName.GetArrayBounds()) == 0 {
		return rewriteIntervalFields(tc)
	}
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil || len(tc.TypeName.GetTypmods()) > 0 || len(tc.TypeName.GetArrayBounds()) > 0 {
		return nil
	}
	text := c.GetSval().Sval
	if strings.HasPrefix(text, "pgway.fold.") {
		return nil // a folded session value, such as current_date
	}
	var arg *pg.Node
	var err *dateTimeError
	if typeName == "interval" {
		arg, err = readInterval(text, c.Location)
	} else {
		arg, err = readDateTime(text, typeName, c.Location)
	}
	if err != nil {
		return err.at(text, typeName, c.Location)
	}
	if arg != nil && !duckDBReadsAsIs[typeName].MatchString(text) {
		tc.Arg = arg
	}
	return nil
}

// duckDBReadsAsIs matches, by type, the ISO forms and plain intervals
// that DuckDB reads as PostgreSQL does, which stay as they are once the
// reader has checked them.
var duckDBReadsAsIs = func() map[string]*regexp.Regexp {
	date := `[0-9]{4}-[0-9]{2}-[0-9]{2}`
	minutes := `:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?`
	clock := `([01][0-9]|2[0-3])` + minutes
	unit := `[0-9]{1,9} (years?|months?|mons?|days?|hours?|minutes?|seconds?)`
	units := unit + `( ` + unit + `)*( [0-9]{1,9}` + minutes + `)?`
	timestamp := regexp.MustCompile(`^` + date + `( ` + clock + `)?$`)
	// An offset that the reader has checked, such as +02 or Z.
	offset := `([+-][0-9]{2}(:[0-5][0-9](:[0-5][0-9])?)?|Z)`
	return map[string]*regexp.Regexp{
		"date":        regexp.MustCompile(`^` + date + `$`),
		"time":        regexp.MustCompile(`^` + clock + `$`),
		"timestamp":   timestamp,
		"timestamptz": regexp.MustCompile(`^` + date + `([ T]` + clock + offset + `?)?$`),
		// A sign only where it cannot spread to other fields: -1 day.
		"interval": regexp.MustCompile(`^(` + units + `|-` + unit + `|[0-9]{1,9}` + minutes + `)$`),
	}
}()

// dateTimeError is a rejection of a constant: its SQLSTATE, the start
// of its message and an optional hint. The value follows the message.
type dateTimeError struct {
	code, message, hint string
	// complete marks a message that PostgreSQL writes without the value.
	complete bool
}

var (
	errDateTimeSyntax = &dateTimeError{code: "22007", message: "invalid input syntax for type %s"}
	errFieldRange     = &dateTimeError{code: "22008", message: "date/time field value out of range"}
	errDateOrderRange = &dateTimeError{code: "22008", message: "date/time field value out of range", hint: `Perhaps you need a different "datestyle" setting.`}
	errIntervalRange  = &dateTimeError{code: "22015", message: "interval field value out of range"}
	errDateRange      = &dateTimeError{code: "22008", message: "date out of range"}
	errTimestampRange = &dateTimeError{code: "22008", message: "timestamp out of range"}
	// errDateTimeUnhandled marks a form that the reader leaves to DuckDB.
	errDateTimeUnhandled = &dateTimeError{}
)

func (e *dateTimeError) at(text, typeName string, location int32) error {
	if e == errDateTimeUnhandled {
		return nil
	}
	message := e.message
	if e == errDateTimeSyntax {
		message = fmt.Sprintf(message, dateTimeTypeNames[typeName])
	}
	if e.complete {
		return &Error{Code: e.code, Message: message, Hint: e.hint, Position: int(location) + 1}
	}
	// PostgreSQL quotes the text as it is, without escaping quotes in it.
	return &Error{Code: e.code, Message: message + `: "` + text + `"`, Hint: e.hint, Position: int(location) + 1}
}

// dateTimeField is one field of date/time input, as PostgreSQL splits it.
type dateTimeField struct {
	kind byte
	text string
}

// The kinds of dateTimeField.
const (
	fieldNumber   = 'n' // digits, with a fraction after '.' in an interval
	fieldTime     = 't' // digits and ':', such as 10:00:00.5
	fieldDate     = 'd' // digits then '-', '/' or '.', such as 2024-01-05 or 5-jan-2024
	fieldWord     = 'w' // letters, lower-cased
	fieldCompound = 'c' // letters then '-', '/', '.', '+', '_', ':' or digits, such as america/new_york
	fieldSigned   = 's' // '+' or '-' then digits or letters
)

// splitDateTimeFields splits text into fields. Punctuation other than
// the characters above separates fields. A sign without a number or word
// after it is a syntax error, and text that holds a character outside
// printable ASCII is left to DuckDB.
func splitDateTimeFields(text string) ([]dateTimeField, *dateTimeError) {
	var fields []dateTimeField
	for i := 0; i < len(text); {
		ch := text[i]
		start := i
		switch {
		case isDateTimeSpace(ch):
			i++
			continue
		case isDigit(ch):
			i = scanNumberField(text, i)
			fields = append(fields, dateTimeField{kind: numberFieldKind(text[start:i]), text: strings.ToLower(text[start:i])})
		case ch == '.':
			i = scanWhile(text, i+1, isDigit)
			fields = append(fields, dateTimeField{kind: fieldNumber, text: text[start:i]})
		case isLetter(ch):
			i = scanWhile(text, i, isLetter)
			kind := fieldWord
			if i < len(text) && compoundFollows(text[start:i], text[i]) {
				kind = fieldCompound
				i = scanWhile(text, i, isZoneNameByte)
			}
			fields = append(fields, dateTimeField{kind: byte(kind), text: strings.ToLower(text[start:i])})
		case ch == '+' || ch == '-':
			i = scanWhile(text, i+1, isDateTimeSpace)
			if i >= len(text) || !isDigit(text[i]) && !isLetter(text[i]) {
				return nil, errDateTimeSyntax
			}
			end := scanWhile(text, i, func(b byte) bool { return isDigit(b) || b == ':' || b == '.' || b == '-' })
			if isLetter(text[i]) {
				end = scanWhile(text, i, isLetter)
			}
			fields = append(fields, dateTimeField{kind: fieldSigned, text: string(ch) + strings.ToLower(text[i:end])})
			i = end
		case ch > ' ' && ch < 0x7f:
			i++ // other punctuation separates fields
		default:
			return nil, errDateTimeUnhandled
		}
	}
	return fields, nil
}

// scanNumberField returns the end of the field that starts with a digit
// at i: a number, a time or a date.
func scanNumberField(text string, i int) int {
	i = scanWhile(text, i, isDigit)
	if i >= len(text) {
		return i
	}
	switch sep := text[i]; {
	case sep == ':':
		return scanWhile(text, i, func(b byte) bool { return isDigit(b) || b == ':' || b == '.' })
	case sep == '-' || sep == '/' || sep == '.':
		if i+1 < len(text) && isDigit(text[i+1]) {
			i = scanWhile(text, i+1, isDigit)
			if i < len(text) && text[i] == sep {
				i = scanWhile(text, i, func(b byte) bool { return isDigit(b) || b == sep })
			}
			return i
		}
		return scanWhile(text, i+1, func(b byte) bool { return isDigit(b) || isLetter(b) || b == sep })
	}
	return i
}

func numberFieldKind(text string) byte {
	switch {
	case strings.Contains(text, ":"):
		return fieldTime
	case strings.ContainsAny(text, "-/"):
		return fieldDate
	case strings.Count(text, ".") == 2:
		return fieldDate
	}
	return fieldNumber
}

// compoundFollows reports whether the letters word run on into a time
// zone name or a date with a text month. PostgreSQL splits a word from
// the digits or '+' after it only when the word is one of its own date
// keywords.
func compoundFollows(word string, next byte) bool {
	switch {
	case next == '-' || next == '/' || next == '.':
		return true
	case next == '+' || isDigit(next):
		_, known := dateKeywords[keywordKey(strings.ToLower(word))]
		return !known
	}
	return false
}

func scanWhile(text string, i int, ok func(byte) bool) int {
	for i < len(text) && ok(text[i]) {
		i++
	}
	return i
}

func isDateTimeSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

func isZoneNameByte(b byte) bool {
	return isDigit(b) || isLetter(b) || strings.IndexByte("+-/_.:", b) >= 0
}

// keywordKey is the form PostgreSQL looks words up in: at most 10
// characters, so that "microseconds" finds "microsecon".
func keywordKey(word string) string {
	return word[:min(len(word), 10)]
}

// dateKeyword is a word of date/time input: its kind and, for a month,
// its number.
type dateKeyword struct {
	kind  byte
	month int
}

// The kinds of dateKeyword.
const (
	keywordMonth    = 'M'
	keywordWeekday  = 'W' // ignored, as PostgreSQL ignores it
	keywordAM       = 'a'
	keywordPM       = 'p'
	keywordAD       = 'A'
	keywordBC       = 'B'
	keywordIgnored  = 'i' // "at" and "on"
	keywordDay      = 'D' // today, tomorrow, yesterday
	keywordJulian   = 'J' // j, which a Julian day number follows
	keywordTime     = 'T' // t, which separates an ISO 8601 date and time
	keywordAllballs = '0'
	// keywordOther is a word that PostgreSQL reads and this reader does
	// not, such as epoch, infinity, now or the ISO 8601 field letters y
	// and m, so constants that contain it are left to DuckDB.
	keywordOther = '?'
)

// dateKeywords are PostgreSQL 15's date/time keywords, by keywordKey.
var dateKeywords = func() map[string]dateKeyword {
	out := map[string]dateKeyword{
		"am": {kind: keywordAM}, "pm": {kind: keywordPM}, "ad": {kind: keywordAD}, "bc": {kind: keywordBC},
		"at": {kind: keywordIgnored}, "on": {kind: keywordIgnored},
		"today": {kind: keywordDay}, "tomorrow": {kind: keywordDay}, "yesterday": {kind: keywordDay},
		"j": {kind: keywordJulian}, "t": {kind: keywordTime}, "allballs": {kind: keywordAllballs},
	}
	months := [][]string{{"jan", "january"}, {"feb", "february"}, {"mar", "march"}, {"apr", "april"},
		{"may"}, {"jun", "june"}, {"jul", "july"}, {"aug", "august"}, {"sep", "sept", "september"},
		{"oct", "october"}, {"nov", "november"}, {"dec", "december"}}
	for i, names := range months {
		for _, name := range names {
			out[name] = dateKeyword{kind: keywordMonth, month: i + 1}
		}
	}
	for _, name := range strings.Fields("sun sunday mon monday tue tues tuesday wed wednes wednesday thu thur thurs thursday fri friday sat saturday") {
		out[name] = dateKeyword{kind: keywordWeekday}
	}
	for _, name := range strings.Fields("epoch infinity now julian jd mjd z zulu y m d h mm s dow doy") {
		out[name] = dateKeyword{kind: keywordOther}
	}
	return out
}()

// dateOrder is the order of the fields of an all-numeric date, which the
// DateStyle setting sets: MDY, DMY or YMD.
type dateOrder string

var dateOrders = []dateOrder{"MDY", "DMY", "YMD"}

// dateFields is the date and time read from the fields of one constant.
type dateFields struct {
	order                dateOrder
	year, month, day     int
	hasYear, hasMonth    bool
	hasDay, hasTime      bool
	yearDigits           int
	textMonth            bool
	hour, minute, second int
	micros               int
	// zoneOffset is the offset of a fixed time zone in seconds east of
	// UTC, and zoneName the zone of an abbreviation that names a zone.
	zoneOffset           int
	zoneName             string
	hasZone              bool
	meridiem, era        byte
	julian, expectJulian bool
	// dayOfYear is the day of the year of a date such as 2024.015, 0 for
	// none, which validateDate turns into the month and day.
	dayOfYear           int
	expectTime, weekday bool
	// fieldsRead counts the fields read so far, but for at and on.
	fieldsRead int
}

// readDateTime reads text as a date, time, timestamp or timestamptz.
// It returns the DuckDB argument of the cast, or errDateTimeUnhandled
// for a form it leaves to DuckDB.
func readDateTime(text, typeName string, location int32) (*pg.Node, *dateTimeError) {
	fields, err := splitDateTimeFields(text)
	if err != nil {
		return nil, err
	}
	if special, err := readSpecialWord(fields, typeName, location); special != nil || err != nil {
		return special, err
	}
	results := make([]string, len(dateOrders))
	var errs [3]*dateTimeError
	for i, order := range dateOrders {
		results[i], errs[i] = formatDateTime(fields, typeName, order)
		if errs[i] == errDateTimeUnhandled {
			return nil, guardUnhandledZone(fields, typeName)
		}
	}
	if results[0] == results[1] && results[1] == results[2] && sameDateTimeError(errs[0], errs[1]) && sameDateTimeError(errs[1], errs[2]) {
		if errs[0] != nil {
			return nil, errs[0]
		}
		return pg.MakeAConstStrNode(results[0], location), nil
	}
	return dateStyleCase(text, typeName, results, errs, location), nil
}

// sameDateTimeError reports whether two errors are both nil or equal,
// as the errors that readZoneName builds for each field order are.
func sameDateTimeError(a, b *dateTimeError) bool {
	return a == b || a != nil && b != nil && *a == *b
}

// dateStyleCase returns a CASE on the session's DateStyle that picks the
// literal of its field order, or raises the error of an order in which
// PostgreSQL rejects the text.
func dateStyleCase(text, typeName string, results []string, errs [3]*dateTimeError, location int32) *pg.Node {
	literal := func(i int) *pg.Node {
		if errs[i] != nil {
			return dateStyleError(text, typeName, errs[i], location)
		}
		return pg.MakeAConstStrNode(results[i], location)
	}
	setting := pg.MakeAConstStrNode(settingMarker("datestyle"), location)
	afterComma := funcCall("split_part", location, setting, pg.MakeAConstStrNode(",", location), pg.MakeAConstIntNode(2, location))
	order := funcCall("upper", location, funcCall("replace", location, afterComma,
		pg.MakeAConstStrNode(" ", location), pg.MakeAConstStrNode("", location)))
	when := func(i int) *pg.Node {
		cond := binaryOp("=", order, pg.MakeAConstStrNode(string(dateOrders[i]), location), location)
		return pg.MakeCaseWhenNode(cond, literal(i), location)
	}
	caseExpr := pg.MakeCaseExprNode(nil, []*pg.Node{when(1), when(2)}, location)
	caseExpr.GetCaseExpr().Defresult = literal(0)
	return caseExpr
}

// dateStyleError returns a call of DuckDB's error() with the message that
// DuckDB gives a date or timestamp it cannot read, which the DuckDB
// provider turns into PostgreSQL's SQLSTATE and message. Other errors
// return the text unchanged, which DuckDB rejects with its own error.
// NOTE: the error has no position and no hint, unlike PostgreSQL's.
func dateStyleError(text, typeName string, err *dateTimeError, location int32) *pg.Node {
	var message string
	switch {
	case strings.ContainsAny(text, `"\`) || typeName != "date" && typeName != "timestamp":
	case err == errDateTimeSyntax:
		message = fmt.Sprintf(`invalid %s field format: "%s"`, typeName, text)
	case err == errFieldRange || err == errDateOrderRange:
		message = fmt.Sprintf(`%s field value out of range: "%s"`, typeName, text)
	}
	if message == "" {
		return pg.MakeAConstStrNode(text, location)
	}
	return funcCall("error", location, pg.MakeAConstStrNode(message, location))
}

// readSpecialWord reads a constant of one word, such as today or
// allballs. It returns nil and no error for other constants.
func readSpecialWord(fields []dateTimeField, typeName string, location int32) (*pg.Node, *dateTimeError) {
	if len(fields) == 1 && fields[0].kind == fieldSigned && isLetter(fields[0].text[1]) &&
		(typeName == "time" || fields[0].text != "-infinity") {
		// PostgreSQL reads no signed word but -infinity, where DuckDB
		// also reads -inf.
		return nil, errDateTimeSyntax
	}
	if len(fields) != 1 || fields[0].kind != fieldWord {
		return nil, nil
	}
	keyword, known := dateKeywords[keywordKey(fields[0].text)]
	switch word := fields[0].text; {
	case !known:
		// A word alone is no date or time, even a time zone, and DuckDB
		// reads inf as infinity.
		return nil, errDateTimeSyntax
	case keyword.kind == keywordAllballs && typeName == "time":
		return pg.MakeAConstStrNode("00:00:00", location), nil
	case keyword.kind == keywordDay && typeName != "time":
		return relativeDay(word, location), nil
	case word == "now":
		return transactionStart(location), nil
	case (word == "epoch" || word == "infinity") && typeName == "time":
		return nil, errDateTimeSyntax // PostgreSQL's time input has no such values
	case keyword.kind == keywordOther:
		return nil, errDateTimeUnhandled
	}
	return nil, errDateTimeSyntax
}

// transactionStart returns pgway's transaction start, the value of now(),
// as a DuckDB timestamptz, which the cast around it converts to the
// date, time or timestamp in the session's time zone.
func transactionStart(location int32) *pg.Node {
	return typeCast(pg.MakeAConstStrNode(transactionStartMarker(), location), "timestamptz", location)
}

// relativeDay returns today, tomorrow or yesterday as the date of pgway's
// transaction start in the session's time zone, plus 1, 0 or -1 days.
func relativeDay(word string, location int32) *pg.Node {
	today := typeCast(transactionStart(location), "date", location)
	switch word {
	case "tomorrow":
		return binaryOp("+", today, pg.MakeAConstIntNode(1, location), location)
	case "yesterday":
		return binaryOp("-", today, pg.MakeAConstIntNode(1, location), location)
	}
	return today
}

// centuryUnits are the date_trunc units of PostgreSQL 15 for a century
// and a millennium, with the number of years of each.
var centuryUnits = map[string]int64{
	"c": 100, "cent": 100, "centuries": 100, "century": 100,
	"mil": 1000, "mils": 1000, "millennia": 1000, "millennium": 1000,
}

// truncateToCentury rewrites date_trunc('century', x) and
// date_trunc('millennium', x): PostgreSQL's centuries start in years
// 1, 101, ..., 2001, and DuckDB's in 0, 100, ..., 2000. Before year 1 a
// PostgreSQL century runs from 100 BC back to 1 BC, so its start is the
// earliest year. With y = year(x), counting 1 BC as 0 as DuckDB does,
// and N years to the unit, the call becomes
//
//	CASE WHEN isfinite(x) THEN date_trunc('year', x) - to_years(
//	  CASE WHEN y > 0 THEN (y - 1) % N ELSE (N - (1 - y) % N) % N END) ELSE x END
//
// which keeps x's type, timestamp or timestamptz, and its session time
// zone.
func truncateToCentury(n *pg.Node, fc *pg.FuncCall) {
	c := fc.Args[0].GetAConst()
	if c == nil || c.GetSval() == nil {
		return
	}
	years := centuryUnits[strings.ToLower(c.GetSval().Sval)]
	if years == 0 {
		return
	}
	x, loc := fc.Args[1], fc.Location
	year := func() *pg.Node { return funcCall("year", loc, proto.Clone(x).(*pg.Node)) }
	unit := func() *pg.Node { return pg.MakeAConstIntNode(years, loc) }
	afterChrist := binaryOp("%", binaryOp("-", year(), pg.MakeAConstIntNode(1, loc), loc), unit(), loc)
	beforeChrist := binaryOp("%", binaryOp("-", unit(),
		binaryOp("%", binaryOp("-", pg.MakeAConstIntNode(1, loc), year(), loc), unit(), loc), loc), unit(), loc)
	positive := binaryOp(">", year(), pg.MakeAConstIntNode(0, loc), loc)
	offset := typeCast(searchedCase(loc, beforeChrist, positive, afterChrist), "int4", loc)
	yearStart := funcCall("date_trunc", loc, pg.MakeAConstStrNode("year", loc), proto.Clone(x).(*pg.Node))
	truncated := binaryOp("-", yearStart, funcCall("to_years", loc, offset), loc)
	finite := funcCall("isfinite", loc, proto.Clone(x).(*pg.Node))
	n.Node = searchedCase(loc, x, finite, truncated).Node
}
