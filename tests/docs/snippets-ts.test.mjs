// The documentation's TypeScript snippets (every page of pages(): README.md, CONTRIBUTING.md, docs/*.md) compile
// against the package (lib/*.d.ts, as `import ... from 'cdk-express-service'`) and aws-cdk-lib with
// `tsc --strict`. Each ```ts block is the body of a Stack's constructor (`this` is the stack); its imports stay
// imports. What a snippet takes from the reader's app (a vpc, an app, a database) is declared beside it, and so
// are the imports of the README's first recipe, which later snippets use as the pages read on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { blocks, pages, root } from './blocks.mjs';

const snippets = pages().flatMap(blocks).filter((b) => b.lang === 'ts');

// Imports every snippet may lean on, by the name they bind; a snippet's own import of a name wins.
const IMPORTS = {
  App: "import { App } from 'aws-cdk-lib';",
  CfnResource: "import { CfnResource } from 'aws-cdk-lib';",
  Stack: "import { Stack } from 'aws-cdk-lib';",
  Construct: "import { Construct } from 'constructs';",
  ...Object.fromEntries(
    ['acm:certificatemanager', 'cloudwatch', 'ec2', 'ecr', 'ecs', 'elbv2:elasticloadbalancingv2', 'iam', 'kms', 'logs', 'route53', 's3', 'secretsmanager', 'ssm', 'wafv2'].map((m) => {
      const [name, module = name] = m.split(':');
      return [name, `import * as ${name} from 'aws-cdk-lib/aws-${module}';`];
    }),
  ),
  ...Object.fromEntries(
    ['ExpressImage', 'ExpressService', 'ExpressWaf', 'ScalingMetric'].map((n) => [n, `import { ${n} } from 'cdk-express-service';`]),
  ),
};

// What the reader's app has; a snippet that makes its own shadows it.
const CONTEXT = `
declare const app: App;
declare const vpc: ec2.IVpc;
declare const image: ExpressImage;
declare const database: ec2.IConnectable;
`;

/**
 * The snippet as a module: its imports, the others it needs, the context, its body in a constructor; and
 * `origin`, the page, its line and the added indent of each of the module's lines (undefined for the added ones).
 */
function moduleOf(snippet) {
  const lines = snippet.text.split('\n');
  const imports = [];
  const body = [];
  const importOrigin = [];
  const bodyOrigin = [];
  // [page, its line, columns the module adds before its text]
  const readmeLine = (i, indent = 0) => [snippet.page, snippet.line + 1 + i, indent];
  for (let i = 0; i < lines.length; i++) {
    if (/^import\b/.test(lines[i])) {
      let statement = lines[i];
      importOrigin.push(readmeLine(i));
      while (!statement.trimEnd().endsWith(';') && i + 1 < lines.length) {
        statement += '\n' + lines[++i];
        importOrigin.push(readmeLine(i));
      }
      imports.push(statement);
    } else {
      body.push(lines[i]);
      bodyOrigin.push(readmeLine(i, 4));
    }
  }
  const bound = new Set(imports.flatMap((s) => [...s.matchAll(/\b(?:\* as )?(\w+)(?=\s*(?:,|\}|\sfrom))/g)].map((m) => m[1])));
  const extra = Object.entries(IMPORTS).filter(([name]) => !bound.has(name)).map(([, line]) => line);
  const head = [...extra, ...CONTEXT.split('\n'), 'export class Snippet extends Stack {', '  constructor(scope: Construct, id: string) {', '    super(scope, id);'];
  const text = [...imports, ...head, ...body.map((l) => `    ${l}`), '  }', '}', ''].join('\n');
  const origin = [...importOrigin, ...head.map(() => undefined), ...bodyOrigin];
  return { text, origin };
}

test('the docs have TypeScript snippets', () => {
  assert.ok(snippets.filter((s) => s.page === 'README.md').length >= 3, `only ${snippets.length} ts blocks found in README.md`);
  assert.ok(fs.existsSync(path.join(root, 'lib', 'index.d.ts')), 'lib/index.d.ts is missing: run npm run build');
});

test('every TypeScript snippet of the docs compiles with tsc --strict against the package', () => {
  // Under node_modules/ so that aws-cdk-lib and constructs resolve as from an app beside the package.
  const dir = fs.mkdtempSync(path.join(root, 'node_modules', '.cache-docs-ts-'));
  try {
    const origins = new Map();
    const files = snippets.map((s) => {
      const file = path.join(dir, `snippet-${s.page.replace(/\W/g, '-')}-${s.line}.ts`);
      const { text, origin } = moduleOf(s);
      fs.writeFileSync(file, text);
      origins.set(path.basename(file), origin);
      return file;
    });
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'commonjs',
          target: 'ES2022',
          lib: ['ES2022'],
          types: ['node'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          paths: { 'cdk-express-service': [path.join(root, 'lib', 'index.d.ts')] },
        },
        files,
      }),
    );
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    // tsc's places in the generated files, said as the pages' lines.
    const said = `${r.stdout}${r.stderr}`.replace(/\S*(snippet-[\w-]+\.ts)\((\d+),(\d+)\)/g, (all, file, line, col) => {
      const at = origins.get(file)?.[Number(line) - 1];
      return at === undefined ? all : `${at[0]}:${at[1]}:${Number(col) - at[2]}`;
    });
    assert.equal(r.status, 0, `tsc found errors in the docs' TypeScript snippets:\n${said}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
