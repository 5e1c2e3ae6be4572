package proxy

import (
	"fmt"
	"reflect"

	"pgway/auth"
	"pgway/config"
)

// Reload applies the users, groups, tokens and connections of cfg without
// dropping sessions. New sessions see them at once. An established session
// whose user may no longer use its connection ends at its next statement
// (see checkAccess). A cfg that fails validation is logged, problem by
// problem, and the current configuration stays. Other keys, such as
// listen, tls, limits, log, http, audit and catalog, take effect only
// after a restart.
func (s *Server) Reload(cfg *config.Config) error {
	if problems := cfg.Validate(); len(problems) > 0 {
		for _, p := range problems {
			s.log.Error("configuration reload: invalid configuration", "problem", p.String())
		}
		s.log.Error("configuration reload failed; keeping the current configuration",
			"problems", len(problems))
		return config.Problems(problems)
	}
	dir, err := auth.NewDirectory(cfg)
	if err != nil {
		s.log.Error("configuration reload failed; keeping the current configuration", "error", err)
		return fmt.Errorf("load users and tokens: %w", err)
	}

	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	// Publish the new users and connections before the generation, so a
	// session that loads the new generation also loads them.
	s.dir.Store(dir)
	s.registry.Replace(cfg.Connections)
	s.setConnections(cfg.Connections)
	s.generation.Add(1)
	if keys := restartOnlyChanges(s.cfg, cfg); len(keys) > 0 {
		s.log.Warn("configuration reload: changes to these keys take effect after a restart", "keys", keys)
	}
	s.log.Info("configuration reloaded", "users", len(cfg.Users), "tokens", len(cfg.Tokens),
		"connections", len(cfg.Connections))
	return nil
}

// restartOnlyChanges returns the top-level keys that differ between the
// running configuration and next but that Reload does not apply.
func restartOnlyChanges(running, next *config.Config) []string {
	keys := []struct {
		name          string
		running, next any
	}{
		{"listen", running.Listen, next.Listen},
		{"tls", running.TLS, next.TLS},
		{"limits", running.Limits, next.Limits},
		{"auth", running.Auth, next.Auth},
		{"log", running.Log, next.Log},
		{"http", running.HTTP, next.HTTP},
		{"audit", running.Audit, next.Audit},
		{"catalog", running.Catalog, next.Catalog},
	}
	var changed []string
	for _, k := range keys {
		if !reflect.DeepEqual(k.running, k.next) {
			changed = append(changed, k.name)
		}
	}
	return changed
}

// checkAccess returns errAccessRevoked when a reload since the session's
// last check has removed its connection or taken away its principal's
// access to it. Between reloads it costs one atomic load. The relay and
// the engine call it at the start of each statement.
func (s *session) checkAccess() error {
	generation := s.srv.generation.Load()
	if generation == s.accessGeneration {
		return nil
	}
	s.accessGeneration = generation
	conn, ok := s.srv.registry.Lookup(s.connection.Name)
	if ok && s.srv.directory().Authorize(s.principal, conn) {
		return nil
	}
	s.log.Warn("connection access revoked by a configuration reload; ending the session")
	return errAccessRevoked(s.connection.Name)
}
