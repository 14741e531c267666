// The API in every jsii language: the sources `npm run package` generated (dist/java, dist/dotnet, dist/go, the
// Python wheel) declare every type and member of the assembly (.jsii) under the name each language's
// conventions give it — none renamed around a reserved word, none missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const dist = path.join(root, 'dist');
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));
const targets = assembly.targets;
const types = Object.values(assembly.types);

const pascal = (s) => s[0].toUpperCase() + s.slice(1);
const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Every generated file under `dir`, joined, for one language. */
function sources(dir, ext) {
  assert.ok(fs.existsSync(dir), `${path.relative(root, dir)} is missing: run npm run package`);
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(ext))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

/** Checks that `text` holds each expected declaration (a string, or a RegExp); one failure lists every missing one. */
function expectAll(language, text, expected) {
  const missing = expected.filter((e) => (typeof e === 'string' ? !text.includes(e) : !e.test(text))).map(String);
  assert.deepEqual(missing, [], `${language}: missing declarations`);
  assert.ok(expected.length > 30, `${language}: only ${expected.length} declarations expected`);
}

const endsInStruct = (initializer) => {
  const last = initializer?.parameters?.at(-1);
  return last !== undefined && assembly.types[last.type?.fqn]?.datatype === true;
};

const members = (t) => ({ props: (t.properties ?? []).map((p) => p.name), methods: (t.methods ?? []).map((m) => m) });

test('the assembly names a package for every jsii language', () => {
  assert.deepEqual(Object.keys(targets).sort(), ['dotnet', 'go', 'java', 'js', 'python']);
  assert.equal(targets.python.module, 'cdk_express_service');
  assert.equal(targets.java.package, 'io.github.cdkexpressservice');
  assert.equal(targets.dotnet.namespace, 'CdkExpressService');
  assert.equal(targets.go.packageName, 'cdkexpressservice');
});

test('Java: every type, builder, getter and method', () => {
  const dir = path.join(dist, 'java', 'src', 'main', 'java', ...targets.java.package.split('.'));
  const text = sources(dir, '.java');
  const expected = [];
  for (const t of types) {
    expected.push(t.kind === 'interface' ? `public interface ${t.name} ` : t.kind === 'enum' ? `public enum ${t.name} ` : `class ${t.name} `);
    const { props, methods } = members(t);
    if (t.datatype) expected.push(new RegExp(`public interface ${t.name} [^]*?static Builder builder\\(\\)`));
    for (const p of props) expected.push(`get${pascal(p)}()`);
    for (const m of methods) expected.push(` ${m.name}(`);
    for (const e of t.members ?? []) expected.push(`    ${e.name},`.replace(/,$/, ''));
    // jsii-pacmak writes a Builder for a class whose constructor ends in a props struct (ExpressServiceChecks takes none).
    if (t.kind === 'class' && endsInStruct(t.initializer) && !t.abstract) expected.push(`public static final class Builder implements software.amazon.jsii.Builder<${targets.java.package}.${t.name}>`);
  }
  expectAll('Java', text, expected);
  assert.match(fs.readFileSync(path.join(dist, 'java', 'pom.xml'), 'utf8'), /<groupId>io\.github\.cdk-express-service<\/groupId>\s*<artifactId>cdk-express-service<\/artifactId>/);
});

test('.NET: every type, property and method, PascalCase', () => {
  const text = sources(path.join(dist, 'dotnet', targets.dotnet.packageId), '.cs');
  const expected = [];
  for (const t of types) {
    expected.push(t.kind === 'enum' ? `public enum ${t.name}` : t.kind === 'interface' ? `interface ${t.datatype ? 'I' : ''}${t.name.replace(/^I(?=[A-Z])/, 'I')}` : `class ${t.name} `);
    const { props, methods } = members(t);
    for (const p of props) expected.push(` ${pascal(p)}\n`);
    for (const m of methods) expected.push(` ${pascal(m.name)}(`);
    for (const e of t.members ?? []) expected.push(`${e.name}`);
  }
  expectAll('.NET', text, expected);
});

test('Go: constructors, Type_Method statics, PascalCase fields and methods', () => {
  const text = sources(path.join(dist, 'go', targets.go.packageName), '.go');
  const expected = [];
  for (const t of types) {
    expected.push(t.kind === 'enum' ? `type ${t.name} string` : `type ${t.name} ${t.datatype ? 'struct' : 'interface'} {`);
    const { props, methods } = members(t);
    // jsii-pacmak writes a Builder for a class whose constructor ends in a props struct (ExpressServiceChecks takes none).
    if (t.kind === 'class' && endsInStruct(t.initializer) && !t.abstract) expected.push(`func New${t.name}(`);
    for (const p of props) expected.push(t.datatype ? `\t${pascal(p)} ` : `) ${pascal(p)}() `);
    for (const m of methods) expected.push(m.static ? `func ${t.name}_${pascal(m.name)}(` : `) ${pascal(m.name)}(`);
    for (const e of t.members ?? []) expected.push(`${t.name}_${e.name} `);
  }
  expectAll('Go', text, expected);
  assert.match(fs.readFileSync(path.join(dist, 'go', targets.go.packageName, 'go.mod'), 'utf8'), new RegExp(`^module ${targets.go.moduleName}/${targets.go.packageName}$`, 'm'));
});

test('Python (the wheel): every class, snake_case members and keyword arguments', () => {
  const wheels = fs.existsSync(path.join(dist, 'python')) ? fs.readdirSync(path.join(dist, 'python')).filter((f) => f.endsWith('.whl')) : [];
  assert.equal(wheels.length, 1, 'one wheel in dist/python: run npm run package');
  const text = execFileSync('python3', ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', path.join(dist, 'python', wheels[0]), `${targets.python.module}/__init__.py`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const expected = [];
  for (const t of types) {
    expected.push(new RegExp(`^class ${t.name}\\b`, 'm'));
    const { props, methods } = members(t);
    for (const p of props) expected.push(new RegExp(`def ${snake(p)}\\(\\s*self,?\\s*\\)`));
    for (const m of methods) expected.push(`def ${snake(m.name)}(`);
    for (const e of t.members ?? []) expected.push(`    ${e.name} = "`);
  }
  expectAll('Python', text, expected);
});
