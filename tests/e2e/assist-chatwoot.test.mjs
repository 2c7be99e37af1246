// The panel in other hosts through the same boundary: a Chatwoot dashboard app (JSON-string
// appContext events, no send), checked in Chromium against a Chatwoot simulator page, plus the
// adapter's translation of Chatwoot's payload checked directly.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, artifact, fileServer, freePort, relayAndBrowser } from './browser.mjs';
import { FETCH_INFO, channelOf, parseAppContext } from '../../assist/hosts/chatwoot.js';

// Chatwoot runs on its own origin: a small static server on another loopback port serves the
// simulator page; the relay lists it as an allowed Assist host. A second one is not listed.
const helpdeskServer = (port) => fileServer(join(ROOT, 'assist', 'dev'), ['chatwoot.html', 'chatwoot.js', 'host.css'], { port });
const [helpdeskPort, strangerPort] = [await freePort(), await freePort()];
const helpdesk = `http://127.0.0.1:${helpdeskPort}`;
const stranger = `http://127.0.0.1:${strangerPort}`;
const env = relayAndBrowser({ args: ['--assist-host', helpdesk] });
const servers = [];
before(async () => { servers.push(await helpdeskServer(helpdeskPort), await helpdeskServer(strangerPort)); });
after(() => { for (const s of servers) s.close(); });

test('Chatwoot appContext becomes the panel conversation: private notes dropped, times in ISO, channel mapped', () => {
  const payload = {
    event: 'appContext',
    data: {
      conversation: { id: 7, status: 'open', meta: { channel: 'Channel::Line', sender: { name: 'Aoi', additional_attributes: { country_code: 'jp' } } },
        messages: [
          { id: 2, content: 'note', message_type: 1, created_at: 1795000100, private: true },
          { id: 3, content: 'お返事ありがとうございます', message_type: 1, created_at: 1795000200, private: false },
          { id: 1, content: '注文はどこ？', message_type: 0, created_at: 1795000000, private: false },
          { id: 4, content: 'Conversation was resolved', message_type: 2, created_at: 1795000300 },
        ] },
      contact: { name: 'Aoi Tanaka', custom_attributes: { locale: 'ja', time_zone: 'Asia/Tokyo' } },
      currentAgent: { name: 'Ken' },
    },
  };
  const c = parseAppContext(JSON.stringify(payload));
  assert.equal(c.conversation.id, 'chatwoot-7');
  assert.equal(c.conversation.channel, 'line');
  assert.equal(c.contact.name, 'Aoi Tanaka');
  assert.equal(c.contact.country, 'JP');
  assert.equal(c.contact.locale, 'ja');
  assert.equal(c.agent.name, 'Ken');
  assert.deepEqual(c.messages.map((m) => [m.direction, m.text]),
    [['in', '注文はどこ？'], ['out', 'お返事ありがとうございます'], ['system', 'Conversation was resolved']]);
  assert.equal(c.messages[0].at, new Date(1795000000 * 1000).toISOString());
  // Anything else is not a conversation.
  for (const bad of [payload, 'not json', '{"event":"other"}', JSON.stringify({ event: 'appContext', data: {} }), FETCH_INFO])
    assert.equal(parseAppContext(bad), null, String(bad).slice(0, 40));
  assert.equal(channelOf('Channel::TwilioSms'), 'sms');
  assert.equal(channelOf('Channel::Unknown'), 'webchat');
});

async function open(url) {
  const ctx = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.relay.url });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: helpdesk });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(url);
  const panel = page.frameLocator('#assist');
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  return { ctx, page, panel, problems };
}

test('in a Chatwoot dashboard app the panel asks for the context, analyses it and copies drafts', async () => {
  const { ctx, page, panel, problems } = await open(`${helpdesk}/chatwoot.html?panel=${encodeURIComponent(env.relay.url)}`);
  await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
  assert.match(await page.locator('#asked').textContent(), /fetch-info [1-9]/);
  // The last customer message (not the private note) is the one analysed, in Spanish.
  assert.match(await panel.locator('#last-message').textContent(), /¿Dónde está mi pedido\?/);
  assert.equal(await panel.locator('#channel-name').textContent(), 'whatsapp');
  assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
  // Spanish WhatsApp templates, the order number from Chatwoot's custom attributes.
  const ids = await panel.locator('#template-list button').evaluateAll((bs) => bs.map((b) => b.dataset.template));
  assert.ok(ids.length && ids.every((id) => id.startsWith('es.whatsapp.')), ids.join());
  await panel.locator('button[data-template="es.whatsapp.order_status"][aria-pressed="true"]').waitFor();
  const draft = await panel.locator('#draft-text').inputValue();
  assert.match(draft, /PD-550123/);
  assert.match(draft, /Lucía/);
  // The cited article is one about orders (the triaged intent's tag), not payment methods that
  // merely mention "pedido" more often.
  const cited = await panel.locator('#citations li[data-article]').first().getAttribute('data-article');
  assert.ok(['shipping-times.es', 'order-tracking.es'].includes(cited), cited);
  // No send in this host: Insert copies to the clipboard.
  assert.equal(await panel.locator('#send').isHidden(), true);
  await panel.locator('#insert').click();
  await panel.locator('#send-status', { hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
  if (copied !== null) assert.equal(copied, draft);
  assert.equal(await page.evaluate(() => location.origin), helpdesk);
  await page.screenshot({ path: artifact('assist-chatwoot.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a Chatwoot context from an origin the panel was not told to trust is ignored', async () => {
  // The simulator pushes its context on load from the relay's origin; the panel trusts only
  // chat.example.com, so nothing is opened (and its own fetch-info is not delivered to this page).
  const { ctx, panel } = await open(`${helpdesk}/chatwoot.html?panel=${encodeURIComponent(env.relay.url)}&trust=${encodeURIComponent('https://chat.example.com')}`);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await panel.locator('#case').isHidden(), true);
  assert.equal(await panel.locator('#waiting').isVisible(), true);
  await ctx.close();
});

test('a helpdesk the relay does not list cannot frame the panel at all', async () => {
  // The relay's frame-ancestors for /assist/ names only its own origin and the listed helpdesk.
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  const refused = new Promise((resolve) => page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) resolve(true); }));
  await page.goto(`${stranger}/chatwoot.html?panel=${encodeURIComponent(env.relay.url)}`);
  assert.equal(await Promise.race([refused, new Promise((r) => setTimeout(() => r(false), 10000))]), true);
  assert.equal(await page.locator('#asked').textContent(), '');  // the panel never ran, so never asked
  await ctx.close();
});

test('in Chatwoot the agent signs in to Parley in the panel for the agents-only articles; the token never reaches Chatwoot', async () => {
  const TOKEN = 'demo-agent';  // the relay's default agent token
  const expected = (await (await fetch(`${env.relay.url}/api/v1/packs/demo/internal-articles`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json())
    .articles.map((a) => a.id).sort();
  assert.ok(expected.length >= 2, 'the demo pack has agents-only articles');
  const ctx = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
  // Everything the panel posts to the Chatwoot page, as that page receives it.
  await ctx.addInitScript(() => {
    if (location.pathname.endsWith('/chatwoot.html')) {
      globalThis.__received = [];
      addEventListener('message', (e) => globalThis.__received.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data)));
    }
  });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${helpdesk}/chatwoot.html?panel=${encodeURIComponent(env.relay.url)}`);
  const panel = page.frameLocator('#assist');
  await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor({ timeout: 60000 });
  // Chatwoot hands no Parley token: the section offers the sign-in, and lists nothing yet.
  await panel.locator('#internal:not([hidden]) #internal-signin:not([hidden])').waitFor();
  assert.equal(await panel.locator('#internal-list li').count(), 0);
  assert.equal(await panel.locator('#internal-signout').isHidden(), true);
  // A wrong token: refused, said so, still asking.
  await panel.locator('#internal-token').fill('not-the-agent-token');
  await panel.locator('#internal-signin button[type=submit]').click();
  await panel.locator('#internal-status', { hasText: 'did not accept' }).waitFor();
  await panel.locator('#internal').screenshot({ path: artifact('assist-chatwoot-signin.png') });
  assert.equal(await panel.locator('#internal-signin').isVisible(), true);
  assert.equal(await panel.locator('#internal-list li').count(), 0);
  // The right one: every agents-only article, the form gone, the field emptied.
  await panel.locator('#internal-token').fill(TOKEN);
  await panel.locator('#internal-token').press('Enter');
  await panel.locator('#internal-list li').first().waitFor();
  assert.deepEqual(await panel.locator('#internal-list li').evaluateAll((lis) => lis.map((li) => li.dataset.article).sort()), expected);
  assert.equal(await panel.locator('#internal-signin').isHidden(), true);
  assert.equal(await panel.locator('#internal-status').textContent(), '');
  assert.equal(await panel.locator('#internal-token').inputValue(), '');
  await panel.locator('#internal').screenshot({ path: artifact('assist-chatwoot-internal.png') });
  // Kept for this tab: a reload (Chatwoot re-renders the app) is still signed in.
  await page.reload();
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  await panel.locator('#internal-list li').first().waitFor();
  assert.equal(await panel.locator('#internal-signin').isHidden(), true);
  // Signed out: the list goes, the form is back, and a reload asks again.
  await panel.locator('#internal-signout').click();
  await panel.locator('#internal-signin:not([hidden])').waitFor();
  assert.equal(await panel.locator('#internal-list li').count(), 0);
  await page.reload();
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  await panel.locator('#internal-signin:not([hidden])').waitFor();
  // Neither token was ever posted to the helpdesk's page.
  const received = await page.evaluate(() => globalThis.__received);
  assert.ok(received.length > 0, 'the panel did post to Chatwoot (fetch-info)');
  for (const m of received) assert.ok(!m.includes(TOKEN) && !m.includes('not-the-agent-token'), m.slice(0, 80));
  assert.deepEqual(problems, []);
  await ctx.close();
});
