// The node half of `parley bench sms`: Twilio's segment calculator (npm `sms-segments-calculator`)
// on the same texts. Prints one JSON object as its last line; `parley bench sms` does the scoring.
//
//   node tools/bench/sms-peer.mjs TEXTS.jsonl
// TEXTS.jsonl: {"text"} per line. Output: {"peer","version","results":[{"segments","encoding"}]}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [textsFile] = process.argv.slice(2);
const texts = readFileSync(textsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
try {
  const { SegmentedMessage } = require('sms-segments-calculator');
  const { version } = require('sms-segments-calculator/package.json');
  const results = texts.map((t) => {
    const m = new SegmentedMessage(t, 'auto');
    return { segments: m.segmentsCount, encoding: m.encodingName };
  });
  console.log(JSON.stringify({ peer: 'sms-segments-calculator', version, results }));
} catch (e) {
  console.log(JSON.stringify({ peer: 'sms-segments-calculator', error: String(e.message || e) }));
}
