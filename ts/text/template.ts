// CloudFormation templates as text: JSON, or YAML that may use the short forms of intrinsic functions
// (`!Ref Web`, `!GetAtt WebService.Endpoint`, `!Sub ...`). The short forms follow one documented rule:
// `!Ref` and `!Condition` keep their name, every other `!X` is `Fn::X`; `!GetAtt a.b` splits at the first dot.
// Here (not in ts/cli/) because the playground's "check a template" mode reads templates too.

import type { Document, Node } from 'yaml';
import { Format, ParseOptions, parseSource, Source } from './parse';
import { yaml } from './yaml-lib';

/** What a template holds, for the messages about an empty file or a value that is not a mapping. */
export const TEMPLATE_EXPECTED = 'a CloudFormation template (JSON or YAML) with a Resources object';

/** Parses template text; throws `SpecError` (syntax, with line and column) when it does not parse. */
export function parseTemplateSource(text: string, file: string, format?: Format, checkJson?: ParseOptions['checkJson']): Source {
  return parseSource(text, file, { expected: TEMPLATE_EXPECTED, transform: expandShortForms, format, checkJson });
}

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
