package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Defaults for keys that a file leaves out.
const (
	DefaultListen          = "127.0.0.1:5433"
	DefaultMaxConnections  = 1000
	DefaultMaxMessageBytes = 64 << 20 // 64 MiB
	DefaultStartupTimeout  = Duration(10 * time.Second)
	DefaultConnectTimeout  = Duration(10 * time.Second)
	DefaultDrainTimeout    = Duration(30 * time.Second)
	DefaultLogLevel        = "info"
	DefaultLogFormat       = "text"
	DefaultOrganization    = "default"
	// DefaultCatalogRefresh is catalog.refresh_interval when unset.
	DefaultCatalogRefresh = Duration(10 * time.Minute)
)

// Default returns the configuration used without a file: the defaults,
// and the demo user with the embedded demo warehouse (see addDemo).
func Default() *Config {
	c := base()
	c.addDemo()
	c.applyDefaults()
	return c
}

// Load reads the YAML file at path. It rejects unknown keys, expands
// ${VAR} in every scalar value and fills in defaults. When the file cannot
// be used the error is a Problems value listing every problem found. Load
// does not run Validate.
func Load(path string) (*Config, error) {
	c, problems := load(path)
	if len(problems) > 0 {
		return nil, Problems(problems)
	}
	return c, nil
}

// LoadAndValidate loads the file at path and validates it. It returns every
// problem found, from reading, parsing, expanding variables and validating,
// and returns the configuration only when there is none. A value that could
// not be decoded is not validated again, so each mistake is reported once.
func LoadAndValidate(path string) (*Config, []Problem) {
	c, problems := load(path)
	if c == nil {
		return nil, problems
	}
	problems = append(problems, uncovered(c.Validate(), problems)...)
	if len(problems) > 0 {
		return nil, problems
	}
	return c, nil
}

func load(path string) (*Config, []Problem) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err
		}
		return nil, []Problem{{Path: path, Message: fmt.Sprintf("cannot read file: %v", err)}}
	}
	return parse(path, data)
}

// parse decodes the YAML document data, read from the file name. It returns
// a nil configuration when data is not YAML.
func parse(name string, data []byte) (*Config, []Problem) {
	root, problem := parseYAML(name, data)
	if problem != nil {
		return nil, []Problem{*problem}
	}
	c := base()
	d := &decoder{}
	if root != nil {
		d.anchors = collectAnchors(root)
		d.decode(reflect.ValueOf(c).Elem(), root, "")
	}
	c.applyDefaults()
	return c, d.problems
}

// parseYAML returns the body of the only document in data, or nil when
// data has no document, such as an empty file.
func parseYAML(name string, data []byte) (ast.Node, *Problem) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, syntaxProblem(name, err)
	}
	var bodies []ast.Node
	for _, doc := range file.Docs {
		if doc.Body != nil {
			bodies = append(bodies, doc.Body)
		}
	}
	switch len(bodies) {
	case 0:
		return nil, nil
	case 1:
		return bodies[0], nil
	}
	return nil, &Problem{Path: name, Message: fmt.Sprintf(
		"contains %d YAML documents; write the configuration as one document", len(bodies))}
}

func syntaxProblem(name string, err error) *Problem {
	var yamlErr yaml.Error
	if errors.As(err, &yamlErr) && yamlErr.GetToken() != nil {
		pos := yamlErr.GetToken().Position
		return &Problem{
			Path:    fmt.Sprintf("%s:%d:%d", name, pos.Line, pos.Column),
			Message: "invalid YAML: " + yamlErr.GetMessage(),
		}
	}
	return &Problem{Path: name, Message: "invalid YAML: " + err.Error()}
}

// base returns the defaults that decoding starts from. Strings whose
// default depends on other keys are filled in later by applyDefaults.
func base() *Config {
	return &Config{
		Limits: Limits{
			MaxConnections:  DefaultMaxConnections,
			MaxMessageBytes: DefaultMaxMessageBytes,
			StartupTimeout:  DefaultStartupTimeout,
			ConnectTimeout:  DefaultConnectTimeout,
			DrainTimeout:    DefaultDrainTimeout,
		},
		Catalog: Catalog{RefreshInterval: DefaultCatalogRefresh},
	}
}

// applyDefaults fills in the strings that are empty after decoding.
func (c *Config) applyDefaults() {
	setIfEmpty(&c.Listen, DefaultListen)
	setIfEmpty(&c.Log.Level, DefaultLogLevel)
	setIfEmpty(&c.Log.Format, DefaultLogFormat)
	setIfEmpty(&c.Organization, DefaultOrganization)
	if c.TLS.CertFile != "" && c.TLS.KeyFile != "" {
		setIfEmpty(&c.TLS.Mode, TLSAllow)
	} else {
		setIfEmpty(&c.TLS.Mode, TLSDisable)
	}
	for i := range c.Connections {
		setIfEmpty(&c.Connections[i].Privacy, PrivacyPrivate)
	}
}

func setIfEmpty(s *string, value string) {
	if *s == "" {
		*s = value
	}
}

// uncovered returns the problems that do not lie at or inside the path of
// one of the problems in covering.
func uncovered(problems, covering []Problem) []Problem {
	var kept []Problem
	for _, p := range problems {
		covered := false
		for _, c := range covering {
			if isWithin(p.Path, c.Path) {
				covered = true
				break
			}
		}
		if !covered {
			kept = append(kept, p)
		}
	}
	return kept
}
