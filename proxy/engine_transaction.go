package proxy

import (
	"context"

	"pgway/providers"
	"pgway/translate"
)

// Transaction characteristics: BEGIN's options, SET TRANSACTION, SET
// SESSION CHARACTERISTICS AS TRANSACTION, and the parameters behind them
// (transaction_isolation, transaction_read_only and their defaults).
// pgway checks them as PostgreSQL 15 does; a warehouse with transactions
// (providers.Transactor) runs them.

// blockOptions are the options a block begun with o runs with: o's, else
// the session's defaults.
func (e *engine) blockOptions(o translate.TransactionOptions) providers.TxOptions {
	options := providers.TxOptions{
		ReadOnly:  e.settings.values["default_transaction_read_only"] == "on",
		Isolation: e.settings.values["default_transaction_isolation"],
	}
	if o.Access != "" {
		options.ReadOnly = o.Access == "read only"
	}
	if o.Isolation != "" {
		options.Isolation = o.Isolation
	}
	return options
}

// setTransactionRun runs SET TRANSACTION and SET SESSION CHARACTERISTICS
// AS TRANSACTION.
func setTransactionRun(c *translate.Command) func(e *engine) ([][]any, error) {
	return func(e *engine) ([][]any, error) {
		if c.Name == "transaction snapshot" {
			return nil, errStatement("0A000", "SET TRANSACTION SNAPSHOT is not supported by pgway")
		}
		if !c.Session {
			return nil, e.setTransaction(c.TransactionOptions, true)
		}
		if c.Isolation != "" {
			if err := e.setParameter("default_transaction_isolation", c.Isolation, false); err != nil {
				return nil, err
			}
		}
		if c.Access != "" {
			return nil, e.setParameter("default_transaction_read_only", onOff(c.Access == "read only"), false)
		}
		return nil, nil
	}
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// setTxOptions makes options the current transaction's, which SHOW and
// current_setting() give as transaction_isolation and
// transaction_read_only, and the warehouse's where it has transactions.
func (e *engine) setTxOptions(options providers.TxOptions) {
	e.txOptions = options
	e.settings.values["transaction_isolation"] = options.Isolation
	e.settings.values["transaction_read_only"] = onOff(options.ReadOnly)
	if tx, ok := e.provider.(providers.Transactor); ok {
		tx.SetReadOnly(options.ReadOnly)
	}
}

// setTransaction changes the characteristics of the current transaction.
// Outside a block, SET TRANSACTION warns (warn) and changes nothing,
// because the statement's own transaction ends with it. A Query of several
// statements or a batch runs in one transaction, which it changes.
func (e *engine) setTransaction(o translate.TransactionOptions, warn bool) error {
	if e.txStatus == 'I' && !e.implicit.block && warn {
		notice := &pgError{Severity: "WARNING", Code: "25P01", Message: "SET TRANSACTION can only be used in transaction blocks"}
		if err := e.sendNotice(notice); err != nil {
			return err
		}
	}
	if e.txStatus == 'I' && e.implicit.single {
		return nil
	}
	options := e.txOptions
	if o.Isolation != "" && o.Isolation != options.Isolation {
		if e.queried {
			return errStatement("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query")
		}
		options.Isolation = o.Isolation
		if err := e.restartTransaction(options); err != nil {
			return err
		}
	}
	if o.Access != "" {
		readOnly := o.Access == "read only"
		if !readOnly && options.ReadOnly && e.queried {
			return errStatement("25001", "transaction read-write mode must be set before any query")
		}
		options.ReadOnly = readOnly
	}
	e.setTxOptions(options)
	return nil
}

// restartTransaction begins the warehouse's transaction again with other
// options, before the transaction, block or implicit, has run a query.
func (e *engine) restartTransaction(options providers.TxOptions) error {
	tx, ok := e.provider.(providers.Transactor)
	if !ok {
		return nil
	}
	ctx := context.Background()
	if err := tx.Rollback(ctx); err != nil {
		return err
	}
	return tx.Begin(ctx, options)
}
