package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/term"

	"pgway/auth"
)

func runHashPassword(args []string, s streams) int {
	fs := newFlagSet("hash-password", "< password-file", s)
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	var password string
	var err error
	if f, ok := s.in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		password, err = promptPassword(f, s.err)
	} else {
		password, err = readPassword(s.in)
	}
	if err != nil {
		fmt.Fprintf(s.err, "pgway hash-password: %v\n", err)
		return 1
	}
	verifier, err := auth.NewVerifier(password)
	if err != nil {
		fmt.Fprintf(s.err, "pgway hash-password: %v\n", err)
		return 1
	}
	fmt.Fprintln(s.out, verifier)
	return 0
}

// readPassword reads the first line of r without its line ending ("\n" or
// "\r\n"). Every other character, spaces included, is part of the password.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimSuffix(line, "\n")
	line = strings.TrimSuffix(line, "\r")
	if line == "" {
		return "", errors.New("empty password: write the password as one line on standard input")
	}
	return line, nil
}

// promptPassword asks for the password twice on a terminal without
// echoing it.
func promptPassword(tty *os.File, prompt io.Writer) (string, error) {
	fmt.Fprint(prompt, "Password: ")
	first, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(prompt)
	if err != nil {
		return "", fmt.Errorf("read password from the terminal: %w", err)
	}
	fmt.Fprint(prompt, "Enter it again: ")
	second, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(prompt)
	if err != nil {
		return "", fmt.Errorf("read password from the terminal: %w", err)
	}
	if string(first) != string(second) {
		return "", errors.New("the passwords do not match")
	}
	if len(first) == 0 {
		return "", errors.New("empty password")
	}
	return string(first), nil
}

func runToken(args []string, s streams) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(s.err, "Usage: pgway token create --name NAME")
		return 2
	}
	fs := newFlagSet("token create", "--name NAME", s)
	name := fs.String("name", "", "name of the token in the configuration (required)")
	if code, ok := parseFlags(fs, args[1:], s); !ok {
		return code
	}
	if *name == "" {
		fmt.Fprintln(s.err, "pgway token create: missing --name NAME")
		fs.Usage()
		return 2
	}

	token, hash, err := auth.NewToken()
	if err != nil {
		fmt.Fprintf(s.err, "pgway token create: %v\n", err)
		return 1
	}
	fmt.Fprintf(s.out, "# Add this entry to tokens in the configuration, then set owner and grants.\n"+
		"- name: %s\n  owner: USER\n  sha256: %s\n  grants: [CONNECTION]\n\n", yamlScalar(*name), hash)
	fmt.Fprintf(s.out, "# The token, shown only this once. The configuration keeps only its SHA-256.\n%s\n", token)
	return 0
}

var plainYAML = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// yamlScalar writes s as a YAML scalar, in double quotes unless it is a
// plain word. For valid UTF-8 text, Go's quoting is also valid YAML.
func yamlScalar(s string) string {
	if plainYAML.MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}
