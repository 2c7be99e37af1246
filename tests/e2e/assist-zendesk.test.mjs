// The panel as a Zendesk ticket_sidebar app, in Chromium, against the ZAF simulator
// (assist/dev/zendesk.html) on its own loopback origin: the ZAF handshake, get / invoke / the
// request proxy, ticket.updated and ticket.submit.done; then two frames that lie (a URL naming
// another parent, a neighbour frame sending Zendesk's messages from its own origin), and the app
// package an admin uploads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, artifact, eventually, fileServer, freePort, relayAndBrowser } from './browser.mjs';
import { packageApp } from '../../assist/zendesk/package.mjs';

const SIMULATOR = ['zendesk.html', 'zendesk.js', 'host.css'];
const [zendeskPort, forgerPort] = [await freePort(), await freePort()];
const zendesk = `http://127.0.0.1:${zendeskPort}`;
const forger = `http://127.0.0.1:${forgerPort}`;
const env = relayAndBrowser({ args: ['--assist-host', zendesk, '--assist-host', forger] });
const servers = [];
before(async () => {
  servers.push(await fileServer(join(ROOT, 'assist', 'dev'), SIMULATOR, { port: zendeskPort }),
    await fileServer(join(ROOT, 'assist', 'dev'), SIMULATOR, { port: forgerPort }));
});
after(async () => { for (const s of servers) await s.close(); });

async function open(query) {
  const ctx = await env.browser.newContext({ viewport: { width: 1100, height: 1300 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${zendesk}/zendesk.html?panel=${encodeURIComponent(env.relay.url)}${query || ''}`);
  const panel = page.frameLocator('#assist');
  await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
  const count = async (name) => Number(await page.locator('body').getAttribute(`data-${name}`) || 0);
  return { ctx, page, panel, problems, count };
}

test('in a Zendesk ticket sidebar the panel reads the ticket over ZAF, inserts with appendText and follows ticket events', async () => {
  const { ctx, page, panel, problems, count } = await open();
  await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
  assert.equal(await count('handshakes'), 1);
  assert.ok(await count('requests') >= 1, 'comments come through the request proxy');
  assert.equal(await panel.locator('#case').getAttribute('data-conversation'), 'zendesk-1042');
  // The requester's last public comment, not the private note; e-mail, in German.
  assert.match(await panel.locator('#last-message').textContent(), /Wo ist meine Bestellung\?/);
  assert.equal(await panel.locator('#contact-name').textContent(), 'Jonas Weber');
  assert.equal(await panel.locator('#channel-name').textContent(), 'email');
  assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
  await panel.locator('button[data-template="de.email.order_status"][aria-pressed="true"]').waitFor();
  const draft = await panel.locator('#draft-text').inputValue();
  assert.match(draft, /PD-318274/);
  assert.match(draft, /Jonas/);
  // The subject threads on the ticket's (e-mail frame: "AW:" in German).
  assert.match(await panel.locator('#draft-subject').textContent(), /PD-318274/);
  // The sidebar asked Zendesk for its height.
  assert.ok(await count('resized') >= 1);
  // Zendesk knows its agent, not Parley's: the agents-only articles need a sign-in in the panel.
  await panel.locator('#internal-token').fill('demo-agent');
  await panel.locator('#internal-signin button[type=submit]').click();
  await panel.locator('#internal-list li').first().waitFor();
  assert.ok(await panel.locator('#internal-list li').count() >= 2);
  assert.equal(await panel.locator('#internal-signin').isHidden(), true);

  // No Send here: Insert appends the draft to the agent's reply through ticket.comment.appendText.
  assert.equal(await panel.locator('#send').isHidden(), true);
  await panel.locator('#insert').click();
  await panel.locator('#send-status', { hasText: 'Inserted' }).waitFor();
  assert.equal(await page.locator('#reply').inputValue(), draft);
  assert.equal(await count('appended'), 1);
  await page.screenshot({ path: artifact('assist-zendesk.png'), fullPage: true });

  // The customer writes again: Zendesk says ticket.updated, the panel re-reads and analyses the new comment.
  const before = await count('requests');
  await page.locator('#customer-writes').click();
  await panel.locator('#last-message', { hasText: 'Ich warte immer noch' }).waitFor();
  await panel.locator('#case[data-analysed="true"]').waitFor();
  assert.ok(await count('requests') > before);
  // The agent submits: ticket.submit.done, the reply is in the thread the panel reads.
  await page.locator('#submit').click();
  await eventually(async () => (await count('requests')) > before + 1);
  assert.equal(await page.locator('#reply').inputValue(), '');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('when Zendesk refuses the request proxy, the comments come from ZAF\'s ticket.comments', async () => {
  const { ctx, panel, problems, count } = await open('&proxy=refuse');
  await panel.locator('#case[data-analysed="true"]:not([hidden])').waitFor();
  assert.ok(await count('requests') >= 1);
  // The HTML comment value as text, the requester's last one (author role end-user).
  assert.equal(await panel.locator('#last-message').textContent(),
    'Wo ist meine Bestellung? Das Paket ist immer noch nicht angekommen und ich brauche es bis Freitag.');
  assert.equal(await panel.locator('#f-intent').getAttribute('data-intent'), 'order_status');
  assert.deepEqual(problems, []);
  await ctx.close();
});

// Waits long enough for the panel to have acted on anything it believed (it acts in well under a second).
const settle = () => new Promise((r) => setTimeout(r, 2000));

test('a frame URL naming another Zendesk origin than its parent: the panel never registers', async () => {
  // The page frames the panel with origin=https://acme.zendesk.com and pushes Zendesk's
  // registration from its own origin; the panel's handshake goes to acme.zendesk.com only.
  const { ctx, panel, count } = await open(`&claim=${encodeURIComponent('https://acme.zendesk.com')}`);
  await settle();
  assert.equal(await count('handshakes'), 0);
  assert.equal(await panel.locator('#case').isHidden(), true);
  assert.equal(await panel.locator('#waiting').isVisible(), true);
  await ctx.close();
});

test('a neighbour frame sending exactly Zendesk\'s messages from its own origin is ignored', async () => {
  // Zendesk stays silent; the forger (same simulator code, another origin) sends the registration,
  // answers for every request id and the comments, three times, once the panel listens.
  const { ctx, panel, count } = await open(`&forger=${encodeURIComponent(forger)}`);
  await eventually(async () => (await count('forged')) >= 3, 20000);
  await settle();
  assert.equal(await count('handshakes'), 1);
  assert.equal(await panel.locator('#case').isHidden(), true);
  assert.equal(await panel.locator('#waiting').isVisible(), true);
  assert.equal(await count('appended'), 0);
  await ctx.close();
});

test('the Zendesk app package: manifest with the ticket_sidebar URL, translations, generated logos, a valid zip', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'parley-zendesk-')), 'app.zip');
  packageApp({ panelUrl: 'https://relay.example.com/assist/index.html', out });
  // Python's zipfile is an independent reader: CRCs, sizes and the PNG headers are checked there.
  const listing = JSON.parse(execFileSync('python3', ['-c', `
import json, struct, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
png = lambda n: list(struct.unpack('>II', z.read(n)[16:24])) if z.read(n)[:8] == b'\\x89PNG\\r\\n\\x1a\\n' else None
print(json.dumps({"bad": bad, "names": z.namelist(), "manifest": json.loads(z.read('manifest.json')),
  "en": json.loads(z.read('translations/en.json')), "logo": png('assets/logo.png'), "small": png('assets/logo-small.png')}))
`, out]).toString());
  assert.equal(listing.bad, null);
  assert.deepEqual(listing.names.sort(), ['assets/logo-small.png', 'assets/logo.png', 'manifest.json', 'translations/en.json']);
  assert.deepEqual(listing.manifest.location, { support: { ticket_sidebar: { url: 'https://relay.example.com/assist/index.html', flexible: true } } });
  assert.equal(listing.manifest.frameworkVersion, '2.0');
  assert.equal(listing.en.app.name, 'Parley Assist');
  assert.deepEqual(listing.logo, [320, 320]);
  assert.deepEqual(listing.small, [128, 128]);
  // A URL Zendesk would not frame, or one with a query Zendesk's own parameters would collide with.
  assert.throws(() => packageApp({ panelUrl: 'http://relay.example.com/assist/index.html', out }), /https/);
  assert.throws(() => packageApp({ panelUrl: 'https://relay.example.com/assist/index.html?host=zendesk', out }), /query/);
});
