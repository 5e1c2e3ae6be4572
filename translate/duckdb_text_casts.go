package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// textBooleanFunction reads text as PostgreSQL's boolin does. The DuckDB
// provider defines it with ParseBooleanInput.
const textBooleanFunction = "pgway_text_bool"

// ParseBooleanInput reads text as PostgreSQL 15's boolin does. It ignores
// white space around the text. The rest must be one of true, yes, on, 1,
// false, no, off and 0, in any case, or a prefix of a word that matches
// no other word. ok is false for text that PostgreSQL rejects.
func ParseBooleanInput(text string) (value, ok bool) {
	return parseBoolean(trimBooleanSpace(text))
}

// trimBooleanSpace removes the characters that C's isspace accepts, which
// boolin skips around the text.
func trimBooleanSpace(text string) string {
	return strings.Trim(text, " \t\n\r\f\v")
}

// textToBoolean reads text cast to boolean as PostgreSQL does, where
// DuckDB rejects on, off, prefixes such as tr, and white space around the
// word. booleanInput reads a string constant when the statement is
// translated, and textBooleanFunction reads other text when it runs.
func textToBoolean(tc *pg.TypeCast) {
	if staticType(tc.Arg) != typeText || len(tc.TypeName.GetArrayBounds()) > 0 {
		return
	}
	tc.Arg = funcCall(textBooleanFunction, tc.Location, tc.Arg)
}

// textToArray reads text cast to an array type as PostgreSQL's array_in
// does, where DuckDB's cast reads its own list syntax. array_in drops
// white space around an unquoted element, keeps it in a quoted one, and
// reads an unquoted NULL as a null element. textArrayFunction splits the
// text into its elements, which the cast then converts to the element
// type. It fails with 0A000 for an array of more than one dimension.
// The functions of textArrayElements read integer and boolean elements,
// since DuckDB's cast would round '1.5' to 2 or reject 'on'.
func textToArray(tc *pg.TypeCast) {
	if staticType(tc.Arg) != typeText {
		return
	}
	function := textArrayFunction
	if elements, ok := textArrayElements[lastName(tc.TypeName.GetNames())]; ok {
		function = elements
	}
	tc.Arg = funcCall(function, tc.Location, tc.Arg)
}

// textArrayElements are the functions of the DuckDB provider that read
// array text into a list of the element type, by the parser's name of
// the element type.
var textArrayElements = map[string]string{
	"int2": "pgway_text_int2_array", "int4": "pgway_text_int4_array", "int8": "pgway_text_int8_array",
	"bool": "pgway_text_bool_array",
}
