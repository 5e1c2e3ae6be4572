package auth

import (
	"time"

	"pgway/config"
)

// Authorize reports whether p may use connection c.
//
// A user may use a connection they own, any connection with privacy
// "organization", because all configured users form the one organization,
// and a connection with privacy "groups" when they belong to one of its
// groups. A token principal needs both a grant for the connection in the
// token and its owner's access under the current configuration. A token
// whose expiry time has passed loses access at once, even in a session that
// logged in before. Unknown users and tokens get false.
func (d *Directory) Authorize(p *Principal, c *config.Connection) bool {
	if p == nil || c == nil {
		return false
	}
	user := d.users[p.User]
	if user == nil {
		return false
	}
	if p.Token != "" && !d.tokenGrants(p, c.Name) {
		return false
	}
	return user.mayUse(c)
}

// tokenGrants reports whether the token of p exists, belongs to p.User, has
// not expired and grants the connection.
func (d *Directory) tokenGrants(p *Principal, connection string) bool {
	token := d.tokensByName[p.Token]
	switch {
	case token == nil, token.owner != p.User:
		return false
	case token.expires != nil && token.expires.Before(time.Now()):
		return false
	}
	return token.grants[connection]
}

func (u *userEntry) mayUse(c *config.Connection) bool {
	if c.Owner == u.name {
		return true
	}
	switch c.Privacy {
	case config.PrivacyOrganization:
		return true
	case config.PrivacyGroups:
		return u.inAnyGroup(c.Groups)
	}
	return false
}

func (u *userEntry) inAnyGroup(groups []string) bool {
	for _, g := range groups {
		if u.groups[g] {
			return true
		}
	}
	return false
}
