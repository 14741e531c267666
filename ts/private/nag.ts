// cdk-nag acknowledgements of what the construct made. The core states them on its resources the way cdk-nag
// 2 reads them (Metadata `cdk_nag.rules_to_suppress`, kept in the template); cdk-nag 3 reads the construct
// metadata of CDK's `Validations.of(...).acknowledge(...)` instead, so each one is recorded there too. That
// method itself rejects finding IDs holding `::` (as `Policy::arn:...` does) in aws-cdk-lib 2.257, so the entry
// is written under its documented metadata key. No dependency on cdk-nag.
import { CfnResource, Validations } from 'aws-cdk-lib';

interface NagRule {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: string[];
}

/** Records the acknowledgements the core wrote on a resource it made from `entry`. */
export function acknowledgeNagFindings(resource: CfnResource, entry: { [key: string]: unknown }): void {
  const metadata = entry.Metadata as { cdk_nag?: { rules_to_suppress?: NagRule[] } } | undefined;
  const rules = metadata?.cdk_nag?.rules_to_suppress ?? [];
  if (rules.length === 0) return;
  const acknowledged: { [id: string]: string } = {};
  for (const rule of rules) {
    const ids = rule.applies_to === undefined ? [rule.id] : rule.applies_to.map((a) => `${rule.id}[${a}]`);
    for (const id of ids) acknowledged[id] = rule.reason;
  }
  resource.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, acknowledged);
}
