// Runs node-postgres against the server in the libpq environment
// variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which pg
// reads itself, and prints what it returned as JSON, for the Go test to
// compare with PostgreSQL's output.
'use strict'

const { Client } = require('pg')
const Cursor = require('pg-cursor')

// cursorBatch is the row limit of each cursor read. pg-cursor sends it in
// an Execute message, and the server suspends the portal after that many.
const cursorBatch = 100

async function main() {
  const client = new Client({ ssl: false, connectionTimeoutMillis: 10000 })
  await client.connect()
  try {
    const result = {}

    const params = await client.query(
      'SELECT name, admin1, lat, lng, geom FROM cities WHERE country = $1 AND lat > $2 ORDER BY name, lat LIMIT 20',
      ['ES', 43])
    result.parameterized = {
      fields: params.fields.map((f) => f.name),
      rows: params.rows,
    }

    const cursor = client.query(new Cursor(
      'SELECT name, lat, lng FROM cities WHERE country = $1 ORDER BY name, lat, lng', ['PT']))
    const batches = []
    let rows = 0
    let first = null
    let last = null
    for (;;) {
      const batch = await cursor.read(cursorBatch)
      if (batch.length === 0) break
      batches.push(batch.length)
      rows += batch.length
      first = first || batch[0]
      last = batch[batch.length - 1]
    }
    await cursor.close()
    result.cursor = { batches: batches.length, fullBatches: batches.filter((n) => n === cursorBatch).length, rows, first, last }

    process.stdout.write(JSON.stringify(result, null, 1) + '\n')
  } finally {
    await client.end()
  }
}

main().catch((err) => {
  console.error(err.stack || String(err))
  process.exit(1)
})
