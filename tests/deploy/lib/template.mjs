// The golden templates (tests/cases/*/template.json) read as CloudFormation would at deploy time: intrinsic
// functions resolved against a world (the ARNs moto made), custom resources' properties as the strings
// CloudFormation sends, and the IAM policies in force for a function's role.
import fs from 'node:fs';
import path from 'node:path';
import { root, region, account } from './env.mjs';

// DEPLOY_TESTS_CASES=<dir> reads the golden templates from another copy (e.g. an older commit's).
export const casesDir = process.env.DEPLOY_TESTS_CASES || path.join(root, 'tests/cases');

export function readCase(name) {
  return JSON.parse(fs.readFileSync(path.join(casesDir, name, 'template.json'), 'utf8'));
}

export function allCases() {
  return fs.readdirSync(casesDir).filter((c) => fs.existsSync(path.join(casesDir, c, 'template.json')));
}

const pseudo = { 'AWS::Partition': 'aws', 'AWS::Region': region, 'AWS::AccountId': account, 'AWS::URLSuffix': 'amazonaws.com' };

/** `value` with Ref, Fn::GetAtt, Fn::Sub and Fn::Join resolved; `atts` maps "Id.Attribute" (and "Id" for a
 * Ref) to the world's value. An intrinsic the world cannot resolve throws, naming it. */
export function resolve(value, atts) {
  const look = (key) => {
    if (key in pseudo) return pseudo[key];
    if (key in atts) return atts[key];
    throw new Error(`the world has no value for ${key}`);
  };
  if (Array.isArray(value)) return value.map((v) => resolve(v, atts));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      const v = value[k];
      if (k === 'Ref') return look(v);
      if (k === 'Fn::GetAtt') return look(Array.isArray(v) ? v.join('.') : v);
      if (k === 'Fn::Sub') {
        const [text, vars = {}] = Array.isArray(v) ? v : [v];
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name) =>
          name in vars ? resolve(vars[name], atts) : look(name));
      }
      if (k === 'Fn::Join') return resolve(v[1], atts).join(v[0]);
      if (k.startsWith('Fn::')) throw new Error(`${k} is not resolved by tests/deploy/lib/template.mjs`);
    }
    return Object.fromEntries(keys.map((key) => [key, resolve(value[key], atts)]));
  }
  return value;
}

/** CloudFormation hands a custom resource its properties with every number and boolean as a string. */
export function asCloudFormationSends(value) {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/** The custom resources of `type` in a template: [logicalId, resource]. */
export function customResources(template, type) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The function behind a custom resource type: its logical ID, resource, role's logical ID and timeout. */
export function functionOf(template, type) {
  const [[, custom]] = customResources(template, type);
  const id = custom.Properties.ServiceToken['Fn::GetAtt'][0];
  const fn = template.Resources[id];
  return { id, fn, role: fn.Properties.Role['Fn::GetAtt'][0], timeout: fn.Properties.Timeout };
}

/** Every identity-based policy document attached to role `roleId`: its inline policies, and the
 * AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources naming it. Each as {where, doc} (unresolved). */
export function rolePolicies(template, roleId) {
  const out = [];
  const role = template.Resources[roleId];
  for (const p of role.Properties.Policies ?? []) out.push({ where: `${roleId} (${p.PolicyName})`, doc: p.PolicyDocument });
  for (const [id, r] of Object.entries(template.Resources)) {
    if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type)) continue;
    if ((r.Properties.Roles ?? []).some((x) => x?.Ref === roleId)) out.push({ where: id, doc: r.Properties.PolicyDocument });
  }
  if ((role.Properties.ManagedPolicyArns ?? []).length) {
    throw new Error(`${roleId} has managed policies, which these tests cannot read`);
  }
  return out;
}

/** A role's policies resolved in a world, with each resource as the template writes it (to name grants). */
export function policiesInForce(template, roleId, atts) {
  return rolePolicies(template, roleId).map(({ where, doc }) => {
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    return {
      where,
      doc: resolve(doc, atts),
      template: statements.map((s) => [s.Resource ?? []].flat().map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))),
    };
  });
}
