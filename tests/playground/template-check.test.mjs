// The playground's "check a template" mode, in headless Chromium: a CloudFormation template pasted into the
// editor is recognized and checked by the core's lintTemplate (what `express-service lint` reports), each
// finding marked on its line; typing a fix updates the findings key by key; a spec pasted back is a spec again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureBuilt, serve } from '../../playground/serve.mjs';
import { encodeState } from '../../playground/src/share.js';
import { launch } from './chromium.mjs';
import { editor, paste as pasteText, select } from './editor.mjs';

const repo = join(import.meta.dirname, '..', '..');
// The CLI's node API (compiled): the page must report what `express-service lint` reports.
const cli = createRequire(import.meta.url)(join(repo, 'lib', 'cli', 'api.js'));
const blogFile = join(repo, 'tests', 'cli', 'lint-golden', 'blog-yaml', 'template.yaml');
const blog = readFileSync(blogFile, 'utf8');

let server;
let browser;

before(async () => {
  await ensureBuilt();
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash = '') {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
  });
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  return {
    page,
    done: async () => {
      assert.deepEqual(problems, [], 'no console error, uncaught error or outside request');
      await page.close();
    },
  };
}

const shown = (page) =>
  page.$$eval('[data-testid="diagnostics"] .diag', (items) =>
    items.map((li) => [li.getAttribute('data-kind'), li.querySelector('.path')?.textContent, li.querySelector('.code')?.textContent, li.querySelector('.msg')?.textContent]),
  );
/** The CLI's findings for the same text: [kind, path, code, message], in the core's order. */
const linted = (text, name) => {
  const r = cli.lintTemplate(cliValue(text, name));
  return [...r.errors.map((f) => ['error', f.path, f.code, f.message]), ...r.warnings.map((f) => ['warning', f.path, f.code, f.message])];
};
// The template's value as the CLI reads it (short forms expanded): lintFile's reader, on the text.
const cliValue = (text, name) => {
  const { expandShortForms } = createRequire(import.meta.url)(join(repo, 'lib', 'cli', 'templates.js'));
  const { parseSource } = createRequire(import.meta.url)(join(repo, 'lib', 'text', 'parse.js'));
  return parseSource(text, name, { expected: 'a template', transform: expandShortForms }).value;
};

/** Replaces the editor's text as one input event (in YAML mode for YAML: a real paste switches it by itself). */
async function paste(page, text) {
  const format = /^\s*[{[]/.test(text) ? 'json' : 'yaml';
  if ((await page.locator(`[data-spec-format="${format}"]`).getAttribute('aria-pressed')) !== 'true') {
    await page.click(`[data-spec-format="${format}"]`);
  }
  await pasteText(page, text);
}

test("a pasted YAML template is checked as `express-service lint` checks it, each finding marked on its line", async () => {
  const { page, done } = await open();
  await paste(page, blog);
  assert.equal(await page.locator('#spec-status').getAttribute('data-mode'), 'template');
  assert.match(await page.locator('#spec-status').textContent(), /^CloudFormation template: ✗ 4 errors$/);
  assert.deepEqual(await shown(page), linted(blog, 'template.yaml'));
  assert.match(await page.locator('.template-summary').textContent(), /2 Express services checked \(Web, Api\)/);
  // Each finding's line is flagged in the gutter: the lines `express-service lint` gives for the same file.
  const { errors, warnings } = cli.lintFile(blogFile);
  const lines = (list) => [...new Set(list.map((f) => String(f.line)))].sort((x, y) => x - y);
  assert.deepEqual(await page.locator('#editor .gutter .g-error').allTextContents(), lines(errors));
  assert.deepEqual(await page.locator('#editor .gutter .g-warning').allTextContents(), lines(warnings.filter((w) => !errors.some((e) => e.line === w.line))));
  // Values are marked (the :latest image, the memory beside cpu 256).
  const marked = await page.locator('#editor pre.highlight .m-warning').allTextContents();
  assert.ok(marked.includes('nginx:latest'), JSON.stringify(marked));
  // No template of a spec is offered for it.
  assert.equal(await page.locator('[data-testid="template"]').textContent(), '');
  assert.match(await page.locator('#template-stale').textContent(), /holds a CloudFormation template/);
  // Nor the diagram of the spec that was there before.
  assert.equal(await page.locator('[data-testid="diagram"]').isVisible(), false);
  // Clicking a finding selects its value in the editor.
  await page.locator('[data-testid="diagnostics"] .diag', { hasText: 'Resources.Web.Properties.Memory' }).click();
  assert.equal(await editor(page).evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)), 'Memory: "256"');
  await done();
});

test('typing a fix updates the findings key by key, one core call per key', async () => {
  const { page, done } = await open();
  await paste(page, blog);
  const timed = (await page.evaluate(() => window.__playgroundTimings)).edits.length;
  await select(page, 'Memory: "256"');
  await page.keyboard.type('Memory: "512"');
  const text = await editor(page).inputValue();
  assert.deepEqual(await shown(page), linted(text, 'template.yaml'));
  assert.ok(!(await shown(page)).some(([, , code]) => code === 'fargate-pair'), 'the cpu/memory error is gone');
  const edits = (await page.evaluate(() => window.__playgroundTimings)).edits.length - timed;
  assert.equal(edits, 'Memory: "512"'.length, 'one update per key typed');
  await done();
});

test('JSON as CDK writes it; a template without Express services; a spec pasted back is a spec again', async () => {
  const { page, done } = await open();
  const seed = readFileSync(join(repo, 'tests', 'cli', 'lint-golden', 'seed-cdk-json', 'template.json'), 'utf8');
  await paste(page, seed);
  assert.equal(await page.locator('#spec-status').textContent(), 'CloudFormation template: ✓ checked');
  assert.deepEqual(await shown(page), []);
  assert.match(await page.locator('[data-testid="diagnostics"]').textContent(), /2 Express services checked \(Svc0, Svc1\).*No problems found/);

  await paste(page, '{\n  "Resources": {\n    "Bucket": { "Type": "AWS::S3::Bucket" }\n  }\n}\n');
  assert.match(await page.locator('[data-testid="diagnostics"]').textContent(), /without Express services: nothing to check/);

  const spec = { services: { Web: { image: 'nginx:1.27' } } };
  await paste(page, JSON.stringify(spec, null, 2));
  assert.equal(await page.locator('#spec-status').getAttribute('data-mode'), 'spec');
  assert.equal(await page.locator('#spec-status').textContent(), '✓ valid');
  assert.equal(await page.locator('[data-testid="template"]').getAttribute('data-valid'), 'true');
  assert.ok((await page.locator('[data-testid="template"]').textContent()).includes('AWS::ECS::ExpressGatewayService'));
  assert.equal(await page.locator('[data-testid="diagram"]').isVisible(), true);
  await done();
});

test('a share link to a template opens it checked', async () => {
  const { page, done } = await open(await encodeState({ text: blog, format: 'yaml', output: 'json' }));
  assert.equal(await page.locator('#spec-status').getAttribute('data-mode'), 'template');
  assert.deepEqual(await shown(page), linted(blog, 'template.yaml'));
  await done();
});

test('screenshot (test-results/template-check.png): a template checked, its findings beside it', async () => {
  const { page, done } = await open();
  await paste(page, blog);
  await page.locator('#editor').evaluate((el) => el.scrollTo(0, 0));
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(repo, 'test-results', 'template-check.png') });
  // What the picture must show: the findings list in view under the editor, each error's line marked in the gutter.
  const list = await page.locator('[data-testid="diagnostics"]').boundingBox();
  const viewport = page.viewportSize();
  assert.ok(list && list.y < viewport.height && list.height > 50, `the findings are in view: ${JSON.stringify(list)}`);
  const flagged = await page.locator('#editor .gutter .g-error').allTextContents();
  assert.ok(flagged.length >= 3, `error lines flagged in the gutter: ${flagged}`);
  await done();
});
