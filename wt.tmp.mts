import { build } from 'esbuild';
import { createServer } from 'node:http';
import { chromium } from '@playwright/test';
const worker = (await build({ entryPoints: ['renderer/db/codecWorker.ts'], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent' })).outputFiles[0]!.text;
const server = createServer((req, res) => {
  if (req.url === '/codecWorker.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(worker); }
  else { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<p>x</p>'); }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const page = await browser.newPage();
page.on('console', (m) => console.log('page:', m.text()));
await page.goto(`http://127.0.0.1:${port}/`);
await page.evaluate(async () => {
  const w = new Worker('/codecWorker.js', { type: 'module' });
  let got = 0; let ready = false;
  w.onmessage = (e) => { if ('ready' in e.data) ready = true; else got++; };
  w.postMessage({ ping: true });
  while (!ready) await new Promise((r) => setTimeout(r, 10));
  const texts = Array.from({ length: 300 }, (_, i) => `{"event":{"i":${i},"x":"${Math.random()}"}}\n`.repeat(3000));
  texts.forEach((t, i) => w.postMessage({ gzip: t, i }));
  const start = performance.now(); let x = 0; while (performance.now() - start < 3000) x += Math.sqrt(x + 1);
  console.log('after busy 3 s, got so far (before yielding):', got);
  await new Promise((r) => setTimeout(r, 0));
  console.log('after one yield:', got);
  await new Promise((r) => setTimeout(r, 2000));
  console.log('after 2 s more:', got);
});
await browser.close(); server.close();
