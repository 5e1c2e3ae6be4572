package enginetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare PostgreSQL's regular expression operators and
// functions, which the DuckDB provider runs itself, with PostgreSQL 15:
// rows, type OIDs, column names, and the SQLSTATE and message of errors.

// regexCases return the same result through pgway as on PostgreSQL.
var regexCases = []string{
	// ~ and its variants, with . matching a newline as in PostgreSQL.
	`select 'a' || chr(10) || 'b' ~ 'a.b', 'ABC' ~* 'b', 'abc' !~ 'b', 'abc' !~* 'B'`,
	`select s ~ '^[[:alpha:]]+$', s ~ '\d', s ~ '\yfoo\y' from (values ('foo bar'), ('foo1'), (null)) t(s) order by 1, 2`,
	`select 'a' || chr(11) || 'b' ~ 'a\sb', 'x{,3}' ~ 'x{,3}', 'a.b' ~ '***=a.b', 'ab' ~ '(?i)AB'`,
	`select 'a' || chr(10) || 'b' similar to 'a_b', 'ab' similar to '(a|b)+', 'a.b' similar to 'a.b', 'axb' similar to 'a.b'`,
	// Invalid patterns fail with 2201B and PostgreSQL's message.
	`select 'x' ~ '('`,
	`select 'x' ~* 'a{3,2}'`,
	`select 'x' !~ '[a'`,
	`select 'x' ~ '\q'`,
	`select regexp_match('x', 'a**')`,
	`select substring('x' from '[z-a]')`,
	`select regexp_replace('x', '[[:foo:]]', 'y')`,
	`select regexp_split_to_array('x', 'a{2')`,
	`select regexp_matches('x', '(?z)a')`,
	`select regexp_matches('abc', 'b', 'x'), regexp_match('a b', '(?x) a \  b')`,
	// substring(s FROM pattern) and substring(s, pattern).
	`select substring('XY1234Z' from 'Y*([0-9]{1,3})'), substring('foobar' from 'o.b'), substring('foobar', 'o(b)')`,
	`select substring('abc' from 'b(x)?'), substring('abc' from 'z'), substring('abcd' from 'a|ab|abc'), substring('ab123' from '.*(\d+)')`,
	`select substring(s from '@(.*)$') from (values ('a@example.com'), ('none'), (null)) t(s) order by 1`,
	// substring(s SIMILAR pattern ESCAPE e) and substring(s FROM pattern FOR e).
	`select substring('abcd' similar 'a#"b_#"d' escape '#'), substring('abcd' from 'a#"b%#"' for '#'), substring('abcd' similar '%#"b_#"%' escape '#'), substring('aaa' similar '%#"a*#"%' escape '#')`,
	`select substring('abcd' similar 'a#"b_' escape '#'), substring('abcd' similar 'abcd' escape '#'), substring('abcd' similar 'abc' escape '#'), substring('ab#' similar 'ab#' escape '#')`,
	`select substring('a]b' similar 'a[]]b' escape '#'), substring('a]b' similar 'a[^]]b' escape '#'), substring('x.y' similar 'x.y' escape '#'), substring('a1' similar 'a#d' escape '#'), substring('abcd' similar 'a"b_"d' escape '')`,
	`select substring('a' || chr(10) || 'b' similar 'a#"_#"b' escape '#'), substring('abcd' similar 'a#"b_#"d' escape null), substring('xyz' similar '(x|y)#"%#"' escape '#')`,
	`select substring('abcd' similar 'a#"b#"c#"d' escape '#')`,
	`select substring('abcd' similar 'a#"b_#"d' escape '##')`,
	`select substring('abcd' similar '(a#"b_#"d' escape '#')`,
	// regexp_match, regexp_matches, regexp_split_to_array and _to_table.
	`select regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('xaaay', '(a)*'), regexp_match('abc', 'B', 'i'), regexp_match('abc', 'z')`,
	`select regexp_match('abc', 'b', 'g')`,
	`select regexp_match('abc', 'b', 'z')`,
	`select regexp_matches('ab', 'a*', 'g')`,
	`select regexp_matches('abab', '(b)', 'g'), 1 as x`,
	`select regexp_matches('abab', '(a)(b)')`,
	`select regexp_matches('abab', 'z', 'g')`,
	`select regexp_matches('aXbX', 'X*', 'g')`,
	`select regexp_split_to_array('ab', 'a*'), regexp_split_to_array('abc', ''), regexp_split_to_array('a,b,,c', ','), regexp_split_to_array('aBc', 'b', 'i')`,
	`select regexp_split_to_table('a1b22c', '\d+')`,
	`select regexp_split_to_table('a1b22c', '\d+', 'g')`,
	`select * from regexp_matches('abab', '(b)', 'g')`,
	`select * from regexp_split_to_table('a,b', ',')`,
	`select m[1] from regexp_matches('a1b22', '(\d+)', 'g') m`,
	// regexp_replace with group references, empty matches and flags.
	`select regexp_replace('ab', 'a*', 'X', 'g'), regexp_replace('abc', '(b)', '[\1\&\\\q]'), regexp_replace('ABab', 'b', 'x', 'gi')`,
	`select regexp_replace('a' || chr(10) || 'b', 'a.b', 'x'), regexp_replace('a' || chr(10) || 'b', '^b', 'x', 'n')`,
	`select regexp_like('abc', 'B', 'i'), regexp_like('abc', 'z')`,
	// PostgreSQL 15's regexp_count, regexp_instr and regexp_substr.
	`select regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'), regexp_count('abab', 'b', 3), regexp_count('ab', 'a*')`,
	`select regexp_instr('ABCDEF', 'c(.)(..)', 1, 1, 0, 'i'), regexp_instr('ABCDEF', 'c(.)(..)', 1, 1, 0, 'i', 2), regexp_instr('abab', 'b', 1, 2), regexp_instr('abab', 'b', 1, 2, 1), regexp_instr('héllo', 'l'), regexp_instr('abc', 'z')`,
	`select regexp_substr('ABCDEF', 'c(.)(..)', 1, 1, 'i'), regexp_substr('ABCDEF', 'c(.)(..)', 1, 1, 'i', 2), regexp_substr('abab', 'a.', 2), regexp_substr('abc', 'z'), regexp_substr('abc', '(x)?b', 1, 1, '', 1)`,
	`select regexp_count('abc', 'b', 0)`,
	`select regexp_instr('abc', 'b', 1, 0)`,
	`select regexp_instr('abc', 'b', 1, 1, 2)`,
	`select regexp_substr('abc', 'b', 1, 1, 'g')`,
}

// formatCases compare format() and the quote functions.
var formatCases = []string{
	`select format('Hello %s, %1$s', 'World'), format('%s|%s|%s', 1, 2.50, null), format('%%|%5s|%-5s|', 'a', 'b')`,
	`select format('%I.%I', 'public', 'My Table'), format('%I', 'select'), format('%L', 'O''Reilly'), format('%L', null), format('%L', 'a\b')`,
	`select format('%*s|%-*s|%*s', 3, 'x', 3, 'y', -3, 'z'), format('%2$s %1$s %s', 'a', 'b', 'c'), format('%3$*1$s|', 4, 0, 'q')`,
	`select format('%s %s %s', true, 1.5::float8, array[1, 2]), format('%L', 42), format(null, 1), format('x')`,
	`select format('%s|%s|%s|%L', date '2024-01-02', timestamp '2024-01-02 03:04:05.5', interval '-1 day 2 hours', 1e100::float8)`,
	`select format('%s', x), quote_literal(x) from (values (1.25::float4), (null)) t(x) order by 1`,
	`select format('%s', timestamptz '2024-01-02 03:04:05+02'), quote_literal(timestamptz '2024-01-02 03:04:05+02')`,
	`select format(1)`,
	`select quote_ident(1)`,
	`select format('%I', null)`,
	`select format('%s %s', 'a')`,
	`select format('%x', 1)`,
	`select format('abc %', 1)`,
	`select format('%0$s', 1)`,
	`select quote_ident('abc'), quote_ident('Abc'), quote_ident('a b'), quote_ident('table'), quote_ident('name'), quote_ident('_x1')`,
	`select quote_literal('it''s'), quote_literal('back\slash'), quote_literal(7), quote_literal(null), quote_nullable(null), quote_nullable('x'), quote_nullable(1.5)`,
	`select format('%s', s), quote_ident(s) from (values ('a"b'), (null)) t(s) order by 1`,
	// clock_timestamp() is timestamptz and changes within a statement.
	`select count(distinct clock_timestamp()) > 1, min(clock_timestamp()) >= now() from generate_series(1, 2000)`,
	`select date_trunc('year', clock_timestamp()) = date_trunc('year', now()), clock_timestamp() >= statement_timestamp()`,
}

func TestFormatMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range formatCases {
		for _, mode := range protocolModes {
			want, got := resultWithNames(ctx, pg, sql, mode), resultWithNames(ctx, gw, sql, mode)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

// regexRejected are patterns that Go's engine could run otherwise than
// PostgreSQL's, which pgway rejects with 0A000.
var regexRejected = []string{
	`select 'aa' ~ '(a)\1'`,
	`select 'ab' ~ 'a(?=b)'`,
	`select 'foo bar' ~ '\mbar'`,
	`select 'é' ~ '\w'`,
	`select 'É' ~* 'é'`,
	`select regexp_replace('Ä', 'ä', 'x', 'i')`,
	`select regexp_match('abcd', '(a|ab)(c|bcd)(d*)')`,
	`select substring('abc' from 'a.*?c')`,
	`select regexp_count('abab', '^a', 2)`,
	`select regexp_matches('abc', '^x*', 'g')`,
	`select substring('ab' similar '(a#"b)#"' escape '#')`,
}

func TestRegexMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range regexCases {
		for _, mode := range protocolModes {
			want, got := resultWithNames(ctx, pg, sql, mode), resultWithNames(ctx, gw, sql, mode)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

func TestRegexRejectedOnDuckDB(t *testing.T) {
	ctx := context.Background()
	gw, _ := connectOraclePair(t)
	for _, sql := range regexRejected {
		got := exactResult(ctx, gw, sql, []any{pgx.QueryExecModeSimpleProtocol})
		if !strings.HasPrefix(got, "error 0A000 ") {
			t.Errorf("%s: %s, expected 0A000", sql, got)
		}
	}
}

// resultWithNames returns exactResult of sql followed by the names of its
// result columns, or the error alone.
func resultWithNames(ctx context.Context, conn *pgx.Conn, sql string, mode pgx.QueryExecMode) string {
	result := exactResult(ctx, conn, sql, []any{mode})
	if strings.HasPrefix(result, "error ") {
		return result
	}
	rows, err := conn.Query(ctx, sql, mode)
	if err != nil {
		return result + " " + errorCode(err)
	}
	defer rows.Close()
	var names []string
	for _, fd := range rows.FieldDescriptions() {
		names = append(names, fd.Name)
	}
	return result + " columns " + strings.Join(names, ",")
}
