package duckdb

import (
	"testing"

	"pgway/providers"
)

func TestConvertErrorUsesPostgresMessages(t *testing.T) {
	cases := []struct {
		duck, code, message string
	}{
		{"Invalid Input Error: Division by zero in expression (10 // 0). Use TRY(...) to ignore it",
			"22012", "division by zero"},
		{`Binder Error: Max expression depth limit of 3000 exceeded. Use "SET max_expression_depth TO x" to increase the maximum expression depth.`,
			"54001", "stack depth limit exceeded"},
		{"Catalog Error: Table with name nosuch does not exist!\nDid you mean \"pg_sequences\"?",
			"42P01", `relation "nosuch" does not exist`},
		{"Binder Error: Referenced column \"foo\" not found in FROM clause!\nCandidate bindings: \"geom\"",
			"42703", `column "foo" does not exist`},
		{"Conversion Error: Could not convert string 'x' to INT32", "22P02",
			`invalid input syntax for type integer: "x"`},
		{"Conversion Error: Could not convert string 'P1X' to INTERVAL", "22007",
			`invalid input syntax for type interval: "P1X"`},
		{"Binder Error: Referenced table \"c\" not found!\nCandidate tables: \"cities\"", "42P01",
			`missing FROM-clause entry for table "c"`},
		{"Binder Error: Table \"cities\" does not have a column named \"nosuch\"\n\nCandidate bindings: : \"lng\"", "42703",
			`column cities.nosuch does not exist`},
		{"Binder Error: Column \"nosuch\" does not exist on left side of join!", "42703",
			`column "nosuch" specified in USING clause does not exist in left table`},
		{"Binder Error: Referenced column \"nosuch\" was not found because the FROM clause is missing", "42703",
			`column "nosuch" does not exist`},
		{"Catalog Error: Could not rename \"m1\" to \"ev\": another entry with this name already exists!", "42P07",
			`relation "ev" already exists`},
		{"Conversion Error: Failed to cast decimal value 100000000000000000000 to type INT64", "22003", "bigint out of range"},
		{"Conversion Error: Malformed JSON at byte 0 of input: unexpected character.  Input: \"a\"", "22P02",
			"invalid input syntax for type json"},
		{"Conversion Error: Could not convert string \"1,5\" to DECIMAL(38,10)\n\nLINE 1: SELECT '1,5'::numeric(38, 10)\n       ^^^^",
			"22P02", `invalid input syntax for type numeric: "1,5"`},
		{"Out of Range Error: Overflow in subtraction of INT64 (-9223372036854775808 - 1)!",
			"22003", "bigint out of range"},
		{"Conversion Error: Type INT64 with value 70000 can't be cast because the value is out of range for the destination type INT16",
			"22003", "smallint out of range"},
		{"Out of Range Error: Needed scale 40 to accurately represent the multiplication result, but this is out of range of the DECIMAL type. Max scale is 38",
			"0A000", "a numeric result with 40 fractional digits is not supported on DuckDB"},
		{"Out of Range Error: Overflow in multiplication of DECIMAL(38) (100000000000000000000 * 100000000000000000000).",
			"0A000", "a numeric result of more than 38 digits is not supported on DuckDB"},
		{"Conversion Error: invalid timestamp field format: \"2024-13-45 10:00\", expected format is (YYYY-MM-DD HH:MM:SS[.US][±HH:MM| ZONE])",
			"22007", `invalid input syntax for type timestamp: "2024-13-45 10:00"`},
		{"Conversion Error: Date out of range: 2023-2-29", "22008", "date field value out of range: 2023-02-29"},
		{"Conversion Error: Time out of range: 25:0:0.0", "22008", "time field value out of range: 25:00:00"},
		{"Conversion Error: Time out of range: 1:2:61.5", "22008", "time field value out of range: 1:02:61.5"},
		{"Binder Error: Cannot mix values of type INTEGER and VARCHAR in COALESCE operator - an explicit cast is required\n\n" +
			"LINE 1: SELECT coalesce(pgway_div_result(1, 2), 'a')\n                ^",
			"42804", "COALESCE types integer and text cannot be matched"},
		{"Binder Error: Cannot mix values of type INTEGER and TIMESTAMP WITH TIME ZONE in COALESCE operator - an explicit cast is required",
			"42804", "COALESCE types integer and timestamp with time zone cannot be matched"},
		{"Binder Error: Cannot concatenate types INTEGER[] and VARCHAR - an explicit cast is required",
			"42883", "operator does not exist: integer[] || text"},
		{"Catalog Error: Scalar Function with name nosuch does not exist!\nDid you mean \"nos\"?\n\n" +
			"LINE 1: SELECT nosuch(1) AS nosuch\n               ^^^^^^^^^",
			"42883", "function nosuch does not exist"},
		{"Catalog Error: Table Function with name nosuch_table does not exist!\nDid you mean \"range\"?",
			"42883", "function nosuch_table does not exist"},
		{"Binder Error: column \"name\" must appear in the GROUP BY clause or must be part of an aggregate function.\n" +
			"Either add it to the GROUP BY list, or use ANY_VALUE(\"name\") if the exact value of \"name\" is not important.",
			"42803", `column "name" must appear in the GROUP BY clause or be used in an aggregate function`},
		{"Binder Error: Ambiguous reference to column name \"name\" (use: 'c.\"name\"' or 'd.\"name\"')",
			"42702", `column reference "name" is ambiguous`},
		{"Binder Error: No function matches the given name and argument types '+(VARCHAR, INTEGER_LITERAL)'. You might need to add explicit type casts.",
			"42883", "operator does not exist: text + integer"},
		{"Binder Error: No function matches the given name and argument types 'lower(INTEGER, DOUBLE)'. You might need to add explicit type casts.",
			"42883", "function lower(integer, double precision) does not exist"},
		{"Binder Error: No function matches the given name and argument types 'lower(STRUCT(a INTEGER))'. You might need to add explicit type casts.",
			"42883", "function lower(STRUCT(a INTEGER)) does not exist"},
		{"Invalid Input Error: More than one row returned by a subquery used as an expression - scalar subqueries can only return a single row.\n\n" +
			"Use \"SET scalar_subquery_error_on_multiple_rows=false\" to revert to previous behavior of returning a random row.",
			"21000", "more than one row returned by a subquery used as an expression"},
		{"Constraint Error: Duplicate key \"id: 1\" violates primary key constraint.",
			"23505", "duplicate key value violates unique constraint"},
		{"Constraint Error: Duplicate key \"u: a\" violates unique constraint.",
			"23505", "duplicate key value violates unique constraint"},
		{"Constraint Error: NOT NULL constraint failed: k.v", "23502", `null value in column "v" of relation "k" violates not-null constraint`},
		{"Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key \"1\"", "23505",
			"duplicate key value violates unique constraint"},
		{"Constraint Error: CHECK constraint failed on table \"M 8\" with expression CHECK((a > 0))", "23514",
			`new row for relation "M 8" violates check constraint`},
		{"Constraint Error: CHECK constraint failed on table m6 with expression CHECK((a > 0))", "23514",
			`new row for relation "m6" violates check constraint`},
		{"Constraint Error: Violates foreign key constraint because key \"id: 2\" does not exist in the referenced table",
			"23503", "insert or update violates foreign key constraint"},
		{"Constraint Error: Violates foreign key constraint because key \"p: 1\" is still referenced by a foreign key in a different table. " +
			"If this is an unexpected constraint violation, please refer to our foreign key limitations in the documentation",
			"23503", "update or delete violates foreign key constraint"},
		{"TransactionContext Error: Conflict on update!", "40001", "could not serialize access due to concurrent update"},
		{"TransactionContext Error: Failed to commit: another transaction has dropped this table", "40001",
			"could not serialize access due to concurrent update"},
		{"TransactionContext Error: Failed to commit: PRIMARY KEY or UNIQUE constraint violation: duplicate key \"1\"", "23505",
			"duplicate key value violates unique constraint"},
		{"Binder Error: Could not choose a best candidate function for the function call \"-(TIMESTAMP, STRING_LITERAL)\". In order to select one, please add explicit type casts.\n" +
			"\tCandidate functions:\n\t\"-\"(\"left\" TIMESTAMP, \"right\" INTERVAL, /) -> TIMESTAMP",
			"42725", "operator is not unique: timestamp without time zone - unknown"},
	}
	for _, c := range cases {
		err := convertError(newError(c.duck))
		pgErr, ok := err.(*providers.Error)
		if !ok {
			t.Fatalf("convertError(%q) = %T", c.duck, err)
		}
		if pgErr.Code != c.code || pgErr.Message != c.message {
			t.Errorf("convertError(%q) = %s %q, want %s %q", c.duck, pgErr.Code, pgErr.Message, c.code, c.message)
		}
	}
}

func TestConvertErrorNumericFieldOverflow(t *testing.T) {
	cases := []struct {
		duck, code, message, detail string
	}{
		{"Conversion Error: Casting value \"123.45\" to type DECIMAL(4,2) failed: value is out of range!\n\nLINE 1: SELECT (123.45)::numeric(4, 2)",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 must round to an absolute value less than 10^2."},
		{"Conversion Error: Casting value \"99.995\" to type DECIMAL(4,2) failed: value is out of range!",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 must round to an absolute value less than 10^2."},
		{"Conversion Error: Could not cast value 12345 to DECIMAL(4,2)",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 must round to an absolute value less than 10^2."},
		{"Conversion Error: Could not cast value -1.000000 to DECIMAL(3,3)",
			"22003", "numeric field overflow", "A field with precision 3, scale 3 must round to an absolute value less than 1."},
		{"Conversion Error: Could not convert string \"123.45\" to DECIMAL(4,2)\n\nLINE 1: SELECT '123.45'::numeric(4,2)",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 must round to an absolute value less than 10^2."},
		{"Conversion Error: Could not convert string \" -1e5 \" to DECIMAL(4,2)",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 must round to an absolute value less than 10^2."},
		{"Conversion Error: Could not cast value inf to DECIMAL(4,2)",
			"22003", "numeric field overflow", "A field with precision 4, scale 2 cannot hold an infinite value."},
		{"Conversion Error: Could not convert string \"-Infinity\" to DECIMAL(10,0)",
			"22003", "numeric field overflow", "A field with precision 10, scale 0 cannot hold an infinite value."},
		// Text that is no number, or a number that fits, keeps 22P02.
		{"Conversion Error: Could not convert string \"1,5\" to DECIMAL(4,2)",
			"22P02", `invalid input syntax for type numeric: "1,5"`, ""},
		{"Conversion Error: Could not convert string \"99.99\" to DECIMAL(4,2)",
			"22P02", `invalid input syntax for type numeric: "99.99"`, ""},
	}
	for _, c := range cases {
		err := convertError(newError(c.duck))
		pgErr, ok := err.(*providers.Error)
		if !ok {
			t.Fatalf("convertError(%q) = %T", c.duck, err)
		}
		if pgErr.Code != c.code {
			t.Errorf("convertError(%q): code %s, want %s", c.duck, pgErr.Code, c.code)
		}
		if pgErr.Message != c.message {
			t.Errorf("convertError(%q): message %q, want %q", c.duck, pgErr.Message, c.message)
		}
		if pgErr.Detail != c.detail {
			t.Errorf("convertError(%q): detail %q, want %q", c.duck, pgErr.Detail, c.detail)
		}
	}
}
