// PouchDB doing what our sync benchmarks do, for a figure measured in the same run: a new PC's first copy
// of N contacts, and how soon a change made on one PC shows on another while W PCs watch.
// The server is express-pouchdb on 127.0.0.1 (LevelDB on disk); each PC is a PouchDB on disk replicating over
// HTTP, as PouchDB offices run it. Prints one line of JSON.
// Usage: node pouchdb_peer.js first-copy N DIR | node pouchdb_peer.js latency WATCHERS EDITS DIR
'use strict';
require('events').defaultMaxListeners = 200;  // 26 live feeds on one server
const path = require('path');
const express = require('express');
const PouchDB = require('pouchdb');

const now = () => Number(process.hrtime.bigint()) / 1e6;

function startServer(dir) {
  require('fs').mkdirSync(path.join(dir, 'server'), {recursive: true});
  const Server = PouchDB.defaults({prefix: path.join(dir, 'server') + path.sep});
  const app = express();
  app.use('/', require('express-pouchdb')(Server, {logPath: path.join(dir, 'log.txt'), mode: 'minimumForPouchDB'}));
  return new Promise((resolve) => {
    const http = app.listen(0, '127.0.0.1', () => resolve({http, url: `http://127.0.0.1:${http.address().port}`}));
  });
}

const CONTACT = (i) => ({_id: `c${String(i).padStart(8, '0')}`, name: `Иван Петров ${i}`,
  phone: `+7 900 123-45-67 ${i}`, email: `ivan@example.ru ${i}`, city: `Тверь ${i}`});

async function firstCopy(n, dir) {
  const server = await startServer(dir);
  const remote = new PouchDB(`${server.url}/contacts`);
  let t = now();
  for (let i = 0; i < n; i += 1000) {
    const docs = [];
    for (let k = i; k < Math.min(n, i + 1000); k++) docs.push(CONTACT(k));
    await remote.bulkDocs(docs);
  }
  const seed = (now() - t) / 1000;
  const pc = new PouchDB(path.join(dir, 'pc'));
  t = now();
  await PouchDB.replicate(remote, pc, {batch_size: 1000, batches_limit: 4});
  const took = (now() - t) / 1000;
  const count = (await pc.info()).doc_count;
  server.http.close();
  return {records: n, seed_s: seed, first_copy_s: took, count};
}

async function latency(watchers, edits, dir) {
  const server = await startServer(dir);
  const url = `${server.url}/office`;
  await new PouchDB(url).info();
  const pcs = [];
  for (let i = 0; i < watchers + 1; i++) {
    const db = new PouchDB(path.join(dir, `pc${i}`));
    pcs.push({db, sync: PouchDB.sync(db, url, {live: true, retry: true})});
  }
  const [a, b] = [pcs[0].db, pcs[1].db];
  const seen = new Map();
  const feed = b.changes({live: true, since: 'now'}).on('change', (c) => seen.set(c.id, now()));
  await new Promise((r) => setTimeout(r, 1000));  // every PC's live feed is open
  const times = [];
  for (let i = 0; i < edits; i++) {
    const id = `e${i}`;
    const t = now();
    await a.put({_id: id, title: `note ${i}`});
    const deadline = t + 10000;
    while (!seen.has(id) && now() < deadline) await new Promise((r) => setTimeout(r, 1));
    if (seen.has(id)) times.push(seen.get(id) - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  feed.cancel();
  for (const pc of pcs) pc.sync.cancel();
  server.http.close();
  times.sort((x, y) => x - y);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p / 100))];
  return {watchers, edits, arrived: times.length, p50_ms: pct(50), p99_ms: pct(99), max_ms: times[times.length - 1]};
}

(async () => {
  const [what, a, b, c] = process.argv.slice(2);
  const result = what === 'first-copy' ? await firstCopy(Number(a), b) : await latency(Number(a), Number(b), c);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
