package pgtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"pgway/internal/testcert"
)

// writeHBA replaces the pg_hba.conf that initdb wrote. The Unix socket in Dir
// uses trust, and TCP on 127.0.0.1 uses scram-sha-256 for every role.
func (s *Server) writeHBA(tls bool) error {
	lines := []string{
		"# written by pgtest",
		"local all all trust",
	}
	if tls {
		lines = append(lines, "hostssl all all 127.0.0.1/32 scram-sha-256")
	}
	// host also matches TLS connections, so clients may use any sslmode.
	lines = append(lines, "host all all 127.0.0.1/32 scram-sha-256")

	path := filepath.Join(s.dataDir(), "pg_hba.conf")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return fmt.Errorf("write pg_hba.conf: %w", err)
	}
	return nil
}

// writeConfig appends the settings that do not change between start attempts to
// postgresql.conf. With tls it also writes a certificate and key to Dir.
func (s *Server) writeConfig(tls bool) error {
	// PostgreSQL 13 and older store md5 hashes by default, and a role with an
	// md5 hash cannot log in with scram-sha-256.
	settings := []string{"password_encryption = 'scram-sha-256'"}

	if tls {
		certFile, keyFile, err := testcert.Write(s.Dir)
		if err != nil {
			return fmt.Errorf("write TLS certificate: %w", err)
		}
		// The server rejects a key file that another user owns or that others can read.
		for _, path := range []string{certFile, keyFile} {
			if err := s.account.chown(path); err != nil {
				return err
			}
		}
		s.CertFile = certFile
		settings = append(settings,
			"ssl = on",
			"ssl_cert_file = "+quoteConfigString(certFile),
			"ssl_key_file = "+quoteConfigString(keyFile),
		)
	}

	path := filepath.Join(s.dataDir(), "postgresql.conf")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("open postgresql.conf: %w", err)
	}
	_, err = f.WriteString("\n# added by pgtest\n" + strings.Join(settings, "\n") + "\n")
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("write postgresql.conf: %w", err)
	}
	return nil
}

func quoteConfigString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
