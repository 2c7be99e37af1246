// The relay suites on PostgreSQL: when PARLEY_TEST_PG is set (the URI of a server the test command
// started with tools/postgres/server), every relay data directory gets a database of its own, so
// each test file runs unchanged on either backend. The database's URI is kept in the data
// directory (a relay restarted on the same directory finds its store again).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const TEST_PG = process.env.PARLEY_TEST_PG || '';

/** A fresh database on the server at `server` (a postgres:// URI); returns its URI. */
export function createDatabase(server) {
  const name = `parley_${randomBytes(8).toString('hex')}`;
  execFileSync('psql', [server, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const uri = new URL(server);
  uri.pathname = `/${name}`;
  return uri.toString();
}

/** The --store for a relay on `data`: null on SQLite (PARLEY_TEST_PG unset). */
export function storeFor(data) {
  if (!TEST_PG) return null;
  const marker = join(data, 'postgres-store');
  if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
  const uri = createDatabase(TEST_PG);
  mkdirSync(data, { recursive: true });
  writeFileSync(marker, `${uri}\n`);
  return uri;
}
