// checkov (Prisma Cloud's IaC scanner, from PyPI, run with --skip-download: no calls out) over every golden
// template. What it fails is either the user's choice in that case's spec, or a check that does not fit the
// library's two custom-resource functions; each is listed here with why. A check failing anywhere else fails
// the test, and so does a listed one that no longer fails (so the list cannot go stale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const checkov = path.join(root, '.venv-checkov', 'bin', 'checkov');

/** Checks left to the user or not fitting a custom resource's function, by check: why, and where it fails. */
const ACCEPTED = {
  // The functions call AWS APIs only; `helpers.subnets` puts them in a VPC (the helpers-in-vpc case passes).
  CKV_AWS_117: { why: 'helpers.subnets is the user\'s choice', where: /^(?!helpers-in-vpc:).*:AWS::Lambda::Function\.(WafAssociations|DomainNames)Function$/ },
  // A KMS key is an option (logs.kmsKey, set in the `everything` case; helpers.logKmsKey in helpers-in-vpc).
  CKV_AWS_158: { why: 'logs.kmsKey and helpers.logKmsKey are the user\'s choice', where: /^(?!helpers-in-vpc:).*:AWS::Logs::LogGroup\.(WafAssociationsLogs|DomainNamesLogs|\w+LogGroup)$/ },
  // Both cases name their rule groups without KnownBadInputs (the default has it): the user's choice.
  CKV_AWS_192: { why: 'the spec names its own rule groups', where: /^(everything:AWS::WAFv2::WebACL\.ShopWebAcl|shared-web-acls:AWS::WAFv2::WebACL\.InternalWebAcl)$/ },
};

/**
 * Checks that do not fit a custom resource's function, acknowledged on the resource itself (Metadata.checkov.skip,
 * with the reason), so that a user running checkov on their app sees them skipped, not failed.
 */
const SKIPPED_ON_RESOURCE = ['CKV_AWS_115', 'CKV_AWS_116'];

test('checkov: every failed check on the golden templates is an accepted one, and each accepted one still fails', (t) => {
  assert.ok(fs.existsSync(checkov), 'checkov is missing: run `bash scripts/setup.sh --tests`');
  const r = spawnSync(checkov, ['--skip-download', '--compact', '-o', 'json', '--framework', 'cloudformation', '-d', path.join(root, 'tests/cases')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(r.stdout.trim().startsWith('{') || r.stdout.trim().startsWith('['), `checkov printed no report: ${r.stderr}`);
  const reports = [JSON.parse(r.stdout)].flat();
  const [report] = reports.filter((x) => x.check_type === 'cloudformation');
  assert.equal(report.summary.parsing_errors, 0);
  const cases = fs.readdirSync(path.join(root, 'tests/cases')).length;
  assert.ok(report.summary.resource_count > cases * 3, `checkov saw ${report.summary.resource_count} resources`);
  const failed = report.results.failed_checks.map((c) => ({ id: c.check_id, at: `${path.basename(path.dirname(c.file_path))}:${c.resource}` }));
  const unexpected = failed.filter((f) => !(ACCEPTED[f.id]?.where.test(f.at))).map((f) => `${f.id} at ${f.at}`);
  assert.deepEqual(unexpected, [], 'checks failing that are not accepted');
  for (const id of Object.keys(ACCEPTED)) assert.ok(failed.some((f) => f.id === id), `${id} is accepted but no longer fails: take it off the list`);
  const skipped = report.results.skipped_checks.map((c) => ({ id: c.check_id, at: c.resource, why: c.check_result.suppress_comment ?? '' }));
  for (const id of SKIPPED_ON_RESOURCE) {
    const functions = skipped.filter((c) => c.id === id && /^AWS::Lambda::Function\.(WafAssociations|DomainNames)Function$/.test(c.at));
    assert.ok(functions.length > 0, `${id} is not reported as skipped on the library's functions`);
    for (const f of functions) assert.ok(f.why.length > 40, `${id} at ${f.at} is skipped with its reason: ${f.why}`);
  }
  t.diagnostic(`checkov ${report.summary.checkov_version}: ${report.summary.passed} passed, ${failed.length} failed (all accepted) over ${report.summary.resource_count} resources`);
});
