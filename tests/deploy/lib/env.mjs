// Where the deploy tests find their tools: the venv scripts/setup.sh --tests makes (moto, botocore,
// policy_sentry at pinned versions) and the repository's node_modules (the AWS SDK v3 clients).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const venv = process.env.DEPLOY_VENV || path.join(root, '.tools/deploy-venv');
export const python = path.join(venv, 'bin/python');
export const nodeModules = path.join(root, 'node_modules');

if (!fs.existsSync(python)) {
  throw new Error(`${python} is missing: run bash scripts/setup.sh --tests`);
}
for (const pkg of ['@aws-sdk/client-wafv2', '@aws-sdk/client-elastic-load-balancing-v2']) {
  if (!fs.existsSync(path.join(nodeModules, pkg))) throw new Error(`node_modules lacks ${pkg}: run npm install`);
}

export const region = 'us-east-1';
export const account = '123456789012'; // moto's default account
