// The playground, driven in headless Chromium: the built page (playground/dist/, built here when stale),
// served on 127.0.0.1 on an ephemeral port. Every page records its requests and console messages; each
// test ends by asserting that no request left the local server and that the console stayed clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ensureBuilt, serve } from '../../playground/serve.mjs';
import { encodeState } from '../../playground/src/share.js';
import { launch } from './chromium.mjs';
import { editor, paste, select } from './editor.mjs';

const repo = join(import.meta.dirname, '..', '..');
const core = createRequire(import.meta.url)(join(repo, 'pkg', 'node', 'express_service_core.js'));
const specOf = (name) => JSON.parse(readFileSync(join(repo, 'tests', 'cases', name, 'spec.json'), 'utf8'));
// What the node build makes of a case: the page must show the same bytes (the core's contract; the
// core's own tests pin these to the golden templates).
const expected = (name) => core.synthTemplate(specOf(name)).json;

/** @type {{ url: string, close: () => Promise<void> }} */
let server;
/** @type {Awaited<ReturnType<typeof launch>>} */
let browser;
const everyRequest = [];

before(async () => {
  await ensureBuilt();
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  const outside = everyRequest.filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|blob:http:\/\/127\.0\.0\.1:\d+\/|data:)/.test(u));
  assert.deepEqual(outside, [], 'no request of any page left 127.0.0.1');
});

/** Opens the page at `hash`, waits until it has rendered, and records what it asks for and logs. */
async function open(hash = '') {
  const page = await browser.context.newPage();
  const log = { requests: [], console: [], errors: [] };
  page.on('request', (r) => {
    log.requests.push(r.url());
    everyRequest.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.goto(server.url + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  const done = async () => {
    const outside = log.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('blob:http://127.0.0.1:') && !u.startsWith('data:'));
    assert.deepEqual(outside, [], 'every request stays on the local server');
    assert.deepEqual(log.errors, [], 'no uncaught error in the page');
    assert.deepEqual(log.console, [], 'no console error or warning');
    await page.close();
  };
  return { page, log, done };
}

// The CLI's node API (compiled, `npm run compile`): the page must read text exactly as it does.
const cli = createRequire(import.meta.url)(join(repo, 'lib', 'cli', 'api.js'));
const syntaxErrors = (text, format) => {
  try {
    cli.parseSpec(text, `spec.${format}`);
  } catch (e) {
    return e.diagnostics;
  }
  assert.fail(`the CLI parsed ${JSON.stringify(text)}`);
};
const syntaxError = (text, format) => syntaxErrors(text, format)[0];

const templateText = (page) => page.locator('[data-testid="template"]').textContent();
const diagnostics = (page) =>
  page.$$eval('[data-testid="diagnostics"] .diag', (items) =>
    items.map((li) => ({
      kind: li.getAttribute('data-kind'),
      path: li.querySelector('.path')?.textContent,
      code: li.querySelector('.code')?.textContent,
      message: li.querySelector('.msg')?.textContent,
    })),
  );

test('loads with the seed nginx example: the same template as the node build, byte for byte, and the :latest warning apart', async () => {
  const { page, done } = await open();
  const spec = await editor(page).inputValue();
  assert.deepEqual(JSON.parse(spec), specOf('minimal-nginx'));
  assert.equal(await templateText(page), expected('minimal-nginx'));
  assert.deepEqual(await diagnostics(page), [
    { kind: 'warning', path: 'services.Web.image', code: 'image-not-pinned', message: core.validate(spec).warnings[0].message },
  ]);
  assert.equal(await page.locator('[data-testid="diagnostics"] .g-errors').count(), 0, 'no error section');
  assert.equal(await page.locator('[data-testid="diagnostics"] .g-warnings').count(), 1, 'warnings have their own section');
  // The warned property is marked in the editor.
  assert.equal(await page.locator('#editor pre.highlight .m-warning').first().textContent(), '"image"');
  await done();
});

test('a WAF clash shows the core\'s words whole, with the spec\'s advice after them (as the CLI gives it)', async () => {
  const { page, done } = await open();
  // Settings of all kinds are composed into one web ACL; a web ACL given by ARN beside none is not.
  const clash = { services: { Shop: { image: 'nginx:1.27', waf: { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab' } }, Blog: { image: 'nginx:1.27' } } };
  await paste(page, JSON.stringify(clash, null, 2));
  const [error] = core.validate(clash).errors;
  const found = (await diagnostics(page)).find((d) => d.code === 'waf-shared-load-balancer');
  assert.ok(found, 'the clash is shown');
  assert.ok(found.message.startsWith(error.message), found.message);
  assert.match(found.message, /; in a spec: one of the top-level webAcls for all of them/);
  await done();
});

test('an invalid edit shows each diagnostic on its property; fixing it by typing brings the template back', async () => {
  const { page, done } = await open();
  const broken = { services: { Web: { image: 'public.ecr.aws/nginx/nginx:1.27', cpu: 256, memory: 4096, scalling: { maxTasks: 3 } } } };
  await paste(page, JSON.stringify(broken, null, 2));
  const timed = (await page.evaluate(() => /** @type {any} */ (window).__playgroundTimings)).edits.length;

  const found = await diagnostics(page);
  const expected = core.validate(broken).errors;
  assert.deepEqual(found.map((d) => [d.kind, d.path, d.code, d.message]), expected.map((d) => ['error', d.path, d.code, d.message]));
  assert.ok(found.some((d) => d.path === 'services.Web.memory' && /valid: 512, 1024, 2048/.test(d.message ?? '')));
  assert.equal(await page.locator('[data-testid="template"]').getAttribute('data-valid'), 'false');
  assert.equal(await page.locator('#template-stale').isVisible(), true, 'the old template is flagged as out of date');
  const marked = await page.locator('#editor pre.highlight .m-error').allTextContents();
  assert.ok(marked.join('').includes('"memory": 4096'), `the memory property is marked, got ${JSON.stringify(marked)}`);

  // Clicking a diagnostic selects its property in the editor.
  await page.locator('[data-testid="diagnostics"] .diag', { hasText: 'services.Web.memory' }).click();
  const selected = await editor(page).evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, '"memory": 4096');
  assert.ok((await page.locator('#editor pre.highlight .m-active').allTextContents()).join('').includes('4096'));

  // Fix both by typing, key by key.
  await select(page, '4096');
  await page.keyboard.type('1024');
  await select(page, 'scalling');
  await page.keyboard.type('scaling');
  const fixed = { ...broken, services: { Web: { ...broken.services.Web, memory: 1024 } } };
  delete fixed.services.Web.scalling;
  fixed.services.Web.scaling = { maxTasks: 3 };
  assert.deepEqual(JSON.parse(await editor(page).inputValue()), fixed);
  assert.equal(await page.locator('[data-testid="template"]').getAttribute('data-valid'), 'true');
  assert.equal(await page.locator('#template-stale').isVisible(), false);
  assert.equal(await templateText(page), core.synthTemplate(fixed).json, 'the page computes the same bytes as the node build');
  assert.deepEqual(await diagnostics(page), []);
  const timings = await page.evaluate(() => /** @type {any} */ (window).__playgroundTimings);
  assert.equal(timings.edits.length - timed, 4 + 7, 'one timing per key typed');
  await done();
});

test('YAML: the spec converts, errors point into the YAML, syntax errors are reported, the template follows', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'own-cluster');
  await page.click('[data-spec-format="yaml"]');
  const yamlText = await editor(page).inputValue();
  assert.deepEqual(parseYaml(yamlText), specOf('own-cluster'));
  assert.equal(await templateText(page), expected('own-cluster'));

  await select(page, 'maxTasks: 3');
  await page.keyboard.type('maxTask: 3');
  const found = await diagnostics(page);
  assert.deepEqual(found.map((d) => [d.path, d.code]), [['services.Api.scaling.maxTask', 'unknown-key']]);
  assert.equal((await page.locator('#editor pre.highlight .m-error').allTextContents()).join(''), 'maxTask: 3');

  await select(page, 'maxTask: 3');
  await page.keyboard.type('maxTasks: [3');
  const syntax = await diagnostics(page);
  // The CLI's errors for the same text (every one it finds), each with its line and column.
  const cliErrors = syntaxErrors(await editor(page).inputValue(), 'yaml');
  assert.ok(cliErrors.length >= 1);
  assert.deepEqual(
    syntax.map((d) => [d.path, d.code, d.message]),
    cliErrors.map((e) => [`line ${e.line}`, 'syntax', `${e.message} (line ${e.line}, column ${e.column})`]),
  );
  assert.match(syntax[0].message ?? '', /^invalid YAML: .* \(line \d+, column \d+\)$/);
  assert.equal(await page.locator('#editor pre.highlight .m-error').count() > 0, true, 'the spot is marked');

  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('12');
  const spec = specOf('own-cluster');
  spec.services.Api.scaling.maxTasks = 12;
  assert.deepEqual(await diagnostics(page), []);
  assert.equal(await templateText(page), core.synthTemplate(spec).json);
  await done();
});

test('one stray YAML line: the errors of that line alone, as the CLI gives them, each placed on its line', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'everything');
  await page.click('[data-spec-format="yaml"]');
  const lines = (await editor(page).inputValue()).split('\n');
  // A line typed by mistake near the top of a long spec: the yaml library misreads every line after it.
  const text = [...lines.slice(0, 3), '\tstray', ...lines.slice(3)].join('\n');
  await paste(page, text);
  const cliErrors = syntaxErrors(text, 'yaml');
  assert.ok(cliErrors.length <= 2, `the CLI: ${cliErrors.length} errors`);
  assert.ok(cliErrors.every((e) => e.line === 4), JSON.stringify(cliErrors));
  const found = await diagnostics(page);
  assert.deepEqual(
    found.map((d) => [d.path, d.code, d.message]),
    cliErrors.map((e) => ['line 4', 'syntax', `${e.message} (line ${e.line}, column ${e.column})`]),
  );
  await done();
});

test('YAML pasted into the JSON editor is read as YAML (the editor switches and says so), not reported as invalid JSON', async () => {
  const { page, done } = await open();
  assert.equal(await page.locator('[data-spec-format="json"]').getAttribute('aria-pressed'), 'true');
  const yaml = '# the shop\nservices:\n  Web:\n    image: ghcr.io/acme/shop:5.0.2\n';
  // A paste, as the browser reports it (inputType insertFromPaste).
  await editor(page).evaluate((el, text) => {
    el.focus();
    el.value = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: text }));
  }, yaml);
  assert.equal(await page.locator('[data-spec-format="yaml"]').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await diagnostics(page), []);
  assert.match(await page.locator('#toast').textContent(), /YAML/);
  // Typing (not pasting) a letter into JSON keeps JSON and reports the syntax error there.
  await page.click('[data-spec-format="json"]');
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('x');
  assert.equal(await page.locator('[data-spec-format="json"]').getAttribute('aria-pressed'), 'true');
  assert.equal((await diagnostics(page))[0].code, 'syntax');
  await done();
});

test('the diagram: pointing at a service lights its edges and the boxes at their ends (its cluster too), the rest fades', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'domain');
  const diagramEl = page.locator('[data-testid="diagram"]');
  await diagramEl.locator('.node[data-id="ShopService"]').hover();
  const lit = await diagramEl.evaluate((el) => ({
    focus: el.querySelector('svg')?.classList.contains('focus'),
    nodes: [...el.querySelectorAll('.node.on')].map((n) => n.getAttribute('data-id')),
    links: [...el.querySelectorAll('.link.on')].map((l) => `${l.getAttribute('data-from')} → ${l.getAttribute('data-to')}`),
  }));
  assert.equal(lit.focus, true);
  assert.ok(lit.nodes.includes('cluster:default') && lit.nodes.includes('ShopService'), JSON.stringify(lit.nodes));
  assert.ok(!lit.nodes.includes('ApiService'), 'the other service is not lit');
  assert.ok(lit.links.length >= 3 && lit.links.every((l) => l.includes('ShopService')), JSON.stringify(lit.links));
  await page.mouse.move(1, 1);
  assert.equal(await diagramEl.evaluate((el) => el.querySelectorAll('.on').length), 0);
  await done();
});

test('bad JSON, a key written twice, and JSON that is not a mapping: the CLI\'s messages, the spot marked', async () => {
  const { page, done } = await open();
  const twice = '{"services": {"Web": {"image": "a"}, "Web": {"image": "b"}}}';
  for (const text of ['{"services": {"Web": {"image": "nginx:1.27",}}}', twice, '"just text"']) {
    await paste(page, text);
    const e = syntaxError(text, 'json');
    assert.deepEqual(
      (await diagnostics(page)).map((d) => [d.kind, d.code, d.message]),
      [['error', e.code, `${e.message} (line ${e.line}, column ${e.column})`]],
      text,
    );
    assert.ok((await page.locator('#editor pre.highlight .m-error').count()) > 0, 'the spot is marked');
  }
  assert.equal(syntaxError(twice, 'json').code, 'duplicate-key', 'the core refuses what JSON.parse lets pass');
  await done();
});

test('the template as YAML holds the same template; copy and download are offered', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'everything');
  const json = await templateText(page);
  assert.equal(json, expected('everything'));
  await page.click('[data-output-format="yaml"]');
  assert.equal(await page.locator('[data-testid="template"]').getAttribute('data-format'), 'yaml');
  assert.deepEqual(parseYaml(await templateText(page), { version: '1.1' }), JSON.parse(json), 'read back as CloudFormation reads YAML (1.1)');
  assert.equal(await templateText(page), cli.toYaml(JSON.parse(json)), 'the same bytes as `express-service synth --format yaml`');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-template')]);
  assert.equal(download.suggestedFilename(), 'template.yaml');
  await done();
});

/** Each example of the page and the case of tests/cases/ it is. */
const cases = {
  nginx: 'minimal-nginx',
  'own-cluster': 'own-cluster',
  secrets: 'secrets',
  waf: 'waf-created',
  'waf-existing': 'waf-attached',
  several: 'three-services',
  'shared-acls': 'shared-web-acls',
  sidecar: 'sidecar',
  domain: 'custom-domain',
  'security-group': 'own-security-group',
  everything: 'everything',
};

test('every example gives its case\'s template', async () => {
  const { page, done } = await open();
  const offered = await page.$$eval('#preset option:not([disabled])', (options) => options.map((o) => /** @type {HTMLOptionElement} */ (o).value));
  assert.deepEqual(offered, Object.keys(cases));
  for (const [preset, name] of Object.entries(cases)) {
    await page.selectOption('#preset', preset);
    assert.equal(await templateText(page), expected(name), preset);
  }
  await done();
});

test('the explanation and the diagram show the roles, the services, their shared load balancer and the WAF', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'several');
  const ids = await page.$$eval('[data-testid="diagram"] g.node[data-id]', (gs) => gs.map((g) => g.getAttribute('data-id')));
  for (const id of ['InfrastructureRole', 'ExecutionRole', 'cluster:default', 'WebService', 'ApiService', 'AdminService', 'route:Web', 'route:Api', 'route:Admin', 'alb:0', 'DefaultWebAcl']) {
    assert.ok(ids.includes(id), `diagram node ${id} in ${ids.join(', ')}`);
  }
  assert.equal(ids.filter((id) => id?.startsWith('alb:')).length, 1, 'one load balancer shared by the three');
  const explanation = core.explain(specOf('three-services'));
  const shared = `shared by ${explanation.loadBalancers[0].services.join(', ')}`;
  assert.ok((await page.locator('[data-testid="diagram"] g[data-id="alb:0"]').textContent())?.includes(shared));
  const edges = await page.locator('[data-testid="diagram"] path.edge').count();
  // 3 services × (2 roles + cluster + routing + routing→ALB) + the web ACL on the ALB + the WAF associations
  // custom resource that puts it there
  assert.equal(edges, 3 * 5 + 2);

  const services = await page.$$eval('[data-testid="explain"] details[data-service]', (ds) => ds.map((d) => d.getAttribute('data-service')));
  assert.deepEqual(services, explanation.services.map((s) => s.name));
  const firstItems = await page.$$eval('[data-testid="explain"] details[data-service="Web"] .item b', (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(firstItems, explanation.services[0].items.map((i) => i.title));
  await done();
});

test('a share link reproduces the view: spec, formats and template', async () => {
  const first = await open();
  await first.page.selectOption('#preset', 'secrets');
  await first.page.click('[data-spec-format="yaml"]');
  await select(first.page, 'LOG_LEVEL: info');
  await first.page.keyboard.type('LOG_LEVEL: debug');
  await first.page.click('[data-output-format="yaml"]');
  await first.page.click('#share');
  await first.page.waitForSelector('#toast:not([hidden])');
  const link = first.page.url();
  assert.match(link, /#z=[A-Za-z0-9_-]+$/);
  const text = await editor(first.page).inputValue();
  const template = await templateText(first.page);
  await first.done();

  const second = await open(link.slice(link.indexOf('#')));
  assert.equal(await editor(second.page).inputValue(), text);
  assert.equal(await second.page.locator('[data-spec-format="yaml"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await second.page.locator('[data-output-format="yaml"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await templateText(second.page), template);
  await second.done();

  // A link written outside the page (same encoder) opens too.
  const spec = specOf('waf-created');
  const hash = await encodeState({ text: JSON.stringify(spec), format: 'json', output: 'json' });
  const third = await open(hash);
  assert.equal(await templateText(third.page), expected('waf-created'));
  assert.equal(await third.page.locator('#preset').inputValue(), '', 'no example claims to be the linked spec');
  await third.done();
});

test('a link to an invalid spec shows its errors and says there is no template yet', async () => {
  const { page, done } = await open(await encodeState({ text: '{ "services": { "Web": { "cpu": 3 } } }', format: 'json', output: 'json' }));
  const found = await diagnostics(page);
  assert.deepEqual(found.map((d) => d.path).sort(), ['services.Web.cpu', 'services.Web.image']);
  assert.equal(await templateText(page), '');
  assert.equal(await page.locator('#template-stale').textContent(), 'No template yet: fix the errors in the spec.');
  await done();
});

test('a damaged share link says so and falls back to the example', async () => {
  const { page, done } = await open('#z=AAAA-not-deflate');
  assert.match((await page.locator('#toast').textContent()) ?? '', /share link is damaged/);
  assert.equal(await templateText(page), expected('minimal-nginx'));
  await done();
});

test('when the core cannot be fetched, the page says so and how to serve it', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(server.url);
  await page.waitForSelector('.load-failed');
  assert.match((await page.locator('[data-testid="diagnostics"]').textContent()) ?? '', /could not be loaded.*npm run playground/);
  assert.equal(await page.locator('#spec-status').textContent(), '✗ the core did not load');
  assert.equal(errors.length, 1, 'the failure also reaches the console, for whoever debugs it');
  await page.close();
});

/** Whether box `inner` lies in box `outer` (viewport pixels, as getBoundingClientRect gives them). */
const inside = (inner, outer, slack = 0.5) =>
  inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
/** Whether two boxes share any area. */
const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('screenshot (test-results/playground.png): a warned edit as it is seen, with a diagram that fits its panel', async () => {
  const { page, done } = await open();
  await page.selectOption('#preset', 'several');
  await select(page, 'ghcr.io/example/admin:3.1.0');
  await page.keyboard.type('ghcr.io/example/admin:latest');
  await page.mouse.move(0, 0);
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(repo, 'test-results', 'playground.png') });

  const text = await editor(page).inputValue();
  const spec = JSON.parse(text);
  assert.equal(spec.services.Admin.image, 'ghcr.io/example/admin:latest');
  const seen = await page.evaluate(() => {
    const box = (/** @type {Element} */ el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const $ = (/** @type {string} */ s) => /** @type {Element} */ (document.querySelector(s));
    return {
      viewport: { left: 0, top: 0, right: innerWidth, bottom: innerHeight },
      pageWidth: document.documentElement.scrollWidth,
      panels: [...document.querySelectorAll('main > .panel')].map(box),
      specPanel: box($('.panel.spec')),
      editor: box($('#editor')),
      warnings: box($('[data-testid="diagnostics"] .g-warnings')),
      warnedLine: document.querySelector('#editor .gutter .g-warning')?.textContent,
      mark: box($('#editor pre.highlight .m-warning')),
      templatePanel: box($('.template-panel')),
      templateView: box($('[data-testid="template"]')),
      firstTemplateLine: ($('[data-testid="template"]').textContent ?? '').split('\n').slice(0, 4).join('\n'),
      createsPanel: box($('.panel.creates')),
    };
  });

  // The three panels side by side, in the window, none over another; the page itself does not scroll sideways.
  assert.ok(seen.pageWidth <= seen.viewport.right, `page ${seen.pageWidth}px wide in a ${seen.viewport.right}px window`);
  assert.equal(seen.panels.length, 3);
  for (const [i, panel] of seen.panels.entries()) {
    assert.ok(inside(panel, seen.viewport), `panel ${i} in the window: ${JSON.stringify(panel)}`);
    if (i > 0) assert.ok(panel.left >= seen.panels[i - 1].right, `panel ${i} right of panel ${i - 1}`);
  }

  // The warning: in its own section under the editor, in view, and its line marked where the edit is.
  assert.deepEqual(await diagnostics(page), [{
    kind: 'warning',
    path: 'services.Admin.image',
    code: 'image-not-pinned',
    message: core.validate(text).warnings.find((w) => w.path === 'services.Admin.image').message,
  }]);
  assert.ok(inside(seen.warnings, seen.specPanel) && inside(seen.warnings, seen.viewport), `warnings in view: ${JSON.stringify(seen.warnings)}`);
  assert.ok(seen.warnings.top >= seen.editor.bottom - 0.5, 'the warnings are under the editor, not over it');
  const line = text.split('\n').findIndex((l) => l.includes('admin:latest')) + 1;
  assert.equal(seen.warnedLine, String(line), 'the gutter marks the warned line');
  assert.ok(inside(seen.mark, seen.editor), `the marked text is in the editor's view: ${JSON.stringify(seen.mark)}`);

  // The template: the edited spec's, from its first line, in its panel.
  assert.equal(await templateText(page), core.synthTemplate(spec).json);
  assert.equal(await page.locator('#template-stale').isVisible(), false);
  assert.ok(seen.firstTemplateLine.startsWith('{\n  "AWSTemplateFormatVersion"'), seen.firstTemplateLine);
  assert.ok(seen.templateView.top < seen.templatePanel.bottom && seen.templateView.top >= seen.templatePanel.top);

  // The diagram: whole, inside its panel (checked for every example in the test below).
  const drawn = await diagramFits(page, spec, 'the edited example');
  assert.ok(inside(drawn.svg, seen.createsPanel), `diagram ${JSON.stringify(drawn.svg)} in its panel ${JSON.stringify(seen.createsPanel)}`);
  await done();
});

/**
 * What the diagram of `spec` looks like on `page`, asserting that it is readable and fits: every node of the
 * core's graph drawn, at a readable size, inside the diagram; the diagram inside its panel and the window
 * across (a tall one scrolls down, never sideways); no two nodes on top of each other, every label inside its
 * box; every edge of the graph drawn, inside the diagram, passing no box on its way (an edge out of a wrapped
 * line goes down between the boxes of the lines below).
 */
async function diagramFits(page, spec, label) {
  const seen = await page.evaluate(() => {
    const box = (/** @type {Element} */ el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width };
    };
    const scrollsSideways = (/** @type {Element} */ el) => el.scrollWidth > el.clientWidth;
    document.querySelector('.creates .scroll')?.scrollTo(0, 0); // seen from its top (a screenshot scrolls it)
    const diagram = /** @type {Element} */ (document.querySelector('[data-testid="diagram"]'));
    const svg = /** @type {SVGSVGElement} */ (diagram.querySelector('svg'));
    const rects = [...svg.querySelectorAll('g.node[data-id] rect')].map((r) => {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a)));
      return { id: r.parentElement?.getAttribute('data-id'), x, y, w, h };
    });
    return {
      viewport: { left: 0, right: innerWidth },
      sideways: [document.documentElement, document.querySelector('.creates .scroll'), diagram].filter((el) => el && scrollsSideways(el)).map((el) => el?.className || el?.tagName),
      panel: box(/** @type {Element} */ (document.querySelector('.panel.creates'))),
      svg: box(svg),
      nodes: [...svg.querySelectorAll('g.node[data-id]')].map((g) => ({
        id: g.getAttribute('data-id'),
        box: box(g),
        narrowest: Math.min(...[...g.querySelectorAll('rect')].map((r) => r.getBoundingClientRect().width)),
        // Each label inside a box of its node (a half of a two-part node holds its own label).
        labelsInBoxes: [...g.querySelectorAll('text')].every((t) =>
          [...g.querySelectorAll('rect')].some((rect) => {
            const [a, b] = [t.getBoundingClientRect(), rect.getBoundingClientRect()];
            return a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
          }),
        ),
      })),
      edges: [.../** @type {NodeListOf<SVGPathElement>} */ (svg.querySelectorAll('path.edge'))].map((path) => {
        // Points along the edge every 3 px, in the SVG's units, that fall in a box (its outline aside).
        const through = new Set();
        for (let at = 0, end = path.getTotalLength(); at <= end; at += 3) {
          const { x, y } = path.getPointAtLength(at);
          for (const r of rects) if (x > r.x + 1.5 && x < r.x + r.w - 1.5 && y > r.y + 1.5 && y < r.y + r.h - 1.5) through.add(r.id);
        }
        return { from: path.dataset.from, to: path.dataset.to, box: box(path), through: [...through] };
      }),
    };
  });

  const graph = core.explain(spec).graph;
  assert.deepEqual(seen.nodes.map((n) => n.id).sort(), graph.nodes.map((n) => n.id).sort(), `${label}: the graph's nodes`);
  assert.deepEqual(seen.edges.map((e) => `${e.from} → ${e.to}`).sort(), graph.edges.map((e) => `${e.from} → ${e.to}`).sort(), `${label}: the graph's edges`);
  assert.deepEqual(seen.sideways, [], `${label}: nothing scrolls sideways`);
  const across = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5;
  assert.ok(across(seen.svg, seen.panel) && across(seen.svg, seen.viewport), `${label}: diagram ${JSON.stringify(seen.svg)} across its panel ${JSON.stringify(seen.panel)} and the window`);
  assert.ok(seen.svg.top >= seen.panel.top, `${label}: the diagram starts in its panel`);
  for (const [i, n] of seen.nodes.entries()) {
    assert.ok(inside(n.box, seen.svg), `${label}: ${n.id} inside the diagram`);
    assert.ok(n.narrowest >= 120, `${label}: ${n.id} drawn ${n.narrowest.toFixed(1)} px wide, too small to read`);
    assert.ok(n.labelsInBoxes, `${label}: ${n.id}: its labels fit its box`);
    for (const m of seen.nodes.slice(i + 1)) assert.ok(!overlap(n.box, m.box), `${label}: ${n.id} and ${m.id} apart`);
  }
  for (const e of seen.edges) {
    assert.ok(inside(e.box, seen.svg), `${label}: edge ${e.from} → ${e.to} inside the diagram`);
    assert.deepEqual(e.through, [], `${label}: edge ${e.from} → ${e.to} passes no box`);
  }
  return seen;
}

/** `n` services of nginx: beyond what one load balancer takes (25) and far wider than a panel on one line. */
const manyServices = (n) => ({ services: Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i + 1}`, { image: 'nginx:1.27' }])) });

test('screenshot (test-results/diagram-50-services.png): the diagram fits its panel for every example and for 50 services, in wide and narrow windows', async () => {
  const { page, done } = await open();
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  // 1600: three panels (the diagram at its natural size); 1200: three narrower ones (the diagram shrunk, its
  // boxes still readable); 1000: the panels stacked.
  for (const width of [1600, 1200, 1000]) {
    await page.setViewportSize({ width, height: 1000 });
    for (const [preset, name] of Object.entries(cases)) {
      await page.selectOption('#preset', preset);
      await diagramFits(page, specOf(name), `${preset} in a ${width}-px window`);
    }
    const spec = manyServices(50);
    await paste(page, JSON.stringify(spec, null, 2));
    const seen = await diagramFits(page, spec, `50 services in a ${width}-px window`);
    assert.ok(seen.svg.bottom - seen.svg.top > 1000, `50 services wrap onto many lines: a tall diagram, ${JSON.stringify(seen.svg)}`);
    if (width === 1600) {
      // The whole diagram in one picture: a window as tall as it (an element screenshot stops at its panel).
      await page.setViewportSize({ width, height: Math.ceil(seen.svg.bottom) + 200 });
      await page.locator('[data-testid="diagram"]').screenshot({ path: join(repo, 'test-results', 'diagram-50-services.png') });
    }
  }
  await done();
});
