package snowflakeemu

import (
	"fmt"
	"strconv"
	"strings"
)

// sfType is a Snowflake column type as a result's rowtype describes it.
type sfType struct {
	name      string // rowtype type: fixed, real, text, timestamp_ntz, ...
	precision int
	scale     int
	length    int
	// vectorElement is "int" or "real" for a VECTOR, whose length is
	// its dimension.
	vectorElement string
}

// maxTextLength is the length of a VARCHAR declared without one.
const maxTextLength = 16777216

// declaredColumn is a column of a CREATE TABLE statement.
type declaredColumn struct {
	name    string // Snowflake name
	typ     sfType
	notNull bool
	comment *string
}

// rewritten is a Snowflake statement rewritten for DuckDB.
type rewritten struct {
	sql string
	// table and columns describe a CREATE TABLE statement, whose column
	// types the emulator records.
	table        []string // the table name's parts, Snowflake names
	columns      []declaredColumn
	tableComment *string
	// infoDatabases are the databases whose INFORMATION_SCHEMA the
	// statement reads, Snowflake names; "" is the session's database.
	infoDatabases []string
	// words are the names the statement mentions, Snowflake names, used to
	// find the declared types of result columns.
	words map[string]bool
	// castTypes are the types of the select items that are one cast with
	// an alias, such as x::VARCHAR(60) AS A, by alias: DuckDB's types keep
	// no length of a VARCHAR.
	castTypes map[string]sfType
}

// rewriter rewrites one statement's tokens.
type rewriter struct {
	tokens []token
	out    strings.Builder
	result rewritten
}

// rewrite turns a Snowflake statement into DuckDB SQL under Snowflake's
// identifier rules, and reads INFORMATION_SCHEMA in infoCatalog.
func rewrite(tokens []token) (*rewritten, error) {
	tokens, err := rewriteCalls(tokens)
	if err != nil {
		return nil, err
	}
	r := &rewriter{tokens: tokens}
	r.result.words = make(map[string]bool)
	if err := r.run(); err != nil {
		return nil, err
	}
	r.result.sql = r.out.String()
	return &r.result, nil
}

// next returns the index of the first token at or after i that is not
// space, or len(tokens).
func (r *rewriter) next(i int) int {
	for i < len(r.tokens) && r.tokens[i].kind == tokenSpace {
		i++
	}
	return i
}

func (r *rewriter) isWord(i int, words ...string) bool {
	if i < 0 || i >= len(r.tokens) || r.tokens[i].kind != tokenWord {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(r.tokens[i].text, w) {
			return true
		}
	}
	return false
}

func (r *rewriter) isSymbol(i int, s string) bool {
	return i >= 0 && i < len(r.tokens) && r.tokens[i].kind == tokenSymbol && r.tokens[i].text == s
}

func (r *rewriter) isName(i int) bool {
	return i >= 0 && i < len(r.tokens) && (r.tokens[i].kind == tokenWord || r.tokens[i].kind == tokenQuoted)
}

// paren is an open parenthesis and what it belongs to.
type paren struct {
	cast bool // CAST( or TRY_CAST(
	// open is the index of the parenthesis, and castType the type of a
	// CAST's AS.
	open     int
	castType *sfType
	// columns is set for the column list of CREATE TABLE.
	columns bool
}

func (r *rewriter) run() error {
	createTable := r.createTablePrefix()
	var stack []paren
	expectType := false
	castAt := -1 // the index of the last ::
	atColumnStart := false
	var column *declaredColumn
	for i := 0; i < len(r.tokens); i++ {
		t := r.tokens[i]
		switch {
		case t.kind == tokenSpace:
			r.out.WriteByte(' ')
			continue
		case t.kind == tokenSymbol && t.text == "(":
			p := paren{open: i}
			if prev := r.prevSignificant(i); prev >= 0 && r.isWord(prev, "CAST", "TRY_CAST") {
				p.cast = true
			}
			if createTable > 0 && len(stack) == 0 && i >= createTable && len(r.result.columns) == 0 && column == nil {
				p.columns = true
				atColumnStart = true
			}
			stack = append(stack, p)
			r.out.WriteByte('(')
			continue
		case t.kind == tokenSymbol && t.text == ")":
			if len(stack) > 0 {
				if stack[len(stack)-1].columns {
					r.finishColumn(&column)
					stack = stack[:len(stack)-1]
					r.out.WriteByte(')')
					i = r.tableOptions(i + 1)
					continue
				}
				if top := stack[len(stack)-1]; top.cast && top.castType != nil {
					r.recordCast(r.prevSignificant(top.open), i+1, *top.castType)
				}
				stack = stack[:len(stack)-1]
			}
			r.out.WriteByte(')')
			continue
		case t.kind == tokenSymbol && t.text == "," && len(stack) > 0 && stack[len(stack)-1].columns:
			r.finishColumn(&column)
			atColumnStart = true
			r.out.WriteByte(',')
			continue
		case t.kind == tokenSymbol && t.text == "::":
			expectType = true
			castAt = i
			r.out.WriteString("::")
			continue
		}

		if atColumnStart && r.isName(i) && !r.isWord(i, "PRIMARY", "CONSTRAINT", "UNIQUE", "FOREIGN") {
			atColumnStart = false
			column = &declaredColumn{name: identifierName(t)}
			r.writeName(t)
			j := r.next(i + 1)
			typeSQL, typ, end, err := r.parseType(j)
			if err != nil {
				return err
			}
			column.typ = typ
			r.out.WriteByte(' ')
			r.out.WriteString(typeSQL)
			i = end - 1
			continue
		}
		atColumnStart = false
		if column != nil && r.isWord(i, "COMMENT") {
			j := r.next(i + 1)
			if j < len(r.tokens) && r.tokens[j].kind == tokenString {
				comment := r.tokens[j].text
				column.comment = &comment
				i = j
				continue
			}
		}
		if column != nil && r.isWord(i, "NOT") && r.isWord(r.next(i+1), "NULL") {
			column.notNull = true
		}

		if expectType || r.isWord(i, "AS") && len(stack) > 0 && stack[len(stack)-1].cast {
			postfix := expectType
			if !expectType {
				r.out.WriteString("AS ")
				i = r.next(i + 1)
			}
			expectType = false
			typeSQL, typ, end, err := r.parseType(i)
			if err != nil {
				return err
			}
			if postfix {
				r.recordCast(r.operandStart(castAt), end, typ)
			} else {
				stack[len(stack)-1].castType = &typ
			}
			r.out.WriteString(typeSQL)
			i = end - 1
			continue
		}
		if err := r.writeToken(i); err != nil {
			return err
		}
	}
	return nil
}

// operandStart returns the index of the first token of the operand
// before the :: at i: a name, possibly qualified, a literal, or a
// parenthesized expression or function call. It returns -1 for another
// operand.
func (r *rewriter) operandStart(i int) int {
	j := r.prevSignificant(i)
	switch {
	case r.isSymbol(j, ")"):
		depth := 0
		for ; j >= 0; j-- {
			if r.isSymbol(j, ")") {
				depth++
			} else if r.isSymbol(j, "(") {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		if name := r.prevSignificant(j); name >= 0 && r.isName(name) {
			return name
		}
		return j
	case r.isName(j):
		for dot := r.prevSignificant(j); r.isSymbol(dot, ".") && r.isName(r.prevSignificant(dot)); dot = r.prevSignificant(j) {
			j = r.prevSignificant(dot)
		}
		return j
	case j >= 0 && (r.tokens[j].kind == tokenString || r.tokens[j].kind == tokenNumber):
		return j
	}
	return -1
}

// recordCast records typ as the type of a select item that starts at
// token start, a cast that ends before token end and is followed by AS
// and the item's alias.
func (r *rewriter) recordCast(start, end int, typ sfType) {
	if start < 0 {
		return
	}
	before := r.prevSignificant(start)
	if !(r.isSymbol(before, ",") || r.isWord(before, "SELECT", "DISTINCT")) {
		return
	}
	as := r.next(end)
	alias := r.next(as + 1)
	if !r.isWord(as, "AS") || !r.isName(alias) {
		return
	}
	if r.result.castTypes == nil {
		r.result.castTypes = make(map[string]sfType)
	}
	name := identifierName(r.tokens[alias])
	if _, seen := r.result.castTypes[name]; seen {
		// Two items of one name: which column is which is unknown.
		typ = sfType{name: "ambiguous"}
	}
	r.result.castTypes[name] = typ
}

func (r *rewriter) prevSignificant(i int) int {
	for i--; i >= 0 && r.tokens[i].kind == tokenSpace; i-- {
	}
	return i
}

// createTablePrefix returns the index of the token after the table name
// of a CREATE TABLE statement, recording the name, or 0 for another
// statement.
func (r *rewriter) createTablePrefix() int {
	i := r.next(0)
	if !r.isWord(i, "CREATE") {
		return 0
	}
	i = r.next(i + 1)
	if r.isWord(i, "OR") {
		i = r.next(r.next(i+1) + 1)
	}
	for r.isWord(i, "TRANSIENT", "TEMPORARY", "TEMP", "LOCAL", "GLOBAL", "VOLATILE") {
		i = r.next(i + 1)
	}
	if !r.isWord(i, "TABLE") {
		return 0
	}
	i = r.next(i + 1)
	if r.isWord(i, "IF") {
		i = r.next(r.next(r.next(i+1)+1) + 1)
	}
	var name []string
	for r.isName(i) {
		name = append(name, identifierName(r.tokens[i]))
		j := r.next(i + 1)
		if !r.isSymbol(j, ".") {
			i = j
			break
		}
		i = r.next(j + 1)
	}
	if !r.isSymbol(i, "(") {
		return 0
	}
	r.result.table = name
	return i
}

func (r *rewriter) finishColumn(column **declaredColumn) {
	if *column != nil {
		r.result.columns = append(r.result.columns, **column)
		*column = nil
	}
}

// tableOptions skips Snowflake's table options after the column list,
// keeping COMMENT = '...', and returns the index of the last token read.
func (r *rewriter) tableOptions(i int) int {
	last := i - 1
	for {
		j := r.next(i)
		if !r.isWord(j, "COMMENT") {
			return last
		}
		k := r.next(j + 1)
		if r.isSymbol(k, "=") {
			k = r.next(k + 1)
		}
		if k >= len(r.tokens) || r.tokens[k].kind != tokenString {
			return last
		}
		comment := r.tokens[k].text
		r.result.tableComment = &comment
		last, i = k, k+1
	}
}

// writeToken writes the DuckDB form of token i.
func (r *rewriter) writeToken(i int) error {
	t := r.tokens[i]
	switch t.kind {
	case tokenString:
		r.out.WriteString(quoteString(t.text))
	case tokenNumber, tokenSymbol, tokenRaw:
		r.out.WriteString(t.text)
	case tokenParam:
		if t.text == "?" {
			r.out.WriteByte('?')
		} else {
			r.out.WriteString("$" + t.text[1:])
		}
	case tokenWord, tokenQuoted:
		if t.kind == tokenWord && strings.EqualFold(t.text, "INFORMATION_SCHEMA") {
			r.writeInformationSchema(i)
			return nil
		}
		r.writeName(t)
	}
	return nil
}

// writeName writes an identifier or keyword. An unquoted word is written
// in upper case without quotes: its DuckDB name is itself, and keywords
// stay keywords.
func (r *rewriter) writeName(t token) {
	name := identifierName(t)
	r.result.words[name] = true
	if t.kind == tokenWord {
		r.out.WriteString(name)
		return
	}
	r.out.WriteString(quoteDuck(encodeName(name)))
}

// writeInformationSchema replaces INFORMATION_SCHEMA, alone or after a
// database name, with the schema of the emulated views.
func (r *rewriter) writeInformationSchema(i int) {
	database := ""
	if dot := r.prevSignificant(i); dot >= 0 && r.isSymbol(dot, ".") {
		if name := r.prevSignificant(dot); name >= 0 && r.isName(name) {
			database = identifierName(r.tokens[name])
			// The database name and the dot are already written: take
			// them back.
			text := r.out.String()
			cut := strings.LastIndex(text, quoteDuck(encodeName(database)))
			if cut < 0 {
				cut = strings.LastIndex(text, database)
			}
			if cut >= 0 {
				r.out.Reset()
				r.out.WriteString(text[:cut])
			}
		}
	}
	r.result.infoDatabases = append(r.result.infoDatabases, database)
	r.out.WriteString(infoCatalog + "." + quoteDuck(infoSchemaName(database)))
}

// parseType reads the type that starts at token i and returns its DuckDB
// text, its Snowflake description and the index after it.
func (r *rewriter) parseType(i int) (string, sfType, int, error) {
	i = r.next(i)
	if !r.isName(i) {
		return "", sfType{}, i, syntaxError("a type name is missing")
	}
	name := strings.ToUpper(r.tokens[i].text)
	end := i + 1
	var args []string
	if j := r.next(end); r.isSymbol(j, "(") {
		k := j + 1
		for ; k < len(r.tokens) && !r.isSymbol(k, ")"); k++ {
			if t := r.tokens[k]; t.kind == tokenNumber || t.kind == tokenWord {
				args = append(args, strings.ToUpper(t.text))
			}
		}
		if k >= len(r.tokens) {
			return "", sfType{}, k, syntaxError("unterminated type arguments")
		}
		end = k + 1
	}
	number := func(k, fallback int) (int, error) {
		if k >= len(args) {
			return fallback, nil
		}
		n, err := strconv.Atoi(args[k])
		if err != nil {
			return 0, syntaxError(fmt.Sprintf("invalid type argument %q", args[k]))
		}
		return n, nil
	}
	switch name {
	case "NUMBER", "NUMERIC", "DECIMAL", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
		precision, err := number(0, 38)
		if err != nil {
			return "", sfType{}, end, err
		}
		scale, err := number(1, 0)
		if err != nil {
			return "", sfType{}, end, err
		}
		if precision < 1 || precision > 38 || scale < 0 || scale > precision {
			return "", sfType{}, end, &Error{Code: "001003", SQLState: "42000",
				Message: fmt.Sprintf("SQL compilation error: invalid precision or scale (%d,%d)", precision, scale)}
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", precision, scale), sfType{name: "fixed", precision: precision, scale: scale}, end, nil
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL":
		if r.isWord(r.next(end), "PRECISION") {
			end = r.next(end) + 1
		}
		return "DOUBLE", sfType{name: "real"}, end, nil
	case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR":
		length, err := number(0, maxTextLength)
		if (name == "CHAR" || name == "CHARACTER" || name == "NCHAR") && len(args) == 0 {
			length = 1
		}
		if err != nil {
			return "", sfType{}, end, err
		}
		return "VARCHAR", sfType{name: "text", length: length}, end, nil
	case "BINARY", "VARBINARY":
		length, err := number(0, 8388608)
		if err != nil {
			return "", sfType{}, end, err
		}
		return "BLOB", sfType{name: "binary", length: length}, end, nil
	case "BOOLEAN":
		return "BOOLEAN", sfType{name: "boolean"}, end, nil
	case "DATE":
		return "DATE", sfType{name: "date"}, end, nil
	case "TIME":
		return "TIME", sfType{name: "time", scale: 9}, end, nil
	case "TIMESTAMP", "DATETIME", "TIMESTAMP_NTZ":
		return "TIMESTAMP", sfType{name: "timestamp_ntz", scale: 9}, end, nil
	case "TIMESTAMP_LTZ":
		return "TIMESTAMPTZ", sfType{name: "timestamp_ltz", scale: 9}, end, nil
	case "TIMESTAMP_TZ":
		return "TIMESTAMPTZ", sfType{name: "timestamp_tz", scale: 9}, end, nil
	case "VARIANT":
		return "JSON", sfType{name: "variant"}, end, nil
	case "OBJECT":
		return "JSON", sfType{name: "object"}, end, nil
	case "ARRAY":
		return "JSON", sfType{name: "array"}, end, nil
	case "GEOGRAPHY":
		return "GEOMETRY", sfType{name: "geography"}, end, nil
	case "GEOMETRY":
		return "GEOMETRY", sfType{name: "geometry"}, end, nil
	case "VECTOR":
		if len(args) != 2 {
			return "", sfType{}, end, syntaxError("VECTOR needs an element type and a dimension")
		}
		dimension, err := number(1, 0)
		if err != nil {
			return "", sfType{}, end, err
		}
		switch args[0] {
		case "INT", "INTEGER":
			return fmt.Sprintf("INTEGER[%d]", dimension), sfType{name: "vector", vectorElement: "int", length: dimension}, end, nil
		case "FLOAT", "FLOAT4", "REAL":
			return fmt.Sprintf("FLOAT[%d]", dimension), sfType{name: "vector", vectorElement: "real", length: dimension}, end, nil
		}
		return "", sfType{}, end, syntaxError("VECTOR elements must be INT or FLOAT")
	}
	return "", sfType{}, end, &Error{Code: "002040", SQLState: "42601",
		Message: fmt.Sprintf("SQL compilation error:\nUnsupported data type '%s'.", name)}
}
