// The case's evidence chain, kept by the core's evidence module (hash-chained records). The panel
// only holds the records the core returns; without that module there is no chain to show.
export class Evidence {
  constructor(core) {
    this.core = core;
    this.records = [];
    this.caseId = null;
  }
  get available() { return this.core.has('evidence.append'); }

  start(caseId) {
    this.caseId = String(caseId || 'case');
    this.records = [];
  }

  async add(type, data) {
    if (!this.available) return null;
    const answer = await this.core.call('evidence.append', {
      case_id: this.caseId, records: this.records, record: { type, at: new Date().toISOString(), data },
      now: new Date().toISOString(),
    });
    if (Array.isArray(answer.records)) this.records = answer.records;
    else this.records.push(answer.record || answer);
    return answer;
  }

  async verify() {
    return this.core.call('evidence.verify', { case_id: this.caseId, records: this.records });
  }

  /** JSON Lines text: the core's export when it has one, else one record per line. */
  async exportJsonl() {
    if (this.core.has('evidence.export')) {
      const answer = await this.core.call('evidence.export', { case_id: this.caseId, records: this.records });
      if (typeof answer.jsonl === 'string') return answer.jsonl;
    }
    return this.records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  }
}
