// CloudFormation templates as files: JSON, or YAML that may use the short forms of intrinsic functions
// (`!Ref Web`, `!GetAtt WebService.Endpoint`, `!Sub ...`). The short forms follow one documented rule:
// `!Ref` and `!Condition` keep their name, every other `!X` is `Fn::X`; `!GetAtt a.b` splits at the first dot.

import type { Document, Node } from 'yaml';
import { FileError, loadSource, Source } from './source';
import { yaml } from '../text/yaml-lib';

const EXPECTED = 'a CloudFormation template (JSON or YAML) with a Resources object';

/** Reads a template file; throws `FileError` or `SpecError` (syntax, with line and column). */
export function loadTemplate(file: string): Source {
  return loadSource(file, { expected: EXPECTED, transform: expandShortForms });
}

export { FileError };

/** Rewrites YAML short-form intrinsic functions into their long form, in place. */
export function expandShortForms(doc: Document): void {
  const { isScalar, visit } = yaml();
  visit(doc, {
    Node(_, node) {
      const tag = (node as Node).tag;
      if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return undefined;
      const name = tag.slice(1);
      (node as Node).tag = undefined;
      const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
      let inner: unknown = node;
      if (name === 'GetAtt' && isScalar(node) && typeof node.value === 'string') {
        const dot = node.value.indexOf('.');
        inner = dot < 0 ? [node.value] : [node.value.slice(0, dot), node.value.slice(dot + 1)];
      }
      const replacement = doc.createNode({ [key]: inner });
      replacement.range = (node as Node).range;
      return replacement;
    },
  });
}
