package proxy

import (
	"pgway/providers"
	"pgway/translate"
)

// setConfigCommand runs SELECT set_config(name, value, is_local) as SET
// or SET LOCAL and returns the parameter's new value, as SHOW writes it,
// in a column named set_config. Unlike SET LOCAL, set_config with
// is_local outside a transaction block sends no warning, because
// PostgreSQL applies it to the statement's own transaction.
func setConfigCommand(c *translate.Command) *sessionCommand {
	return &sessionCommand{tag: c.Tag, columns: []providers.Column{textColumn("set_config")},
		run: func(e *engine) ([][]any, error) {
			if err := checkSettable(c.Name, false); err != nil {
				return nil, err
			}
			value, err := normalizeSetting(c.Name, c.Value)
			if err != nil {
				return nil, err
			}
			if c.Name == "transaction_isolation" || c.Name == "transaction_read_only" {
				err = e.setTransaction(transactionParameter(c.Name, value), false)
			} else {
				err = e.setParameter(c.Name, c.Value, c.Local)
			}
			if err != nil {
				return nil, err
			}
			return [][]any{{value}}, nil
		}}
}
