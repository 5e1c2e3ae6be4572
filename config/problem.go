package config

import (
	"fmt"
	"strings"
)

// Problem is one error found in a configuration file.
type Problem struct {
	// Path is the key path of the value, such as
	// "connections[2].config.credentials.account". For a problem with the
	// file as a whole it is the file name, followed by ":line:column" for
	// YAML syntax errors, and it is empty for the top-level mapping.
	Path    string
	Message string
}

// String formats the problem as "path: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// Problems is the error Load returns when a file cannot be used. It keeps
// every problem found, so callers can print all of them.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("invalid configuration: %s", strings.Join(lines, "; "))
}

// problemList collects problems while a configuration is decoded or validated.
type problemList []Problem

func (l *problemList) add(path, format string, args ...any) {
	*l = append(*l, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// joinKey returns the path of key inside the mapping at path.
func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// indexPath returns the path of element i of the list at path.
func indexPath(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

// isWithin reports whether path is base or lies inside the value at base.
func isWithin(path, base string) bool {
	if base == "" || path == base {
		return true
	}
	rest, ok := strings.CutPrefix(path, base)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "["))
}
