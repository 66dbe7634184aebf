// jsonb through node-pg: an object back (node-pg parses jsonb by its type OID, 3802), an object
// as a parameter, and the error of bad JSON. Usage: node jsonb_test.js PORT; prints "ok".
const assert = require('assert');
const { Client } = require('pg');

async function main() {
  const client = new Client({
    host: '127.0.0.1', port: Number(process.argv[2]), user: 'komodo', database: 'komodo',
  });
  await client.connect();
  await client.query('CREATE TABLE node_j (id int PRIMARY KEY, doc jsonb)');
  const doc = { b: [1, 2, { c: null }], a: 'x', n: 2.5, t: true };
  await client.query('INSERT INTO node_j VALUES ($1, $2)', [1, doc]);  // sent as JSON text
  let r = await client.query('SELECT doc, doc -> $1 AS b1 FROM node_j WHERE id = 1', ['b']);
  assert.deepStrictEqual(r.rows[0].doc, doc);
  assert.deepStrictEqual(r.rows[0].b1, [1, 2, { c: null }]);
  assert.strictEqual(r.fields[0].dataTypeID, 3802);
  r = await client.query("SELECT doc::text AS t FROM node_j");
  assert.strictEqual(r.rows[0].t, '{"a": "x", "b": [1, 2, {"c": null}], "n": 2.5, "t": true}');
  r = await client.query('SELECT jsonb_agg(id) AS ids FROM node_j WHERE doc ? $1', ['a']);
  assert.deepStrictEqual(r.rows[0].ids, [1]);
  await assert.rejects(client.query("SELECT '{bad'::jsonb"), (e) => e.code === '22P02');
  await client.end();
  console.log('ok');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
