// `suggest`: the core's "did you mean", which the construct's props check and the CLI's flags use too, so that
// every front door proposes the same name. Bad input is no candidates, never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../../pkg/node/express_service_core.js');

test('suggest names the nearest known name, and nothing when none is close', () => {
  assert.equal(core.suggest('memroy', ['cpu', 'memory', 'image']), 'memory');
  assert.equal(core.suggest('HealthCheckpath', ['healthCheckPath']), 'healthCheckPath');
  assert.equal(core.suggest('zzzzzzzz', ['cpu', 'memory']), undefined);
});

test('suggest takes bad input as no candidates: no throw, no trap', () => {
  assert.equal(core.suggest('cpu', undefined), undefined);
  assert.equal(core.suggest('cpu', 'cpu'), undefined);
  assert.equal(core.suggest(undefined, ['cpu']), undefined);
  assert.equal(core.suggest('cpu', [1, null, 'cpu']), 'cpu');
});
