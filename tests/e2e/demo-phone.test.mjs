// The demo's "customer's phone" page (tools/demo/phone.mjs) against a real relay: the self-service
// bot answers a WhatsApp customer there, in WhatsApp's form (the simulator shows what was sent),
// and switching channel and back keeps who you said you are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort, startRelay, launchBrowser, artifact } from './browser.mjs';
import { until } from './widget-helpers.mjs';

let relay, phone, browser, phoneUrl;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-phone-'));
  const ws = join(dir, 'workspace.json');
  const port = await freePort();
  const phonePort = await freePort();
  phone = spawn('node', [join(ROOT, 'tools/demo/phone.mjs'), '--relay', `http://127.0.0.1:${port}`, '--port', String(phonePort), '--workspace', ws],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  await until(() => existsSync(ws) && readFileSync(ws, 'utf8').length > 0, 'the phone page\'s workspace');
  relay = await startRelay({ port, data: join(dir, 'data'), args: ['--workspace', ws] });
  phoneUrl = `http://127.0.0.1:${phonePort}/`;
  await until(async () => (await fetch(phoneUrl)).ok, 'the phone page');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await relay?.stop(); phone?.kill(); });

test('switching channel and back keeps the handle you typed', async () => {
  const page = await browser.newPage();
  await page.goto(phoneUrl);
  await page.selectOption('#channel', 'whatsapp');
  await page.fill('#from', '447700900123');
  await page.dispatchEvent('#from', 'change');
  await page.selectOption('#channel', 'line');
  assert.notEqual(await page.inputValue('#from'), '447700900123', 'LINE has its own handle');
  await page.selectOption('#channel', 'whatsapp');
  assert.equal(await page.inputValue('#from'), '447700900123');
  await page.close();
});

test('the bot answers a WhatsApp customer on the phone page with the order\'s data', async () => {
  const page = await browser.newPage();
  await page.goto(phoneUrl);
  await page.selectOption('#channel', 'whatsapp');
  await page.fill('#text', 'Where is my order PD-204816?');
  await page.press('#text', 'Enter');
  const answer = await until(async () => (await page.$$eval('#thread li.out', (els) => els.map((e) => e.textContent))).find((t) => t.includes('JD014600006281')), 'the bot\'s answer on the phone');
  assert.match(answer, /DHL/);
  assert.equal(await page.$$eval('#thread li.invalid', (els) => els.length), 0, 'every request the simulator got was valid');
  await page.screenshot({ path: artifact('demo-phone-bot.png') });
  await page.close();
});
