package snowflakeemu

import (
	"strings"
)

// callRewrites run Snowflake functions on DuckDB with Snowflake's
// semantics, by upper-case name.
var callRewrites map[string]callRewrite

func init() {
	callRewrites = map[string]callRewrite{
		"DATEADD": rewriteDateAdd, "TIMESTAMPADD": rewriteDateAdd,
		"DATE_PART": rewriteDatePart, "DATE_TRUNC": rewriteDateTrunc,
		"DAYOFWEEKISO": renamed("isodow", 1), "WEEKISO": renamed("week", 1),
		"YEAROFWEEKISO": renamed("isoyear", 1), "DAYOFYEAR": renamed("dayofyear", 1),
		"TO_TIMESTAMP_LTZ": toTimestamp("TIMESTAMPTZ"), "TO_TIMESTAMP_NTZ": toTimestamp("TIMESTAMP"),
		"TO_TIMESTAMP": toTimestamp("TIMESTAMP"), "TO_DATE": rewriteToDate,
		"REGEXP_INSTR": rewriteRegexpInstr, "REGEXP_LIKE": rewriteRegexpLike, "RLIKE": rewriteRegexpLike,
		"REGEXP_REPLACE":   rewriteRegexpReplace,
		"LISTAGG":          rewriteListagg,
		"STRIP_NULL_VALUE": renamed("sf_strip_null_value", 1), "IS_ARRAY": renamed("sf_is_array", 1),
		"ARRAY_CONSTRUCT": rewriteArrayConstruct, "ARRAY_SIZE": renamed("sf_array_size", 1),
		"ARRAY_CONTAINS": rewriteArrayContains, "ARRAYS_OVERLAP": jsonFunction("sf_arrays_overlap", false, 2),
		"ARRAY_EXCEPT": jsonFunction("sf_array_except", true, 2), "ARRAY_DISTINCT": jsonFunction("sf_array_distinct", true, 1),
		"GREATEST": rewriteStrictExtreme("greatest"), "LEAST": rewriteStrictExtreme("least"),
		"GREATEST_IGNORE_NULLS": renamed("greatest", -1), "LEAST_IGNORE_NULLS": renamed("least", -1),
		"CHARINDEX": rewriteCharindex, "UNIFORM": rewriteUniform, "TYPEOF": rewriteTypeof,
		"TO_BINARY": rewriteToBinary, "BITXOR": renamed("xor", 2),
		"BOOLAND_AGG": renamed("bool_and", 1), "BOOLOR_AGG": renamed("bool_or", 1),
		"STARTSWITH": renamed("starts_with", 2), "DATE_FROM_PARTS": renamed("sf_date_from_parts", 3),
		"OBJECT_CONSTRUCT_KEEP_NULL": rewriteObjectConstruct,
	}
}

// renamed calls DuckDB's function name with the same arguments, n of
// them, or any number when n is -1.
func renamed(name string, n int) callRewrite {
	return func(c *call) ([]token, error) {
		if n >= 0 {
			if err := argumentCount(c, n, n); err != nil {
				return nil, err
			}
		} else if err := argumentCount(c, 1, 1000); err != nil {
			return nil, err
		}
		return build(name+"(", join(c.args), ")"), nil
	}
}

// datePart returns the canonical name of one of Snowflake's date and time
// parts, or "".
func datePart(name string) string {
	for canonical, aliases := range datePartAliases {
		for _, a := range aliases {
			if strings.EqualFold(name, a) {
				return canonical
			}
		}
	}
	return ""
}

// datePartAliases are the names Snowflake accepts for each date or time
// part (docs: "Supported date and time parts").
var datePartAliases = map[string][]string{
	"year":              {"year", "y", "yy", "yyy", "yyyy", "yr", "years", "yrs"},
	"quarter":           {"quarter", "q", "qtr", "qtrs", "quarters"},
	"month":             {"month", "mm", "mon", "mons", "months"},
	"week":              {"week", "w", "wk", "weekofyear", "woy", "wy"},
	"day":               {"day", "d", "dd", "days", "dayofmonth"},
	"hour":              {"hour", "h", "hh", "hr", "hours", "hrs"},
	"minute":            {"minute", "m", "mi", "min", "minutes", "mins"},
	"second":            {"second", "s", "sec", "seconds", "secs"},
	"millisecond":       {"millisecond", "ms", "msec", "milliseconds"},
	"microsecond":       {"microsecond", "us", "usec", "microseconds"},
	"nanosecond":        {"nanosecond", "ns", "nsec", "nanosec", "nsecond", "nanoseconds", "nanosecs", "nseconds"},
	"dayofweek":         {"dayofweek", "weekday", "dow", "dw"},
	"dayofweekiso":      {"dayofweekiso", "weekday_iso", "dow_iso", "dw_iso"},
	"dayofyear":         {"dayofyear", "yearday", "doy", "dy"},
	"weekiso":           {"weekiso", "week_iso", "weekofyeariso", "weekofyear_iso"},
	"yearofweekiso":     {"yearofweekiso"},
	"epoch_second":      {"epoch_second", "epoch", "epoch_seconds"},
	"epoch_millisecond": {"epoch_millisecond", "epoch_milliseconds"},
	"epoch_microsecond": {"epoch_microsecond", "epoch_microseconds"},
	"epoch_nanosecond":  {"epoch_nanosecond", "epoch_nanoseconds"},
}

// rewriteDateAdd runs DATEADD(part, n, x). Adding years, quarters, months,
// weeks or days keeps x's type, a DATE included. Adding a time part to a
// DATE gives a TIMESTAMP_NTZ. A month that lacks the day of x ends at its
// last day.
func rewriteDateAdd(c *call) ([]token, error) {
	if err := argumentCount(c, 3, 3); err != nil {
		return nil, err
	}
	name, _ := literal(c.args[0])
	part := datePart(name)
	function := "sf_dateadd_time"
	switch part {
	case "year", "quarter", "month", "week", "day":
		function = "sf_dateadd_date"
	case "hour", "minute", "second", "millisecond", "microsecond", "nanosecond":
	default:
		return nil, invalidPart(c.name, name)
	}
	return build(function+"('"+part+"', ", c.args[1], ", ", c.args[2], ")"), nil
}

func invalidPart(function, name string) error {
	return &Error{Code: "002099", SQLState: "22023",
		Message: "SQL compilation error:\nInvalid date/time part '" + name + "' for function " + function}
}

// rewriteDateTrunc runs DATE_TRUNC(part, x), which keeps the type of x,
// a DATE included.
func rewriteDateTrunc(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 2); err != nil {
		return nil, err
	}
	name, _ := literal(c.args[0])
	switch part := datePart(name); part {
	case "year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond", "nanosecond":
		return build("sf_date_trunc('"+part+"', ", c.args[1], ")"), nil
	}
	return nil, invalidPart(c.name, name)
}

// rewriteDatePart runs DATE_PART(part, x).
func rewriteDatePart(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 2); err != nil {
		return nil, err
	}
	name, _ := literal(c.args[0])
	x := parenthesized(c.args[1])
	switch part := datePart(name); part {
	case "":
		return nil, invalidPart(c.name, name)
	case "epoch_second":
		return build("CAST(floor(epoch(", x, ")) AS BIGINT)"), nil
	case "epoch_millisecond":
		return build("epoch_ms(", x, ")"), nil
	case "epoch_microsecond":
		return build("epoch_us(", x, ")"), nil
	case "epoch_nanosecond":
		return build("epoch_ns(", x, ")"), nil
	case "nanosecond":
		// The nanoseconds of the second, from DuckDB's microseconds.
		return build("(microsecond(", x, ") % 1000000) * 1000"), nil
	case "millisecond", "microsecond":
		return nil, notEmulated("DATE_PART of %s", part)
	case "dayofweekiso":
		return build("isodow(", x, ")"), nil
	case "weekiso":
		return build("week(", x, ")"), nil
	case "yearofweekiso":
		return build("isoyear(", x, ")"), nil
	default:
		return build("date_part('"+part+"', ", x, ")"), nil
	}
}

// toTimestamp runs TO_TIMESTAMP_LTZ and TO_TIMESTAMP_NTZ of a string with
// an optional format, of a timestamp, or of a number since the epoch: of
// seconds, milliseconds, microseconds or nanoseconds by its size.
func toTimestamp(duckType string) callRewrite {
	return func(c *call) ([]token, error) {
		if err := argumentCount(c, 1, 2); err != nil {
			return nil, err
		}
		x := parenthesized(c.args[0])
		if len(c.args) == 2 {
			format, err := strptimeFormat(c.args[1])
			if err != nil {
				return nil, err
			}
			return build("CAST(strptime(", x, ", "+quoteString(format)+") AS "+duckType+")"), nil
		}
		if _, ok := intLiteral(c.args[0]); ok || len(c.args[0]) == 1 && c.args[0][0].kind == tokenNumber {
			return build("CAST(sf_epoch_timestamp(", x, ") AS "+duckType+")"), nil
		}
		if len(c.args[0]) == 1 && c.args[0][0].kind == tokenString {
			return build("CAST(", x, " AS "+duckType+")"), nil
		}
		return build("CAST(sf_to_timestamp(", x, ") AS "+duckType+")"), nil
	}
}

// rewriteToDate runs TO_DATE and DATE of a string with an optional
// format, or of a timestamp.
func rewriteToDate(c *call) ([]token, error) {
	if err := argumentCount(c, 1, 2); err != nil {
		return nil, err
	}
	x := parenthesized(c.args[0])
	if len(c.args) == 2 {
		format, err := strptimeFormat(c.args[1])
		if err != nil {
			return nil, err
		}
		return build("CAST(strptime(", x, ", "+quoteString(format)+") AS DATE)"), nil
	}
	return build("CAST(", x, " AS DATE)"), nil
}

// strptimeFormats are Snowflake's format elements and DuckDB's strptime
// specifiers, longest first.
var strptimeFormats = []struct{ element, spec string }{
	{"YYYY", "%Y"}, {"MMMM", "%B"}, {"HH24", "%H"}, {"HH12", "%I"}, {"TZH:TZM", "%z"},
	{"FF9", "%n"}, {"FF6", "%f"}, {"FF3", "%g"}, {"FF", "%n"},
	{"MON", "%b"}, {"DY", "%a"}, {"YY", "%y"}, {"MM", "%m"}, {"DD", "%d"}, {"HH", "%H"},
	{"MI", "%M"}, {"SS", "%S"}, {"AM", "%p"}, {"PM", "%p"},
}

// strptimeFormat converts a constant Snowflake format to DuckDB's.
func strptimeFormat(arg []token) (string, error) {
	if len(arg) != 1 || arg[0].kind != tokenString {
		return "", notEmulated("a date or time format that is not a constant")
	}
	format := arg[0].text
	var b strings.Builder
	for i := 0; i < len(format); {
		if format[i] == '"' {
			end := strings.IndexByte(format[i+1:], '"')
			if end < 0 {
				return "", &Error{Code: "100096", SQLState: "22007", Message: "Can't parse format '" + format + "'"}
			}
			b.WriteString(strings.ReplaceAll(format[i+1:i+1+end], "%", "%%"))
			i += end + 2
			continue
		}
		matched := false
		for _, f := range strptimeFormats {
			if len(format)-i >= len(f.element) && strings.EqualFold(format[i:i+len(f.element)], f.element) {
				b.WriteString(f.spec)
				i += len(f.element)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if c := format[i]; c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return "", notEmulated("the format element at %q", format[i:])
		}
		if format[i] == '%' {
			b.WriteByte('%')
		}
		b.WriteByte(format[i])
		i++
	}
	return b.String(), nil
}

// regexpFlags returns the inline flags of RE2 for Snowflake's regular
// expression parameters: c (case-sensitive, the default), i, m, s and e,
// the last of c and i winning.
func regexpFlags(c *call, arg []token) (string, error) {
	params := "c"
	if arg != nil {
		text, ok := literal(arg)
		if !ok || arg[0].kind != tokenString {
			return "", notEmulated("%s with parameters that are not a constant", c.name)
		}
		params = text
	}
	caseless, multiline, dotall := false, false, false
	for _, p := range params {
		switch p {
		case 'c':
			caseless = false
		case 'i':
			caseless = true
		case 'm':
			multiline = true
		case 's':
			dotall = true
		case 'e':
		default:
			return "", &Error{Code: "100048", SQLState: "22023",
				Message: "Invalid regular expression parameters '" + params + "'"}
		}
	}
	var flags string
	if caseless {
		flags += "i"
	}
	if multiline {
		flags += "m"
	}
	if dotall {
		flags += "s"
	}
	if flags == "" {
		return "", nil
	}
	return "(?" + flags + ")", nil
}

// pattern returns a pattern argument with the flags before it.
func pattern(flags string, arg []token) []token {
	if flags == "" {
		return parenthesized(arg)
	}
	return build("("+quoteString(flags)+" || ", parenthesized(arg), ")")
}

// optionalArg returns argument i, or nil.
func optionalArg(c *call, i int) []token {
	if i < len(c.args) {
		return c.args[i]
	}
	return nil
}

// checkPositionOccurrence accepts a position of 1 and the occurrences
// that allowed lists, the only ones the emulator runs.
func checkPositionOccurrence(c *call, position, occurrence []token, allowed ...int) (int, error) {
	if position != nil {
		if n, ok := intLiteral(position); !ok || n != 1 {
			return 0, notEmulated("%s with a position other than 1", c.name)
		}
	}
	n := allowed[0]
	if occurrence != nil {
		var ok bool
		if n, ok = intLiteral(occurrence); !ok {
			return 0, notEmulated("%s with an occurrence that is not a constant", c.name)
		}
	}
	for _, a := range allowed {
		if n == a {
			return n, nil
		}
	}
	return 0, notEmulated("%s with occurrence %d", c.name, n)
}

// rewriteRegexpInstr runs REGEXP_INSTR(subject, pattern [, position [,
// occurrence [, option [, parameters]]]]): the position of the first
// match, or of the character after it with option 1; 0 without a match.
func rewriteRegexpInstr(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 6); err != nil {
		return nil, err
	}
	if _, err := checkPositionOccurrence(c, optionalArg(c, 2), optionalArg(c, 3), 1); err != nil {
		return nil, err
	}
	function := "sf_regexp_instr_start"
	if option := optionalArg(c, 4); option != nil {
		n, ok := intLiteral(option)
		switch {
		case !ok || n < 0 || n > 1:
			return nil, notEmulated("REGEXP_INSTR with option other than 0 or 1")
		case n == 1:
			function = "sf_regexp_instr_end"
		}
	}
	flags, err := regexpFlags(c, optionalArg(c, 5))
	if err != nil {
		return nil, err
	}
	return build(function+"(", c.args[0], ", ", pattern(flags, c.args[1]), ")"), nil
}

// rewriteRegexpLike runs REGEXP_LIKE and RLIKE, which match the whole
// subject.
func rewriteRegexpLike(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 3); err != nil {
		return nil, err
	}
	flags, err := regexpFlags(c, optionalArg(c, 2))
	if err != nil {
		return nil, err
	}
	return build("regexp_full_match(", c.args[0], ", ", pattern(flags, c.args[1]), ")"), nil
}

// rewriteRegexpReplace runs REGEXP_REPLACE(subject, pattern [,
// replacement [, position [, occurrence [, parameters]]]]), which
// replaces every match (occurrence 0) unless occurrence 1 requests only
// the first.
func rewriteRegexpReplace(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 6); err != nil {
		return nil, err
	}
	occurrence, err := checkPositionOccurrence(c, optionalArg(c, 3), optionalArg(c, 4), 0, 1)
	if err != nil {
		return nil, err
	}
	flags, err := regexpFlags(c, optionalArg(c, 5))
	if err != nil {
		return nil, err
	}
	replacement := optionalArg(c, 2)
	if replacement == nil {
		replacement = build("''")
	}
	options := "'g'"
	if occurrence == 1 {
		options = "''"
	}
	return build("regexp_replace(", c.args[0], ", ", pattern(flags, c.args[1]), ", ", replacement, ", "+options+")"), nil
}

// rewriteListagg runs LISTAGG(x [, separator]) [WITHIN GROUP (ORDER BY
// ...)], which returns an empty string when every value is NULL.
func rewriteListagg(c *call) ([]token, error) {
	if err := argumentCount(c, 1, 2); err != nil {
		return nil, err
	}
	separator := optionalArg(c, 1)
	if separator == nil {
		separator = build("''")
	}
	agg := build("string_agg(", c.args[0], ", ", separator)
	if c.within != nil {
		agg = append(agg, raw(" "))
		agg = append(agg, c.within...)
	}
	agg = append(agg, raw(")"))
	if c.over {
		return nil, notEmulated("LISTAGG as a window function")
	}
	return build("COALESCE(", agg, ", '')"), nil
}

// rewriteArrayConstruct builds an ARRAY from values of any types.
func rewriteArrayConstruct(c *call) ([]token, error) {
	if len(c.args) == 0 {
		return build("CAST('[]' AS JSON)"), nil
	}
	return build("CAST(json_array(", join(c.args), ") AS JSON)"), nil
}

// rewriteObjectConstruct runs OBJECT_CONSTRUCT_KEEP_NULL(key, value, ...),
// which keeps NULL values as JSON nulls.
func rewriteObjectConstruct(c *call) ([]token, error) {
	if len(c.args)%2 != 0 {
		return nil, argumentCount(c, len(c.args)+1, len(c.args)+1)
	}
	if len(c.args) == 0 {
		return build("CAST('{}' AS JSON)"), nil
	}
	return build("CAST(json_object(", join(c.args), ") AS JSON)"), nil
}

// rewriteArrayContains runs ARRAY_CONTAINS(value, array). A value that is
// not a VARIANT is converted to one, as Snowflake casts it implicitly.
func rewriteArrayContains(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 2); err != nil {
		return nil, err
	}
	return build("sf_array_contains(CAST(to_json(", c.args[0], ") AS VARCHAR), CAST(", c.args[1], " AS VARCHAR))"), nil
}

// jsonFunction calls a function of udf.go on the JSON text of n
// arguments, whose result is JSON when json is set.
func jsonFunction(name string, json bool, n int) callRewrite {
	return func(c *call) ([]token, error) {
		if err := argumentCount(c, n, n); err != nil {
			return nil, err
		}
		var args [][]token
		for _, a := range c.args {
			args = append(args, build("CAST(", a, " AS VARCHAR)"))
		}
		out := build(name+"(", join(args), ")")
		if json {
			out = build("CAST(", out, " AS JSON)")
		}
		return out, nil
	}
}

// rewriteStrictExtreme runs GREATEST and LEAST, which return NULL when
// an argument is NULL. DuckDB's skip NULLs, as GREATEST_IGNORE_NULLS does.
func rewriteStrictExtreme(name string) callRewrite {
	return func(c *call) ([]token, error) {
		if err := argumentCount(c, 1, 1000); err != nil {
			return nil, err
		}
		out := build("CASE WHEN ")
		for i, a := range c.args {
			if i > 0 {
				out = append(out, raw(" OR "))
			}
			out = append(out, parenthesized(a)...)
			out = append(out, raw(" IS NULL"))
		}
		return build(out, " THEN NULL ELSE "+name+"(", join(c.args), ") END"), nil
	}
}

// rewriteCharindex runs CHARINDEX(sub, s [, start]).
func rewriteCharindex(c *call) ([]token, error) {
	if err := argumentCount(c, 2, 3); err != nil {
		return nil, err
	}
	if len(c.args) == 2 {
		return build("strpos(", c.args[1], ", ", c.args[0], ")"), nil
	}
	return build("sf_charindex(", join(c.args), ")"), nil
}

// rewriteUniform runs UNIFORM(min, max, generator): a FLOAT between min
// and max when either is a FLOAT or a constant with a fraction, else an
// integer between them, both included. The generator is ignored.
func rewriteUniform(c *call) ([]token, error) {
	if err := argumentCount(c, 3, 3); err != nil {
		return nil, err
	}
	isFloat := func(arg []token) bool {
		for _, t := range arg {
			if t.kind == tokenNumber && strings.ContainsAny(t.text, ".eE") ||
				t.kind == tokenWord && strings.Contains("FLOAT FLOAT4 FLOAT8 DOUBLE REAL", strings.ToUpper(t.text)) {
				return true
			}
		}
		return false
	}
	low, high := parenthesized(c.args[0]), parenthesized(c.args[1])
	if isFloat(c.args[0]) || isFloat(c.args[1]) {
		return build("CAST(", low, " AS DOUBLE) + random() * (CAST(", high, " AS DOUBLE) - CAST(", low, " AS DOUBLE))"), nil
	}
	return build("CAST(floor(", low, " + random() * (", high, " - ", low, " + 1)) AS BIGINT)"), nil
}

// rewriteTypeof runs TYPEOF of a VARIANT. TYPEOF(TO_VARIANT(x)) names the
// type of x, which the emulator's VARIANT, DuckDB's JSON, does not keep.
func rewriteTypeof(c *call) ([]token, error) {
	if err := argumentCount(c, 1, 1); err != nil {
		return nil, err
	}
	x := c.args[0]
	if inner, ok := toVariantArg(x); ok {
		x = inner
	}
	return build("sf_variant_type(typeof(", x, "), CAST(to_json(", x, ") AS VARCHAR))"), nil
}

// toVariantArg returns x of an argument that is TO_VARIANT(x).
func toVariantArg(arg []token) ([]token, bool) {
	if len(arg) < 3 || !isWordToken(arg, 0, "TO_VARIANT") {
		return nil, false
	}
	open := skipSpace(arg, 1)
	c := &call{name: "TO_VARIANT"}
	end, err := c.readArgs(arg, open)
	if err != nil || end != len(arg)-1 || len(c.args) != 1 {
		return nil, false
	}
	return c.args[0], true
}

// rewriteToBinary runs TO_BINARY(x [, format]) with the formats HEX (the
// default), BASE64 and UTF-8.
func rewriteToBinary(c *call) ([]token, error) {
	if err := argumentCount(c, 1, 2); err != nil {
		return nil, err
	}
	format := "HEX"
	if len(c.args) == 2 {
		text, ok := literal(c.args[1])
		if !ok {
			return nil, notEmulated("TO_BINARY with a format that is not a constant")
		}
		format = strings.ToUpper(text)
	}
	switch format {
	case "HEX":
		return build("unhex(", c.args[0], ")"), nil
	case "BASE64":
		return build("from_base64(", c.args[0], ")"), nil
	case "UTF-8", "UTF8":
		return build("encode(", c.args[0], ")"), nil
	}
	return nil, &Error{Code: "100115", SQLState: "22023", Message: "Invalid binary format '" + format + "'"}
}

// sqlMacros define the helpers of the rewrites above.
var sqlMacros = []string{
	"SF_STRIP_NULL_VALUE(v) AS CASE WHEN CAST(v AS VARCHAR) = 'null' THEN NULL ELSE v END",
	"SF_IS_ARRAY(v) AS json_type(v) = 'ARRAY'",
	// Months and days out of range carry into the next larger part.
	"SF_DATE_FROM_PARTS(y, m, d) AS CAST(make_date(y, 1, 1) + to_months(m - 1) + to_days(d - 1) AS DATE)",
	"SF_ARRAY_SIZE(a) AS CASE WHEN json_type(a) = 'ARRAY' THEN CAST(json_array_length(a) AS BIGINT) END",
	"SF_CHARINDEX(sub, s, start) AS CASE WHEN strpos(substr(s, start), sub) = 0 THEN 0 " +
		"ELSE strpos(substr(s, start), sub) + start - 1 END",
	// The leftmost match starts after the shortest prefix that a match
	// follows.
	"SF_REGEXP_INSTR_START(s, p) AS CASE WHEN s IS NULL OR p IS NULL THEN NULL " +
		"WHEN NOT regexp_matches(s, p) THEN 0 " +
		"ELSE length(regexp_extract(s, '^((?s:.)*?)(?:' || p || ')', 1)) + 1 END",
	"SF_REGEXP_INSTR_END(s, p) AS CASE WHEN s IS NULL OR p IS NULL THEN NULL " +
		"WHEN NOT regexp_matches(s, p) THEN 0 " +
		"ELSE length(regexp_extract(s, '^((?s:.)*?(?:' || p || '))', 1)) + 1 END",
	// Snowflake reads a number as seconds, milliseconds, microseconds or
	// nanoseconds since the epoch by its size.
	"SF_EPOCH_TIMESTAMP(n) AS CASE WHEN abs(n) < 31536000000 THEN to_timestamp(n) " +
		"WHEN abs(n) < 31536000000000 THEN to_timestamp(n / 1000) " +
		"WHEN abs(n) < 31536000000000000 THEN to_timestamp(n / 1000000) " +
		"ELSE to_timestamp(n / 1000000000) END",
	// The type of x, known only to DuckDB, picks the conversion. Both
	// branches bind for any type, and only the chosen one runs.
	"SF_TO_TIMESTAMP(x) AS CASE WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', " +
		"'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE') OR typeof(x) LIKE 'DECIMAL%' " +
		"THEN sf_epoch_timestamp(TRY_CAST(x AS DOUBLE)) ELSE CAST(CAST(x AS VARCHAR) AS TIMESTAMPTZ) END",
	"SF_VARIANT_TYPE(t, j) AS CASE WHEN j IS NULL THEN NULL " +
		"WHEN t = 'JSON' THEN CASE json_type(CAST(j AS JSON)) WHEN 'NULL' THEN 'NULL_VALUE' " +
		"WHEN 'BIGINT' THEN 'INTEGER' WHEN 'UBIGINT' THEN 'INTEGER' WHEN 'DOUBLE' THEN 'DECIMAL' " +
		"ELSE json_type(CAST(j AS JSON)) END " +
		"WHEN t IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT') " +
		"OR t LIKE 'DECIMAL(%,0)' THEN 'INTEGER' " +
		"WHEN t LIKE 'DECIMAL%' THEN 'DECIMAL' WHEN t IN ('DOUBLE', 'FLOAT') THEN 'DOUBLE' " +
		"WHEN t = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' WHEN t LIKE 'TIMESTAMP%' THEN 'TIMESTAMP_NTZ' " +
		"WHEN t = 'BLOB' THEN 'BINARY' WHEN t = 'GEOMETRY' THEN 'GEOGRAPHY' ELSE t END",
}
