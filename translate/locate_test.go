package translate

import "testing"

func TestLocateName(t *testing.T) {
	rel := NewRelations(map[[2]string][]RelationColumn{
		{"public", "t"}: {{Name: "name", Type: "text"}, {Name: "amt", Type: "numeric(12,2)"}},
	})
	cases := []struct {
		sql, code, message string
		want               NameError
		found              bool
	}{
		{"select nosuch from t", "42703", `column "nosuch" does not exist`,
			NameError{Position: 8, Message: `column "nosuch" does not exist`}, true},
		{"select 'ü', t.nosuch from t", "42703", `column t.nosuch does not exist`,
			NameError{Position: 13, Message: `column t.nosuch does not exist`}, true},
		{"select u.x from t", "42P01", `missing FROM-clause entry for table "u"`,
			NameError{Position: 8, Message: `missing FROM-clause entry for table "u"`}, true},
		{"select 1; select * from s.nosuch", "42P01", `relation "nosuch" does not exist`,
			NameError{Position: 25, Message: `relation "s.nosuch" does not exist`}, true},
		{"select f(name, amt, 1, 'x') from t", "42883", "function f does not exist",
			NameError{Position: 8, Message: "function f(text, numeric, integer, unknown) does not exist", Hint: noFunctionHint}, true},
		{"select f(x) from t", "42883", "function f does not exist",
			NameError{Position: 8, Message: "function f does not exist", Hint: noFunctionHint}, true},
		{"select f(*)", "42883", "function f does not exist",
			NameError{Position: 8, Message: "function f() does not exist", Hint: noFunctionHint}, true},
		{"select * from t where d = 'x' or d = 'é'", "22007", `invalid input syntax for type date: "é"`,
			NameError{Position: 38, Message: `invalid input syntax for type date: "é"`}, true},
		{"select '2024-13-01'::date", "22008", `date/time field value out of range: "2024-13-01"`,
			NameError{Position: 8, Message: `date/time field value out of range: "2024-13-01"`}, true},
		{"select '99999999999'::int", "22003", `value "99999999999" is out of range for type integer`,
			NameError{Position: 8, Message: `value "99999999999" is out of range for type integer`}, true},
		{"select '2024-02-30'::text::date", "22008", `date/time field value out of range: "2024-02-30"`, NameError{}, false},
		// A value of a column, which no constant shows, has no position.
		{"select d::date from t", "22007", `invalid input syntax for type date: "x"`, NameError{}, false},
		// Names the client's text does not show, other errors and text
		// that does not parse are left as they are.
		{"select x from t", "42703", `column "nosuch" does not exist`, NameError{}, false},
		{"select nosuch from t", "22012", "division by zero", NameError{}, false},
		{"select nosuch from", "42703", `column "nosuch" does not exist`, NameError{}, false},
	}
	for _, c := range cases {
		got, found := LocateName(c.sql, c.code, c.message, rel)
		if got != c.want || found != c.found {
			t.Errorf("LocateName(%q, %s, %q) = %+v, %v, want %+v, %v", c.sql, c.code, c.message, got, found, c.want, c.found)
		}
	}
}
