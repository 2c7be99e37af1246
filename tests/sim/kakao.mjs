// KakaoTalk chatbot (Kakao i Open Builder) on loopback: the bot engine's side of a skill. It posts
// SkillPayloads to the relay's skill URL as Kakao's engine does (i.kakao.com/docs/skill-response-format,
// skill-callback-dev-guide; ../shared/CHANNELS.md §5), with the secret header the workspace asks
// for (Kakao documents no signature), checks each answer is a SkillResponse Kakao would show, and
// serves the AI-chatbot callback URLs: each one single use and valid for one minute (of this
// simulator's clock, which advance() moves ahead), its body a SkillResponse too.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

export const CALLBACK_MS = 60 * 1000;
export const SIMPLE_TEXT_MAX = 1000;  // characters (code points); UNVERIFIED in CHANNELS.md
export const MAX_OUTPUTS = 3;
export const MAX_QUICK_REPLIES = 10;
export const SECRET_HEADER = 'x-parley-kakao-secret';

const codePoints = (s) => [...s].length;

/** Every way `r` departs from a SkillResponse (version 2.0); `callback`: the useCallback form is allowed. */
export function checkSkillResponse(r, { callback = false } = {}) {
  const errors = [];
  if (!r || typeof r !== 'object' || Array.isArray(r)) return ['the answer is not a JSON object'];
  if (r.version !== '2.0') errors.push(`version ${JSON.stringify(r.version)}: must be "2.0"`);
  for (const k of Object.keys(r)) if (!['version', 'template', 'context', 'data', 'useCallback'].includes(k)) errors.push(`${k}: not a SkillResponse field`);
  if (r.useCallback !== undefined) {
    if (r.useCallback !== true) errors.push('useCallback must be true when present');
    else if (!callback) errors.push('useCallback: the request carried no callbackUrl');
    if (r.data !== undefined && (typeof r.data !== 'object' || Array.isArray(r.data))) errors.push('data must be an object');
    return errors;
  }
  const t = r.template;
  if (!t || typeof t !== 'object') return [...errors, 'template is required'];
  if (!Array.isArray(t.outputs) || t.outputs.length < 1 || t.outputs.length > MAX_OUTPUTS) errors.push(`template.outputs must hold 1–${MAX_OUTPUTS} components`);
  for (const [i, o] of (t.outputs ?? []).entries()) {
    const kinds = Object.keys(o ?? {});
    if (kinds.length !== 1) errors.push(`outputs[${i}]: exactly one component`);
    if (o?.simpleText) {
      const text = o.simpleText.text;
      if (typeof text !== 'string' || text === '') errors.push(`outputs[${i}].simpleText.text is required`);
      else if (codePoints(text) > SIMPLE_TEXT_MAX) errors.push(`outputs[${i}].simpleText.text is ${codePoints(text)} characters; at most ${SIMPLE_TEXT_MAX}`);
    } else if (kinds.length === 1) errors.push(`outputs[${i}].${kinds[0]}: this simulator takes simpleText`);
  }
  if (t.quickReplies !== undefined) {
    if (!Array.isArray(t.quickReplies) || t.quickReplies.length > MAX_QUICK_REPLIES) errors.push(`template.quickReplies: at most ${MAX_QUICK_REPLIES}`);
    for (const [i, q] of (Array.isArray(t.quickReplies) ? t.quickReplies : []).entries()) {
      if (typeof q?.label !== 'string' || !q.label) errors.push(`quickReplies[${i}].label is required`);
      if (!['message', 'block'].includes(q?.action)) errors.push(`quickReplies[${i}].action must be message or block`);
      if (q?.action === 'message' && typeof q.messageText !== 'string') errors.push(`quickReplies[${i}].messageText is required for action message`);
    }
  }
  return errors;
}

/** A SkillPayload as Kakao's bot engine posts it for `utterance` from `userId`. */
export function skillPayload(userId, utterance, { botId = 'bot-parley-test', lang = 'ko', callbackUrl } = {}) {
  const userRequest = {
    timezone: 'Asia/Seoul', params: { ignoreMe: 'true' }, block: { id: 'block-fallback', name: '폴백 블록' }, utterance, lang,
    user: { id: userId, type: 'botUserKey', properties: { botUserKey: userId } },
  };
  if (callbackUrl) userRequest.callbackUrl = callbackUrl;
  return {
    intent: { id: 'intent-fallback', name: '폴백 블록' }, userRequest, bot: { id: botId, name: 'Parley test bot' },
    action: { name: 'parley', clientExtra: null, params: {}, id: 'action-parley', detailParams: {} },
  };
}

export async function startKakao({ secret, botId = 'bot-parley-test' }) {
  const callbacks = new Map();   // id → {issuedAt, used}
  const received = [];           // callback requests: {id, body, errors, status, answer}
  let skew = 0;
  const now = () => Date.now() + skew;

  const http = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const id = new URL(req.url, 'http://kakao').pathname.split('/').pop();
    const entry = { id, raw, body: null, errors: [], status: 0, answer: null };
    received.push(entry);
    const answer = (status, body) => {
      entry.status = status;
      entry.answer = body;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (status, message) => answer(status, { taskId: id, status: 'FAIL', message, timestamp: now() });
    const cb = callbacks.get(id);
    if (req.method !== 'POST' || !cb) return fail(404, 'unknown callback');
    if (!/^application\/json/i.test(req.headers['content-type'] ?? '')) entry.errors.push('Content-Type must be application/json');
    try { entry.body = JSON.parse(raw); } catch { entry.errors.push('body is not JSON'); }
    if (entry.body) entry.errors.push(...checkSkillResponse(entry.body));
    if (cb.used) return fail(400, 'callbackUrl already used');
    if (now() - cb.issuedAt > CALLBACK_MS) return fail(400, 'callbackUrl expired');
    if (entry.errors.length) return fail(400, entry.errors[0]);
    cb.used = true;
    return answer(200, { taskId: id, status: 'SUCCESS', message: '', timestamp: now() });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${http.address().port}`;

  return {
    url,
    /**
     * The customer `userId` says `utterance`: the skill request to `relayUrl`/webhooks/kakao, with a
     * fresh callbackUrl unless `callback` is false; `secret`: the header's value (null: no header).
     * Resolves to {status, json, text, errors (of the answer as a SkillResponse), callbackId, payload}.
     */
    async utter(relayUrl, userId, utterance, { callback = true, lang = 'ko', secret: given = secret, body } = {}) {
      const callbackId = callback ? `cb_${randomBytes(9).toString('base64url')}` : null;
      if (callbackId) callbacks.set(callbackId, { issuedAt: now(), used: false });
      const payload = skillPayload(userId, utterance, { botId, lang, callbackUrl: callbackId ? `${url}/callback/${callbackId}` : undefined });
      const headers = { 'content-type': 'application/json' };
      if (given !== null) headers[SECRET_HEADER] = given;
      const res = await fetch(`${relayUrl}/webhooks/kakao`, { method: 'POST', headers, body: body ?? JSON.stringify(payload) });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON: an error page */ }
      const errors = res.status === 200 ? checkSkillResponse(json, { callback: !!callbackId }) : [];
      return { status: res.status, json, text, errors, callbackId, payload };
    },
    /** The callback requests the relay made (to `id` only, when given), oldest first. */
    received: (id) => received.filter((r) => !id || r.id === id),
    /** This simulator's clock jumps `ms` ahead: callback URLs issued before expire sooner. */
    advance(ms) { skew += ms; },
    async stop() {
      http.closeAllConnections?.();
      await new Promise((r) => http.close(() => r()));
    },
  };
}
