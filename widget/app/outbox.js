// The outbox: every message the customer sends is written to IndexedDB with its idempotency key
// *before* any network call, then delivered strictly in order, one at a time. A retry after a
// lost answer, a relay restart or a page reload reuses the same key, so the relay stores it once.

const STORE = 'outbox';

function promisify(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** A random key made when the message is typed (crypto.randomUUID needs a secure context). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

async function openDb(name) {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'n', autoIncrement: true });
  return promisify(req);
}

/**
 * createOutbox({ name, deliver, onDelivered, onFailed, onState })
 *   deliver(entry)           sends one entry; resolves with the stored message or throws an error
 *                            with `retry` (true: keep it and try later; false: the relay refused it)
 *   onDelivered(entry, msg)  after the relay stored it (and it left the outbox)
 *   onFailed(entry, error)   the relay refused it for good; it leaves the outbox, the UI keeps it
 *   onState({pending, waiting}) for the "sending…/offline" hint
 * Falls back to memory when IndexedDB is unavailable (private modes), so sending still works.
 */
export async function createOutbox({ name, deliver, onDelivered, onFailed, onState }) {
  let db = null;
  const memory = [];
  let memoryN = 0;
  try { db = await openDb(name); } catch { db = null; }

  function tx(mode) { return db.transaction(STORE, mode).objectStore(STORE); }
  async function all() { return db ? promisify(tx('readonly').getAll()) : memory.slice(); }
  async function put(entry) {
    if (db) { entry.n = await promisify(tx('readwrite').put(entry)); return entry; }
    if (entry.n === undefined) { entry.n = ++memoryN; memory.push(entry); }
    return entry;
  }
  async function remove(entry) {
    if (db) return promisify(tx('readwrite').delete(entry.n));
    const i = memory.indexOf(entry);
    if (i >= 0) memory.splice(i, 1);
    return undefined;
  }

  let running = null, timer = null, delay = 500, stopped = false;

  async function drain() {
    for (;;) {
      const [entry] = await all();
      if (!entry || stopped) { delay = 500; onState && onState({ pending: 0, waiting: false }); return; }
      try {
        const msg = await deliver(entry);
        await remove(entry);
        delay = 500;
        onDelivered && onDelivered(entry, msg);
      } catch (err) {
        if (err && err.retry === false) {
          await remove(entry);
          onFailed && onFailed(entry, err);
          continue;
        }
        if (entry.uploads !== undefined) await put(entry);  // keep attachment ids already uploaded
        const pending = (await all()).length;
        onState && onState({ pending, waiting: true, error: err });
        clearTimeout(timer);
        timer = setTimeout(() => { timer = null; flush(); }, delay);
        delay = Math.min(delay * 2, 8000);
        return;
      }
    }
  }

  /** Deliver what is queued; serialised within the page and, with Web Locks, across tabs. */
  let again = false;
  function flush() {
    if (running) { again = true; return running; }
    let ran = false;
    const run = () => { ran = true; return drain(); };
    // Other tabs share the IndexedDB outbox, never a memory one. A frame denied storage (a
    // third-party frame with third-party storage blocked) is denied locks too: run without.
    const locked = db && navigator.locks
      ? navigator.locks.request(`${name}:flush`, run).catch((e) => { if (!ran) return run(); throw e; })
      : run();
    running = locked
      .catch(() => {})
      .finally(() => {
        running = null;
        // Something was added while the last pass was finishing: look again (unless backing off).
        if (again) { again = false; if (!timer) flush(); }
      });
    return running;
  }

  return {
    all,
    /** Persist a new entry, then start delivering. Resolves once it is safely stored. */
    async add(entry) {
      await put(entry);
      flush();
      return entry;
    },
    save: put,
    flush,
    /** Retry now (e.g. the browser came back online) instead of waiting for the back-off. */
    kick() { clearTimeout(timer); timer = null; delay = 500; return flush(); },
    stop() { stopped = true; clearTimeout(timer); timer = null; },
  };
}
