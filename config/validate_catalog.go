package config

import (
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// catalogAdminDatabase is the database that PostgreSQL clusters create
// for administration. With a catalog, no connection may take its name,
// because the mirror of each connection is the database of that name.
const catalogAdminDatabase = "postgres"

// reservedRoles are the names that PostgreSQL 15 does not accept as role
// names.
var reservedRoles = map[string]bool{
	"public": true, "none": true, "current_user": true, "session_user": true, "current_role": true,
}

// validateCatalog checks the catalog section and, when a catalog is set,
// the user and connection names that become its roles and databases.
func (c *Config) validateCatalog(l *problemList) {
	// Zero, as in a Config built in code, means the default.
	if c.Catalog.RefreshInterval < 0 {
		l.add("catalog.refresh_interval", "must not be negative, got %s", c.Catalog.RefreshInterval.String())
	}
	if c.Catalog.DSN == "" {
		return
	}
	// The DSN is a secret, so neither it nor the parser's message, which
	// may quote it, is shown.
	dsn, err := pgconn.ParseConfig(c.Catalog.DSN)
	if err != nil {
		l.add("catalog.dsn", "invalid connection string (not shown because it is secret): "+
			"use a URL such as postgres://USER:PASSWORD@HOST:PORT/postgres or key=value pairs")
		return
	}
	reserved := map[string]string{catalogAdminDatabase: "the catalog cluster's administration database"}
	if dsn.Database != "" && dsn.Database != catalogAdminDatabase {
		reserved[dsn.Database] = "the database that catalog.dsn names"
	}
	for i, conn := range c.Connections {
		if why, ok := reserved[conn.Name]; ok {
			l.add(indexPath("connections", i)+".name",
				"name %q is reserved while catalog.dsn is set: it is %s", conn.Name, why)
		}
	}
	for i, u := range c.Users {
		path := indexPath("users", i) + ".name"
		switch {
		case reservedRoles[strings.ToLower(u.Name)]:
			l.add(path, "name %q cannot be a role in the catalog database: PostgreSQL reserves it", u.Name)
		case strings.HasPrefix(u.Name, "pg_"):
			l.add(path, "name %q cannot be a role in the catalog database: PostgreSQL reserves names that start with pg_", u.Name)
		case u.Name == dsn.User:
			l.add(path, "name %q is the role that catalog.dsn logs in as: give the user another name", u.Name)
		}
	}
}
