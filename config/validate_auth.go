package config

import (
	"encoding/hex"
	"slices"
)

// TokenUser is the user name a client gives to log in with an API token.
// No configured user may have this name.
const TokenUser = "token"

func (c *Config) validateGroups(l *problemList) map[string]bool {
	declared := make(map[string]bool, len(c.Groups))
	for i, g := range c.Groups {
		path := indexPath("groups", i)
		switch {
		case g == "":
			l.add(path, "missing group name")
		case declared[g]:
			l.add(path, "duplicate group %q", g)
		default:
			declared[g] = true
		}
	}
	return declared
}

// validateUsers checks the users and returns the index of each user by name.
func (c *Config) validateUsers(l *problemList, groups map[string]bool) map[string]int {
	names := make([]string, len(c.Users))
	for i, u := range c.Users {
		names[i] = u.Name
	}
	users := checkNames(l, "users", names)

	for i, u := range c.Users {
		path := indexPath("users", i)
		if u.Name == TokenUser {
			l.add(path+".name", "%q is reserved for logins with an API token", TokenUser)
		}
		checkIdentifier(l, path+".name", u.Name)
		checkGroups(l, path+".groups", u.Groups, groups)
		validateSecret(l, path, u)
	}
	return users
}

// validateSecret checks that u has exactly one of a password and a verifier.
func validateSecret(l *problemList, path string, u User) {
	switch {
	case u.Password == "" && u.SCRAMSHA256 == "":
		l.add(path+".password", "missing: set password or scram_sha_256")
	case u.Password != "" && u.SCRAMSHA256 != "":
		l.add(path+".password", "set together with scram_sha_256: keep only one of them")
	case u.SCRAMSHA256 != "":
		if err := checkSCRAMVerifier(u.SCRAMSHA256); err != nil {
			l.add(path+".scram_sha_256", "invalid verifier: %v (pgway hash-password prints one)", err)
		}
	}
}

func (c *Config) validateTokens(l *problemList, users map[string]int) {
	names := make([]string, len(c.Tokens))
	for i, t := range c.Tokens {
		names[i] = t.Name
	}
	checkNames(l, "tokens", names)

	hashes := make(map[string]int, len(c.Tokens))
	for i, t := range c.Tokens {
		path := indexPath("tokens", i)
		c.validateTokenOwner(l, path, t, users)
		if !isSHA256Hex(t.SHA256) {
			l.add(path+".sha256", "must be 64 hexadecimal digits, the SHA-256 of the token "+
				"(pgway token create prints it)")
		} else if j, seen := hashes[t.SHA256]; seen {
			l.add(path+".sha256", "same hash as %s", indexPath("tokens", j))
		} else {
			hashes[t.SHA256] = i
		}
		c.validateGrants(l, path, t, users)
	}
}

func (c *Config) validateTokenOwner(l *problemList, path string, t Token, users map[string]int) {
	if t.Owner == "" {
		l.add(path+".owner", "missing")
	} else if _, ok := users[t.Owner]; !ok {
		l.add(path+".owner", "user %q is not declared in users", t.Owner)
	}
}

// validateGrants checks that each grant names a connection the token's
// owner may use, since the token can never do more than its owner.
func (c *Config) validateGrants(l *problemList, path string, t Token, users map[string]int) {
	if len(t.Grants) == 0 {
		l.add(path+".grants", "missing: list the connections the token may use")
		return
	}
	for i, name := range t.Grants {
		grantPath := indexPath(path+".grants", i)
		j := slices.IndexFunc(c.Connections, func(conn Connection) bool { return conn.Name == name })
		if j < 0 {
			l.add(grantPath, "connection %q is not declared in connections", name)
			continue
		}
		owner, ok := users[t.Owner]
		if ok && !mayUse(c.Users[owner], c.Connections[j]) {
			l.add(grantPath, "owner %q may not use connection %q (privacy %s), so the grant "+
				"has no effect", t.Owner, name, c.Connections[j].Privacy)
		}
	}
}

// mayUse applies a connection's privacy: private connections are for their
// owner, groups connections also for members of their groups, and
// organization connections for every user.
func mayUse(u User, conn Connection) bool {
	switch conn.Privacy {
	case PrivacyOrganization:
		return true
	case PrivacyGroups:
		if conn.Owner == u.Name {
			return true
		}
		return slices.ContainsFunc(u.Groups, func(g string) bool {
			return slices.Contains(conn.Groups, g)
		})
	}
	return conn.Owner == u.Name
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
