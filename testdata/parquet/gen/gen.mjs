// Generates the committed Parquet fixtures with DuckDB (a real, independent Parquet writer).
// Not run in CI. Usage (Node 20):
//   mkdir -p /tmp/pqgen && cd /tmp/pqgen && npm init -y && npm install @duckdb/node-api
//   NODE_PATH=/tmp/pqgen/node_modules node testdata/parquet/gen/gen.mjs   (from the repo root)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire('/tmp/pqgen/');
const { DuckDBInstance } = require('@duckdb/node-api');

const root = process.cwd();
const expected = JSON.parse(readFileSync(`${root}/testdata/conformance/expected.json`, 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = (s) => con.run(s);
const lit = (v) => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

// The reference table: natural Parquet types per column; empty cells are NULL.
const types = ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'DATE', 'TIMESTAMP', 'DECIMAL(12,2)',
  'BIGINT', 'BIGINT', 'VARCHAR', 'VARCHAR', 'BOOLEAN'];
const cols = expected.columns.map((c, i) => `"${c}" ${types[i]}`).join(', ');
await q(`CREATE TABLE ref (${cols})`);
for (const row of expected.rows) {
  await q(`INSERT INTO ref VALUES (${row.map((v, i) => (v === '' ? 'NULL' : `CAST(${lit(v)} AS ${types[i]})`)).join(', ')})`);
}
// DuckDB's ROW_GROUP_SIZE is rounded up to 2048 rows, so a 4-row table would be one row group.
// With ROW_GROUP_SIZE_BYTES tiny, each scanned chunk becomes its own row group: a UNION ALL of two
// scans gives two row groups (one thread keeps row order; checked below by reading back).
await q(`SET threads = 1`);
await q(`SET preserve_insertion_order = false`);
await q(`COPY (SELECT * FROM ref WHERE rowid < 2 UNION ALL SELECT * FROM ref WHERE rowid >= 2)
  TO '${root}/testdata/conformance/reference.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE_BYTES 1, COMPRESSION SNAPPY)`);
const back = await con.runAndReadAll(`SELECT "姓名" FROM '${root}/testdata/conformance/reference.parquet'`);
console.log('reference order:', back.getRows());
const rg = await con.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${root}/testdata/conformance/reference.parquet')`);
console.log('reference row groups:', rg.getRows());

// The types fixture: nested, binary, UUID, timestamps with and without time zone, zstd,
// dictionary-encoded strings, several row groups.
await q(`SET TimeZone = 'UTC'`);
await q(`CREATE TABLE types AS SELECT
  i::INTEGER AS id,
  ['a' || i, NULL, 'c']::VARCHAR[] AS tags,
  {'name': '张' || i, 'age': i + 20, 'ok': i % 2 = 0} AS person,
  MAP {'k' || i: i * 10, 'z': NULL} AS attrs,
  ('\\x89PNG\\x0D\\x0A\\x1A\\x0A' || repeat('x', i))::BLOB AS img,
  ('0000000' || i || '-0000-4000-8000-00000000000' || i)::UUID AS uid,
  TIMESTAMP '2026-11-22 18:00:00.123456' + INTERVAL (i) SECOND AS ts_local,
  TIMESTAMPTZ '2026-11-22 18:00:00+00' + INTERVAL (i) SECOND AS ts_utc,
  (i * 1.5)::DOUBLE AS dbl,
  (i * 100 + 0.25)::DECIMAL(18,3) AS dec18,
  (i * 100 + 0.5)::DECIMAL(30,4) AS dec30,
  (i - 5)::TINYINT AS i8,
  (i * 1000)::UINTEGER AS u32,
  DATE '2000-01-01' + i::INTEGER AS d,
  TIME '12:34:56.789' AS t,
  CASE WHEN i % 3 = 0 THEN NULL ELSE ['北京', '上海'][1 + i % 2] END AS city
FROM range(1, 7) r(i)`);
await q(`COPY (SELECT * FROM types WHERE id <= 3 UNION ALL SELECT * FROM types WHERE id > 3) TO '${root}/testdata/parquet/types.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE_BYTES 1, COMPRESSION ZSTD)`);
const rg2 = await con.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${root}/testdata/parquet/types.parquet')`);
console.log('types row groups:', rg2.getRows());
const sch = await con.runAndReadAll(`SELECT name, type, converted_type, logical_type FROM parquet_schema('${root}/testdata/parquet/types.parquet')`);
for (const r of sch.getRows()) console.log(r.join(' | '));
