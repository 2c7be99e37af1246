// The case's evidence chain, kept by the core's evidence module (hash-chained records). The panel
// only holds the records the core returns; without that module there is no chain to show.
export class Evidence {
  constructor(core) {
    this.core = core;
    this.records = [];
    this.caseId = null;
    this.tail = Promise.resolve();
  }
  get available() { return this.core.has('evidence.append'); }

  start(caseId) {
    this.caseId = String(caseId || 'case');
    this.records = [];
  }

  /** kind: message, triage, route, knowledge, draft, edit, approval, reply (the evidence module's kinds). */
  // Appends are queued: each record is hashed onto the one before it, so two steps that finish at
  // the same time (route and knowledge run in parallel) must still be chained one after the other.
  add(kind, data, actor) {
    if (!this.available) return Promise.resolve(null);
    const caseId = this.caseId;
    const next = this.tail.then(async () => {
      if (caseId !== this.caseId) return null;  // the agent moved to another case meanwhile
      const record = await this.core.call('evidence.append', {
        chain: this.records, record: { kind, actor, at: new Date().toISOString(), data },
      });
      this.records.push(record);
      return record;
    });
    this.tail = next.catch(() => {});
    return next;
  }

  async verify() {
    return this.core.call('evidence.verify', { records: this.records });
  }

  /** JSON Lines text: the core's export when it has one, else one record per line. */
  async exportJsonl() {
    if (this.core.has('evidence.export')) {
      const answer = await this.core.call('evidence.export', { records: this.records });
      if (typeof answer.jsonl === 'string') return answer.jsonl;
    }
    return this.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  }
}
