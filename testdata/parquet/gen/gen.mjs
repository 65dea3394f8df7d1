// Generates the committed Parquet fixtures with independent writers: DuckDB, arrow-rs (through
// parquet-wasm) and Polars (nodejs-polars, Rust). Not run in CI. Usage (Node 20):
//   mkdir -p /tmp/pqgen && cd /tmp/pqgen && npm init -y && npm install @duckdb/node-api \
//     parquet-wasm apache-arrow && npm i -E nodejs-polars@0.25.2 nodejs-polars-linux-x64-gnu@0.25.2
//   node testdata/parquet/gen/gen.mjs [conformance|types|codecs] ...   (from the repo root; default all)
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
const require = createRequire('/tmp/pqgen/');
const { DuckDBInstance } = require('@duckdb/node-api');

const root = process.cwd();
const sections = process.argv.slice(2);
const want = (s) => sections.length === 0 || sections.includes(s);
const expected = JSON.parse(readFileSync(`${root}/testdata/conformance/expected.json`, 'utf8'));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const q = (s) => con.run(s);
const lit = (v) => (v === '' ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

if (want('conformance')) {
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
}

if (want('types')) {
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
}

// The codecs fixtures: one small table of persons with a struct and a list column, written by
// each independent writer with every codec it offers. codecs/records.json holds the records;
// readers/parquet_codecs_test.go checks every file reads to them.
if (want('codecs')) {
  const dir = `${root}/testdata/parquet/codecs`;
  mkdirSync(dir, { recursive: true });
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const residentID = (p) => {
    const regions = ['110105', '310101', '440106', '330106'];
    const pad = (v, n) => String(v).padStart(n, '0');
    const body = regions[p % 4] + pad(1960 + p % 40, 4) + pad(1 + p % 12, 2) + pad(1 + p % 28, 2) + pad(p % 1000, 3);
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(body[i]) * weights[i];
    return body + '10X98765432'[sum % 11];
  };
  const mobile = (p, k) => `13${8 - k % 3}${String(10000000 + p * 37 + k * 7919).padStart(8, '0')}`;
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '欧阳娜娜'];
  const recs = [];
  for (let i = 0; i < 24; i++) {
    const phones = i === 5 ? null : Array.from({ length: i % 3 }, (_, k) => mobile(i, k + 1));
    recs.push({
      id: i + 1,
      id_card: i % 8 === 7 ? null : residentID(i),
      mobile: mobile(i, 0),
      name: names[i % names.length],
      contact: i % 6 === 4 ? null : { id_card: residentID(100 + i), mobile: i % 5 === 0 ? null : mobile(100 + i, 0) },
      phones,
    });
  }
  writeFileSync(`${dir}/records.json`, JSON.stringify(recs, null, 1) + '\n');

  // DuckDB
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const s = (v) => (v === null ? 'NULL' : `'${v}'`);
  const rows = recs.map((r) => `(${r.id}, ${s(r.id_card)}, ${s(r.mobile)}, ${s(r.name)}, ${r.contact === null ? 'NULL' : `{'id_card': ${s(r.contact.id_card)}, 'mobile': ${s(r.contact.mobile)}}`}, ${r.phones === null ? 'NULL' : `[${r.phones.map(s).join(', ')}]::VARCHAR[]`})`);
  await con.run(`CREATE TABLE persons (id BIGINT, id_card VARCHAR, mobile VARCHAR, name VARCHAR, contact STRUCT(id_card VARCHAR, mobile VARCHAR), phones VARCHAR[])`);
  await con.run(`INSERT INTO persons VALUES ${rows.join(', ')}`);
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4_raw']) {
    await con.run(`COPY (SELECT * FROM persons ORDER BY id) TO '${dir}/duckdb-${codec}.parquet' (FORMAT PARQUET, COMPRESSION ${codec})`);
  }

  // arrow-rs, through parquet-wasm
  const arrow = require('apache-arrow');
  const pw = require('parquet-wasm');
  const utf8 = new arrow.Utf8();
  const contactType = new arrow.Struct([new arrow.Field('id_card', utf8, true), new arrow.Field('mobile', utf8, true)]);
  const table = new arrow.Table({
    id: arrow.vectorFromArray(recs.map((r) => BigInt(r.id)), new arrow.Int64()),
    id_card: arrow.vectorFromArray(recs.map((r) => r.id_card), utf8),
    mobile: arrow.vectorFromArray(recs.map((r) => r.mobile), utf8),
    name: arrow.vectorFromArray(recs.map((r) => r.name), utf8),
    contact: arrow.vectorFromArray(recs.map((r) => r.contact), contactType),
    phones: arrow.vectorFromArray(recs.map((r) => r.phones), new arrow.List(new arrow.Field('item', utf8, true))),
  });
  const ipc = arrow.tableToIPC(table, 'stream');
  for (const [name, codec] of Object.entries({ uncompressed: 'UNCOMPRESSED', snappy: 'SNAPPY', gzip: 'GZIP', brotli: 'BROTLI', lz4: 'LZ4', zstd: 'ZSTD', lz4_raw: 'LZ4_RAW', lzo: 'LZO' })) {
    try {
      const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression[codec]).setMaxRowGroupSize(10).build();
      writeFileSync(`${dir}/arrow-rs-${name}.parquet`, pw.writeParquet(pw.Table.fromIPCStream(ipc), props));
    } catch (e) {
      console.log(`arrow-rs cannot write ${codec}: ${e}`);
    }
  }

  // Polars
  const pl = require('nodejs-polars');
  // Polars builds the struct from two columns; a null contact is a struct of nulls here.
  const df = pl.DataFrame({
    id: recs.map((r) => r.id),
    id_card: recs.map((r) => r.id_card),
    mobile: recs.map((r) => r.mobile),
    name: recs.map((r) => r.name),
    c_id_card: recs.map((r) => r.contact?.id_card ?? null),
    c_mobile: recs.map((r) => r.contact?.mobile ?? null),
    phones: pl.Series('phones', recs.map((r) => r.phones), pl.List(pl.Utf8)),
  }).select('id', 'id_card', 'mobile', 'name',
    pl.struct([pl.col('c_id_card').alias('id_card'), pl.col('c_mobile').alias('mobile')]).alias('contact'), 'phones');
  console.log(df.schema);
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'brotli', 'lz4', 'zstd']) {
    df.writeParquet(`${dir}/polars-${codec}.parquet`, { compression: codec });
  }
  for (const f of ['duckdb-zstd', 'arrow-rs-lz4', 'polars-lz4']) {
    const r = await con.runAndReadAll(`SELECT DISTINCT path_in_schema, compression FROM parquet_metadata('${dir}/${f}.parquet')`);
    console.log(f, r.getRows());
  }
}

// The nested fixture: structs in structs, a list of structs holding a list, a map of structs and a
// list of lists, with nulls at every level. readers/parquet_test.go checks its cells; the fuzz
// target starts from it too.
if (want('nested')) {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT * FROM (VALUES
    (1, {'name': '张伟', 'ids': {'id_card': '11010519491231002X', 'mobile': '13800138000'}},
        [{'name': '王芳', 'id_card': '440524198001010013', 'phones': ['13900139000', '13700137000']}, {'name': NULL, 'id_card': NULL, 'phones': []}],
        MAP {'home': {'mobile': '13600136000'}, 'work': NULL}, [['a', 'b'], [], NULL, ['c']]),
    (2, NULL, NULL, NULL, NULL),
    (3, {'name': '李娜', 'ids': NULL}, [], MAP {}, [])
  ) t(id, person, family, contacts, matrix) ORDER BY id)
  TO '${root}/testdata/parquet/nested.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  const sch = await con.runAndReadAll(`SELECT name, type, repetition_type FROM parquet_schema('${root}/testdata/parquet/nested.parquet')`);
  for (const r of sch.getRows()) console.log(r.join(' | '));
}
