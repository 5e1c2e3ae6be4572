package proxy

import (
	"context"

	"pgway/providers"
	"pgway/translate"
)

// PostgreSQL runs the statements of one Query message, and those of an
// extended-protocol batch up to Sync, in one implicit transaction when no
// transaction block is open. An error undoes the changes and the SET
// commands of the statements before it. COMMIT or ROLLBACK ends the
// transaction early, with a warning, and BEGIN turns it into a block that
// keeps what came before. The engine does the same: the settings here,
// and the data on a warehouse with transactions
// (providers.Transactor.SetImplicit).

// implicitTransaction is the implicit transaction of the running Query or
// batch. Its fields other than active count only outside a block.
type implicitTransaction struct {
	// active is set from the first message of a Query or batch to its
	// ReadyForQuery.
	active bool
	// failed is set once a statement failed outside a block, which rolls
	// the transaction back.
	failed bool
	// block is set for a Query of several statements, which PostgreSQL
	// counts as a transaction block: DECLARE runs there, and SET LOCAL
	// gives no warning.
	block bool
	// single is set for a Query of one statement, where SET LOCAL has no
	// effect, as its transaction ends with it.
	single bool
}

// beginImplicit begins the implicit transaction of a Query or batch. A
// Query sets block and single once it has its statements.
func (e *engine) beginImplicit() {
	e.implicit = implicitTransaction{active: true}
	if tx, ok := e.provider.(providers.Transactor); ok {
		tx.SetImplicit(true)
	}
	if e.txStatus == 'I' {
		e.queried = false
		e.setTxOptions(e.blockOptions(translate.TransactionOptions{}))
	}
}

// endImplicit ends the implicit transaction, if no block is open: it
// commits it unless a statement failed, and returns the error of a commit
// that failed, which rolls back instead. The portals close first, since a
// warehouse transaction ends with its results.
func (e *engine) endImplicit() error {
	rollback := e.implicit.failed
	e.implicit = implicitTransaction{}
	tx, transactional := e.provider.(providers.Transactor)
	if transactional {
		tx.SetImplicit(false)
	}
	if e.txStatus != 'I' {
		return nil
	}
	e.closePortals(func(p *portal) bool { return p.cursor == nil || !p.cursor.hold })
	var err error
	if transactional {
		if rollback {
			err = tx.Rollback(context.Background())
		} else {
			err = tx.Commit(context.Background())
		}
	}
	e.endTransaction(rollback || err != nil)
	e.afterTransaction(rollback || err != nil)
	return err
}

// afterTransaction refreshes the catalog mirror after a commit of DDL.
func (e *engine) afterTransaction(rolledBack bool) {
	if rolledBack {
		e.refreshPending = false
	}
	e.refreshAfterCommit()
}

// implicitSettings keeps the settings as they are before the first SET
// of an implicit transaction, so that its end can restore them.
func (e *engine) implicitSettings() {
	if e.implicit.active && e.txStatus == 'I' && e.settings.block == nil {
		e.beginSettings()
	}
}

// warnNoTransaction sends PostgreSQL's warning for COMMIT or ROLLBACK
// outside a block.
func (e *engine) warnNoTransaction() error {
	return e.sendNotice(&pgError{Severity: "WARNING", Code: "25P01", Message: "there is no transaction in progress"})
}
