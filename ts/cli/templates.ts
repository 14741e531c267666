// CloudFormation templates as files (diff, lint): JSON, or YAML with short-form intrinsic functions, read by
// the text reader the playground shares (../text/template).

import { FileError, loadSource, Source } from './source';
import { expandShortForms, TEMPLATE_EXPECTED } from '../text/template';

/** Reads a template file; throws `FileError` or `SpecError` (syntax, with line and column). */
export function loadTemplate(file: string): Source {
  return loadSource(file, { expected: TEMPLATE_EXPECTED, transform: expandShortForms });
}

export { expandShortForms, FileError };
