// The core's metric definitions (namespace, name, statistic, dimensions as expressions) as aws-cdk-lib's
// cloudwatch.Metric. Which metric and which dimensions are the core's; this only wraps them.
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { coreBug, MetricDef } from './core';

/** A metric of `defs`, its dimension expressions made tokens by `rewrite`; `props` as CDK's L2s take them. */
export function metricOf(
  defs: { [name: string]: MetricDef },
  key: string,
  rewrite: (value: unknown) => string,
  props: cloudwatch.MetricOptions = {},
  metricName?: string,
): cloudwatch.Metric {
  const def = defs[key];
  if (def === undefined) throw coreBug(`no ${key} metric`);
  const dimensionsMap: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(def.dimensions)) dimensionsMap[name] = rewrite(value);
  return new cloudwatch.Metric({
    namespace: def.namespace,
    metricName: metricName ?? def.metricName,
    statistic: def.statistic,
    dimensionsMap,
    ...props,
  });
}
