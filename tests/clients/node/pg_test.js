// node-pg against komodo serve: parameters, types, a transaction rolled back after an error,
// and the SQLSTATE of an error. Usage: node pg_test.js PORT; prints "ok" when every check holds.
'use strict';
const assert = require('assert');
const { Client } = require('pg');

async function main() {
  const client = new Client({
    host: '127.0.0.1', port: Number(process.argv[2]), user: 'komodo', database: 'komodo',
  });
  await client.connect();
  await client.query('CREATE TABLE node_t (id int PRIMARY KEY, name text, price numeric(10,2), ok bool)');
  // Extended protocol with parameters (node-pg sends them as text).
  for (const [id, name, price] of [[1, 'apple', '1.50'], [2, 'pear', '2'], [3, null, null]]) {
    await client.query('INSERT INTO node_t VALUES ($1, $2, $3, $4)', [id, name, price, id % 2 === 1]);
  }
  let r = await client.query('SELECT id, name, price, ok FROM node_t WHERE id >= $1 ORDER BY id', [2]);
  assert.deepStrictEqual(r.rows, [
    { id: 2, name: 'pear', price: '2.00', ok: false },
    { id: 3, name: null, price: null, ok: true },
  ]);
  assert.strictEqual(r.fields[0].dataTypeID, 23);
  r = await client.query('SELECT count(*) AS n, sum(price) AS total FROM node_t');
  assert.deepStrictEqual(r.rows, [{ n: '3', total: '3.50' }]);

  // An error inside a transaction: its SQLSTATE, the aborted block, and the rollback.
  await client.query('BEGIN');
  await client.query("INSERT INTO node_t VALUES (4, 'kiwi', 1, true)");
  await assert.rejects(client.query("INSERT INTO node_t VALUES (1, 'dup', 1, true)"),
                       (e) => e.code === '23505');
  await assert.rejects(client.query('SELECT 1'), (e) => e.code === '25P02');
  await client.query('ROLLBACK');
  r = await client.query('SELECT count(*)::int AS n FROM node_t');
  assert.strictEqual(r.rows[0].n, 3);

  await assert.rejects(client.query('SELECT * FROM nope'), (e) => e.code === '42P01');

  // Arrays: a JS array parameter goes out as an array literal, array columns come back as arrays.
  await client.query('CREATE TABLE node_arr (id int PRIMARY KEY, nums int[], words text[])');
  await client.query('INSERT INTO node_arr VALUES ($1, $2, $3)', [1, [1, null, 3], ['a b', 'c"d', null]]);
  r = await client.query('SELECT nums, words, nums[1] AS first FROM node_arr WHERE $1 = ANY(nums)', [3]);
  assert.deepStrictEqual(r.rows, [{ nums: [1, null, 3], words: ['a b', 'c"d', null], first: 1 }]);
  assert.strictEqual(r.fields[0].dataTypeID, 1007);
  await client.end();
  console.log('ok');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
