// cdk-nag acknowledgements of what the construct made. The core states them on its resources the way cdk-nag
// 2 reads them (Metadata `cdk_nag.rules_to_suppress`, kept in the template); cdk-nag 3 reads the construct
// metadata of CDK's `Validations.of(...).acknowledge(...)` instead, so each one is recorded there too. That
// method itself rejects finding IDs holding `::` (as `Policy::arn:...` does) in aws-cdk-lib 2.257, so the entry
// is written under its documented metadata key. No dependency on cdk-nag.
import { Validations } from 'aws-cdk-lib';
import type { Materialized } from './fragment';

interface NagRule {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: string[];
}

export function acknowledgeNagFindings(m: Materialized): void {
  for (const resource of m.created) {
    const metadata = m.entry(resource)?.Metadata as { cdk_nag?: { rules_to_suppress?: NagRule[] } } | undefined;
    const rules = metadata?.cdk_nag?.rules_to_suppress ?? [];
    if (rules.length === 0) continue;
    const acknowledged: { [id: string]: string } = {};
    for (const rule of rules) {
      const ids = rule.applies_to === undefined ? [rule.id] : rule.applies_to.map((a) => `${rule.id}[${a}]`);
      for (const id of ids) acknowledged[id] = rule.reason;
    }
    resource.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, acknowledged);
  }
}
