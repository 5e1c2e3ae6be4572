package config

import (
	"os"
	"strings"
	"testing"
)

func TestExpandEnv(t *testing.T) {
	t.Setenv("PGWAY_TEST_A", "alpha")
	t.Setenv("PGWAY_TEST_EMPTY", "")
	t.Setenv("PGWAY_TEST_UNSET", "")
	os.Unsetenv("PGWAY_TEST_UNSET")

	cases := []struct {
		in, want string
		message  string // substring of the only message, or "" for none
	}{
		{"plain", "plain", ""},
		{"${PGWAY_TEST_A}", "alpha", ""},
		{"x-${PGWAY_TEST_A}-${PGWAY_TEST_A}", "x-alpha-alpha", ""},
		{"${PGWAY_TEST_EMPTY}", "", ""},
		{"pa$$word", "pa$$word", ""},
		{"$5 and $PGWAY_TEST_A", "$5 and $PGWAY_TEST_A", ""},
		{"$${PGWAY_TEST_A}", "${PGWAY_TEST_A}", ""},
		{"trailing $", "trailing $", ""},
		{"${PGWAY_TEST_UNSET}", "", "environment variable PGWAY_TEST_UNSET is not set"},
		{"secret${", "secret${", "unterminated ${"},
		{"secret${1X}", "secret", "invalid ${...} reference"},
		{"secret${}", "secret", "invalid ${...} reference"},
	}
	for _, tc := range cases {
		got, messages := expandEnv(tc.in)
		if got != tc.want {
			t.Errorf("expandEnv(%q) = %q, want %q", tc.in, got, tc.want)
		}
		switch {
		case tc.message == "" && len(messages) > 0:
			t.Errorf("expandEnv(%q) messages = %q, want none", tc.in, messages)
		case tc.message != "" && len(messages) != 1:
			t.Errorf("expandEnv(%q) messages = %q, want one", tc.in, messages)
		case tc.message != "" && !strings.Contains(messages[0], tc.message):
			t.Errorf("expandEnv(%q) message %q does not contain %q", tc.in, messages[0], tc.message)
		}
		for _, m := range messages {
			if strings.Contains(m, "secret") {
				t.Errorf("expandEnv(%q) message %q shows part of the value", tc.in, m)
			}
		}
	}
}
