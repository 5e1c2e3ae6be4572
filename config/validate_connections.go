package config

import (
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// reservedDatabases are PostgreSQL's template databases, which exist in
// every cluster, so no connection may take their names.
var reservedDatabases = []string{"template0", "template1"}

var privacies = []string{PrivacyPrivate, PrivacyGroups, PrivacyOrganization}

func (c *Config) validateConnections(l *problemList, users map[string]int, groups map[string]bool) {
	names := make([]string, len(c.Connections))
	for i, conn := range c.Connections {
		names[i] = conn.Name
	}
	checkNames(l, "connections", names)

	for i, conn := range c.Connections {
		path := indexPath("connections", i)
		if slices.Contains(reservedDatabases, conn.Name) {
			l.add(path+".name", "reserved database name %q", conn.Name)
		}
		checkIdentifier(l, path+".name", conn.Name)
		if conn.Owner == "" {
			l.add(path+".owner", "missing")
		} else if _, ok := users[conn.Owner]; !ok {
			l.add(path+".owner", "user %q is not declared in users", conn.Owner)
		}
		validatePrivacy(l, path, conn, groups)
		validateProvider(l, path, conn)
	}
}

func validatePrivacy(l *problemList, path string, conn Connection, groups map[string]bool) {
	switch {
	case !slices.Contains(privacies, conn.Privacy):
		l.add(path+".privacy", "must be one of %s, got %q", strings.Join(privacies, ", "), conn.Privacy)
	case conn.Privacy == PrivacyGroups && len(conn.Groups) == 0:
		l.add(path+".groups", "missing: privacy groups needs at least one group")
	case conn.Privacy != PrivacyGroups && len(conn.Groups) > 0:
		l.add(path+".groups", "set, but privacy is %s: groups apply only with privacy groups",
			conn.Privacy)
	}
	checkGroups(l, path+".groups", conn.Groups, groups)
}

// validateProvider checks provider_id, config.type and the credentials. A
// provider that is not built is rejected, but its config is still checked
// so that every problem shows at once.
func validateProvider(l *problemList, path string, conn Connection) {
	known := strings.Join(ProviderIDs(), ", ")
	spec, ok := LookupProvider(conn.ProviderID)
	switch {
	case conn.ProviderID == "":
		l.add(path+".provider_id", "missing (known: %s)", known)
		return
	case !ok:
		l.add(path+".provider_id", "unknown provider_id %q (known: %s)", conn.ProviderID, known)
		return
	case !spec.Built:
		l.add(path+".provider_id", "provider %q is not built yet in this version of pgway",
			conn.ProviderID)
	}
	if len(spec.Types) == 0 {
		return
	}

	allowed := strings.Join(spec.TypeNames(), ", ")
	typ, ok := spec.Type(conn.Config.Type)
	switch {
	case conn.Config.Type == "":
		l.add(path+".config.type", "missing (allowed for %s: %s)", spec.ID, allowed)
	case !ok:
		l.add(path+".config.type", "type %q is not allowed for provider %s (allowed: %s)",
			conn.Config.Type, spec.ID, allowed)
	default:
		validateCredentials(l, path+".config.credentials", typ, conn.Config.Credentials)
	}
}

func validateCredentials(l *problemList, path string, typ TypeSpec, credentials map[string]string) {
	for _, f := range typ.Fields {
		value := credentials[f.Name]
		if value == "" {
			if f.Required {
				l.add(joinKey(path, f.Name), "missing")
			}
			continue
		}
		if err := checkCredential(f, value); err != nil {
			l.add(joinKey(path, f.Name), "%v", err)
		}
	}

	allowed := "type " + typ.Name + " takes no credentials"
	if len(typ.Fields) > 0 {
		allowed = "allowed: " + strings.Join(typ.FieldNames(), ", ")
	}
	for _, name := range slices.Sorted(maps.Keys(credentials)) {
		if _, ok := typ.Field(name); !ok {
			l.add(joinKey(path, name), "unknown field for type %s (%s)", typ.Name, allowed)
		}
	}
}

// checkCredential checks value against the kind of field f. Its errors
// show the value only when f is not a secret.
func checkCredential(f FieldSpec, value string) error {
	shown := "a value that is not shown because it is secret"
	if !f.Secret {
		shown = strconv.Quote(value)
	}
	switch f.Kind {
	case FieldPort:
		if n, err := strconv.Atoi(value); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("must be a port number from 1 to 65535, got %s", shown)
		}
	case FieldBool:
		if _, err := ParseBool(value); err != nil {
			return fmt.Errorf("must be true or false, got %s", shown)
		}
	case FieldCount:
		if n, err := strconv.ParseInt(value, 10, 64); err != nil || n < 0 {
			return fmt.Errorf("must be a non-negative integer, got %s", shown)
		}
	case FieldChoice:
		if !slices.Contains(f.Choices, value) {
			return fmt.Errorf("must be one of %s, got %s", strings.Join(f.Choices, ", "), shown)
		}
	case FieldPEM:
		if block, _ := pem.Decode([]byte(value)); block == nil {
			return errors.New("is not PEM: expected a block that starts with -----BEGIN")
		}
	case FieldJSON:
		if !json.Valid([]byte(value)) {
			return errors.New("is not valid JSON")
		}
	case FieldURL:
		u, err := url.Parse(value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("must be an http or https URL, got %s", shown)
		}
	}
	return nil
}

// ParseBool parses a boolean credential or setting: "true" or "false" in
// any letter case.
func ParseBool(s string) (bool, error) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, nil
	case strings.EqualFold(s, "false"):
		return false, nil
	}
	return false, fmt.Errorf("must be true or false, got %q", s)
}
