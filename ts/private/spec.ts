// From the construct's props (CDK objects, tokens) to one service of the core's spec (docs/spec.md): names, IDs
// and ARNs, with unresolved numbers and lists handed over as token strings. No CloudFormation here.
//
// One table (SERVICE_FIELDS, with WEB_ACL_FIELDS for the web ACL of a service's ExpressWaf) says where each
// field of the spec comes from: its path, the prop it is read from, and how. serviceSpec builds the spec with
// it, and propPath reads it backwards to name the prop of a path the core reports, so the two cannot drift.
import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import type { ExpressServiceProps } from '../props';
import type { ExpressImageConfig } from '../image';
import type { ExpressWaf, ExpressWafConfig } from '../waf';
import { checkTaskDefinition } from './core';
import { describe } from '../text/describe';
import { optionProblems, PropProblem } from './props-shape';

export interface ServiceSpec {
  /** The service's entry of the spec, without undefined values. */
  readonly service: { [key: string]: unknown };
  /** The spec's `webAcls` the service names (its ExpressWaf's, by the name it has in the stack). */
  readonly webAcls: { [name: string]: unknown };
  readonly image?: ExpressImageConfig;
  /** The sidecars' images, as bound. */
  readonly sidecarImages: ExpressImageConfig[];
  readonly problems: PropProblem[];
  /** What makes the selected subnets reach the internet (their routes, the gateway), to wait for. */
  readonly internetConnectivity: IDependable[];
}

/** A number, or its token string when it is known only at deploy time. */
function num(value: number | undefined): number | string | undefined {
  return value !== undefined && Token.isUnresolved(value) ? Token.asString(value) : value;
}

/** A list, or one token string when the whole list is known only at deploy time. */
function list(value: string[] | undefined): string[] | string | undefined {
  return value !== undefined && Token.isUnresolved(value) ? Token.asString(value) : value;
}

/**
 * A string attribute of a prop that must be a CDK object (`role.roleArn`), or a props problem saying what to
 * give: from plain JavaScript (or Python) an ARN string there would otherwise read as no prop at all.
 * `unreadable`: what to say when the object cannot give the attribute (an import made without it).
 */
function attr(problems: PropProblem[], prop: string, value: unknown, key: string, what: string, unreadable?: string): string | undefined {
  if (value === undefined) return undefined;
  let v: unknown;
  try {
    v = value !== null && typeof value === 'object' ? (value as { [key: string]: unknown })[key] : undefined;
  } catch {
    problems.push({ prop, message: unreadable ?? `gives no ${key}; give ${what}` });
    return undefined;
  }
  if (typeof v === 'string') return v;
  problems.push({ prop, message: `must be ${what}, got ${describe(value)}` });
  return undefined;
}

const ROLE = 'an iam.IRole, e.g. iam.Role.fromRoleArn(this, id, arn)';

/** Drops undefined values (the core reads a present key as given) and objects left empty. */
function compact(value: { [key: string]: unknown }): { [key: string]: unknown } | undefined {
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The VPC of a cluster made or imported with one; `Cluster.fromClusterArn` clusters throw on access. */
function clusterVpc(cluster: ecs.ICluster | undefined): ec2.IVpc | undefined {
  if (cluster === undefined) return undefined;
  try {
    return cluster.vpc;
  } catch {
    return undefined;
  }
}

/** The spec's `network`, field by field (undefined: left out). */
interface NetworkFields {
  readonly subnets?: string[];
  readonly securityGroups?: unknown;
  readonly vpc?: string;
  readonly public?: boolean;
  readonly vpcCidr?: string;
  readonly createSecurityGroup?: boolean;
}

function network(props: ExpressServiceProps, problems: PropProblem[], ready: IDependable[]): NetworkFields {
  const ofCluster = clusterVpc(props.cluster);
  if (props.vpc !== undefined && ofCluster !== undefined && props.vpc !== ofCluster && props.vpc.vpcId !== ofCluster.vpcId) {
    // The tasks would run in `vpc` while the cluster's capacity and settings belong to another network.
    problems.push({
      prop: 'vpc',
      message: `is not the VPC of cluster (${ofCluster.node.path}); leave vpc out to use the cluster's, or give a cluster of this VPC`,
    });
  }
  const vpc = props.vpc ?? ofCluster;
  let subnets: string[] | undefined;
  if (vpc === undefined) {
    if (props.vpcSubnets !== undefined) {
      problems.push({
        prop: 'vpcSubnets',
        message: 'needs a vpc to select from; give vpc (or a cluster made with a VPC), or leave vpcSubnets out for the default VPC',
      });
    }
  } else {
    // Public subnets by default: like the default VPC, they give an internet-facing load balancer.
    const selection = props.vpcSubnets ?? (vpc.publicSubnets.length > 0 ? { subnetType: ec2.SubnetType.PUBLIC } : {});
    try {
      const selected = vpc.selectSubnets(selection);
      subnets = selected.subnetIds;
      ready.push(vpc.internetConnectivityEstablished, selected.internetConnectivityEstablished);
    } catch (e) {
      problems.push({ prop: 'vpcSubnets', message: (e as Error).message });
    }
  }
  // A group of the core's for `connections` (made only if they are used) when none is given. A user's task
  // definition decides the port to let in, so it needs groups of the user's.
  const ownGroup = vpc !== undefined && subnets !== undefined && (props.securityGroups ?? []).length === 0 && props.taskDefinition === undefined;
  const vpcCidr = ownGroup ? cidrOf(vpc) : undefined;
  return {
    subnets,
    securityGroups: Array.isArray(props.securityGroups)
      ? props.securityGroups.map((sg, i) => attr(problems, `securityGroups[${i}]`, sg, 'securityGroupId', 'an ec2.ISecurityGroup, e.g. ec2.SecurityGroup.fromSecurityGroupId(this, id, groupId)'))
      : props.securityGroups,
    // Which services Express Mode may put on one load balancer: one per VPC and kind of subnet.
    vpc: subnets === undefined ? undefined : vpc?.vpcId,
    public: subnets === undefined || vpc === undefined ? undefined : publicSubnets(vpc, subnets),
    vpcCidr,
    createSecurityGroup: vpcCidr === undefined ? undefined : true,
  };
}

/** The VPC's IPv4 range, unless it was imported without one (its getter then throws). */
function cidrOf(vpc: ec2.IVpc): string | undefined {
  try {
    return vpc.vpcCidrBlock;
  } catch {
    return undefined;
  }
}

/** Whether the subnets are all of the VPC's public ones (true), none of them (false), or some (unknown). */
function publicSubnets(vpc: ec2.IVpc, subnets: string[]): boolean | undefined {
  const ids = new Set(vpc.publicSubnets.map((s) => s.subnetId));
  const count = subnets.filter((id) => ids.has(id)).length;
  return count === subnets.length ? true : count === 0 ? false : undefined;
}

/** The spec's `logs`, field by field. */
interface LogFields {
  readonly logGroup?: string;
  readonly retentionDays?: number | string;
  readonly kmsKey?: string;
}

function logSettings(props: ExpressServiceProps, problems: PropProblem[]): LogFields {
  const logGroup = attr(problems, 'logGroup', props.logGroup, 'logGroupName', 'a logs.ILogGroup, e.g. logs.LogGroup.fromLogGroupName(this, id, name)');
  const kmsKey = attr(problems, 'logEncryptionKey', props.logEncryptionKey, 'keyArn', 'a kms.IKey, e.g. kms.Key.fromKeyArn(this, id, arn)');
  // Only a given retention is compared: reading `logs.RetentionDays` loads aws-cdk-lib's logs module (about
  // 2 ms), which an app whose services keep the default never needs.
  if (props.logRetention !== undefined && props.logRetention === logs.RetentionDays.INFINITE) {
    problems.push({
      prop: 'logRetention',
      message: 'RetentionDays.INFINITE: leave logRetention out to keep logs forever (in the log group ECS creates), or give a number of days',
    });
    return { logGroup, kmsKey };
  }
  return { logGroup, retentionDays: num(props.logRetention), kmsKey };
}

/** The sidecars' spec entries; binding an image may create an asset under `Sidecars/<name>`. */
function sidecarSpecs(scope: Construct, props: ExpressServiceProps, problems: PropProblem[]): { specs: unknown[] | undefined; images: ExpressImageConfig[] } {
  const images: ExpressImageConfig[] = [];
  if (props.sidecars === undefined) return { specs: undefined, images };
  // Not a list, or an entry that is no object (from JS): handed to the core as it is, which names what it expected.
  if (!Array.isArray(props.sidecars)) return { specs: props.sidecars as unknown[], images };
  const specs = props.sidecars.map((c, i) => {
    if (c === null || typeof c !== 'object') return c;
    let image: ExpressImageConfig | undefined;
    if (c.image === undefined || c.image === null || typeof c.image.bind !== 'function') {
      problems.push({ prop: `sidecars[${i}].image`, message: 'is required: an ExpressImage, e.g. ExpressImage.fromRegistry("otel/opentelemetry-collector:0.111.0")' });
    } else {
      const holder = scope.node.tryFindChild('Sidecars') ?? new Construct(scope, 'Sidecars');
      problems.push(...optionProblems(c.image, `sidecars[${i}].image`));
      image = c.image.bind(new Construct(holder, `${i}`));
      images.push(image);
      if (image.credentials !== undefined) {
        problems.push({ prop: `sidecars[${i}].image`, message: 'has registry credentials, which a sidecar cannot take here: use a public or ECR image, or a taskDefinition of your own' });
      }
    }
    const secrets: { [name: string]: string } = {};
    for (const [name, secret] of Object.entries(c.secrets ?? {})) secrets[name] = secret?.arn;
    return compact({
      name: c.name,
      image: image?.imageName,
      essential: c.essential,
      command: list(c.command),
      environment: c.environment,
      secrets: c.secrets !== undefined ? secrets : undefined,
      portMappings: Array.isArray(c.portMappings) ? c.portMappings.map((m) => (m !== null && typeof m === 'object' ? compact({ containerPort: num(m.containerPort), protocol: m.protocol }) : m)) : c.portMappings,
      cpu: num(c.cpu),
      memory: num(c.memory),
      dependsOn: Array.isArray(c.dependsOn) ? c.dependsOn.map((d) => (d !== null && typeof d === 'object' ? compact({ container: d.container, condition: d.condition }) : d)) : c.dependsOn,
    });
  });
  return { specs, images };
}

/**
 * A task definition of the user's, checked by the core's rules on what the construct can see of it: its
 * containers and their port mappings.
 */
function taskDefinition(props: ExpressServiceProps, problems: PropProblem[]): string | undefined {
  const td = props.taskDefinition;
  if (td === undefined) return undefined;
  if (!(td instanceof ecs.TaskDefinition)) {
    problems.push({ prop: 'taskDefinition', message: 'must be an ecs.FargateTaskDefinition of this app, whose containers can be checked' });
    return undefined;
  }
  // Express Mode runs its tasks on Fargate: a task definition ECS registers for EC2 alone is refused at deploy.
  if (!td.isFargateCompatible) {
    problems.push({
      prop: 'taskDefinition',
      message: `has compatibility ${ecs.Compatibility[td.compatibility] ?? String(td.compatibility)}, without Fargate; Express Mode runs its tasks on Fargate: give an ecs.FargateTaskDefinition (or an ecs.TaskDefinition with compatibility EC2_AND_FARGATE and network mode AWS_VPC)`,
    });
  }
  const containers = td.node.children
    .filter((c): c is ecs.ContainerDefinition => c instanceof ecs.ContainerDefinition)
    .map((c) => ({ name: c.containerName, portMappings: c.portMappings.map((m) => ({ name: m.name, protocol: m.protocol })) }));
  for (const d of checkTaskDefinition({ containers }).errors) problems.push({ prop: 'taskDefinition', message: d.message });
  return td.taskDefinitionArn;
}

/** Whether a list, or any of its entries, is known only at deploy time. */
function hasToken(value: string[] | undefined): boolean {
  // A value that is no list (from JS) goes to the core as it is, which says what it expected.
  return value !== undefined && (Token.isUnresolved(value) || (Array.isArray(value) && value.some((v) => Token.isUnresolved(v))));
}

/**
 * The service's `waf`, and the web ACL it names: a created web ACL is one per ExpressWaf value and stack,
 * shared by the services given that value.
 */
function waf(
  props: ExpressServiceProps,
  problems: PropProblem[],
  webAcls: { [name: string]: unknown },
  webAclName: (waf: ExpressWaf) => string,
): { [key: string]: unknown } | undefined {
  if (props.waf === undefined) return undefined;
  problems.push(...optionProblems(props.waf, 'waf'));
  const config = props.waf.bind();
  if (config.webAclArn !== undefined) return { webAclArn: config.webAclArn };
  const name = webAclName(props.waf);
  let ruleGroups = config.ruleGroups;
  if (hasToken(ruleGroups)) {
    problems.push({
      prop: 'waf.ruleGroups',
      message:
        'must be rule group names known at synthesis, not a parameter or another construct\'s value: each group becomes a rule of the web ACL, so the template needs the list itself, e.g. ["AWSManagedRulesCommonRuleSet"]',
    });
    ruleGroups = undefined;
  }
  let allowOnlyFrom = config.allowOnlyFrom;
  if (hasToken(allowOnlyFrom)) {
    problems.push({
      prop: 'waf.allowOnlyFrom',
      message: 'must be CIDR ranges known at synthesis, not a parameter or another construct\'s value: IPv4 and IPv6 ranges go to separate IP sets, so the template needs the list itself, e.g. ["203.0.113.0/24"]',
    });
    allowOnlyFrom = undefined;
  }
  // `{}` is a created web ACL with the core's defaults.
  webAcls[name] = build(WEB_ACL_FIELDS, { ...config, ruleGroups, allowOnlyFrom }) ?? {};
  return { webAcl: name };
}

function scalingMetric(metric: string | undefined, problems: PropProblem[]): string | undefined {
  if (metric === undefined || !Token.isUnresolved(metric)) return metric;
  problems.push({
    prop: 'scaling.metric',
    message:
      'must be a ScalingMetric known at synthesis (CPU, MEMORY or REQUESTS), not a parameter or another construct\'s value: it is turned into Express Mode\'s own metric name, and targetValue is checked against it',
  });
  return undefined;
}

/**
 * The spec's `region`: the Region of the construct's stack when known at synthesis (an environment-agnostic
 * stack's is a token, left out): the core holds the ARNs that must be in it (a certificate, a web ACL, a task
 * definition, a cluster) to it.
 */
export function stackRegion(scope: Construct): { region?: string } {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? {} : { region };
}

/** What the props read as: each field of SERVICE_FIELDS takes its value from here. */
interface Reading {
  readonly props: ExpressServiceProps;
  readonly image?: ExpressImageConfig;
  readonly secrets?: { [name: string]: string };
  readonly sidecars?: unknown[];
  readonly cluster?: string;
  readonly network: NetworkFields;
  readonly scalingMetric?: string;
  readonly logs: LogFields;
  readonly roles: { readonly execution?: string; readonly infrastructure?: string; readonly task?: string };
  readonly taskDefinition?: string;
  readonly waf?: { [key: string]: unknown };
  readonly domain?: DomainFields;
}

/**
 * A field of the spec: its path (inside its object), the prop it comes from (in messages), and its value. An
 * entry without `read` only names the prop of a path that holds other fields (`network`: `vpcSubnets`).
 */
interface Field<R> {
  readonly spec: string;
  readonly prop: string;
  readonly read?: (r: R) => unknown;
}

/** The fields of one service of the spec, in the spec's order. */
const SERVICE_FIELDS: ReadonlyArray<Field<Reading>> = [
  // Left out when missing: the core still checks everything else.
  { spec: 'image', prop: 'image', read: (r) => r.image?.imageName },
  { spec: 'repositoryCredentials', prop: 'image', read: (r) => r.image?.credentials?.secretArn },
  { spec: 'serviceName', prop: 'serviceName', read: (r) => r.props.serviceName },
  { spec: 'containerPort', prop: 'containerPort', read: (r) => num(r.props.containerPort) },
  { spec: 'command', prop: 'command', read: (r) => list(r.props.command) },
  { spec: 'environment', prop: 'environment', read: (r) => r.props.environment },
  { spec: 'secrets', prop: 'secrets', read: (r) => r.secrets },
  { spec: 'cpu', prop: 'cpu', read: (r) => num(r.props.cpu) },
  { spec: 'memory', prop: 'memory', read: (r) => num(r.props.memory) },
  { spec: 'healthCheckPath', prop: 'healthCheckPath', read: (r) => r.props.healthCheckPath },
  { spec: 'cluster', prop: 'cluster', read: (r) => r.cluster },
  { spec: 'network', prop: 'vpcSubnets' },
  { spec: 'network.subnets', prop: 'vpcSubnets', read: (r) => list(r.network.subnets) },
  { spec: 'network.securityGroups', prop: 'securityGroups', read: (r) => r.network.securityGroups },
  // Which services Express Mode may put on one load balancer: one per VPC and kind of subnet.
  { spec: 'network.vpc', prop: 'vpc', read: (r) => r.network.vpc },
  { spec: 'network.public', prop: 'vpcSubnets', read: (r) => r.network.public },
  { spec: 'network.vpcCidr', prop: 'vpc', read: (r) => r.network.vpcCidr },
  { spec: 'network.createSecurityGroup', prop: 'vpc', read: (r) => r.network.createSecurityGroup },
  // Given, even empty: the core's defaults.
  { spec: 'scaling', prop: 'scaling', read: (r) => (r.props.scaling === undefined ? undefined : {}) },
  { spec: 'scaling.minTasks', prop: 'scaling.minTasks', read: (r) => num(r.props.scaling?.minTasks) },
  { spec: 'scaling.maxTasks', prop: 'scaling.maxTasks', read: (r) => num(r.props.scaling?.maxTasks) },
  { spec: 'scaling.metric', prop: 'scaling.metric', read: (r) => r.scalingMetric },
  { spec: 'scaling.targetValue', prop: 'scaling.targetValue', read: (r) => num(r.props.scaling?.targetValue) },
  { spec: 'logs', prop: 'logGroup' },
  { spec: 'logs.logGroup', prop: 'logGroup', read: (r) => r.logs.logGroup },
  { spec: 'logs.retentionDays', prop: 'logRetention', read: (r) => r.logs.retentionDays },
  { spec: 'logs.streamPrefix', prop: 'logStreamPrefix', read: (r) => r.props.logStreamPrefix },
  { spec: 'logs.kmsKey', prop: 'logEncryptionKey', read: (r) => r.logs.kmsKey },
  { spec: 'roles.execution', prop: 'executionRole', read: (r) => r.roles.execution },
  { spec: 'roles.infrastructure', prop: 'infrastructureRole', read: (r) => r.roles.infrastructure },
  { spec: 'roles.task', prop: 'taskRole', read: (r) => r.roles.task },
  { spec: 'sidecars', prop: 'sidecars', read: (r) => r.sidecars },
  { spec: 'taskDefinition', prop: 'taskDefinition', read: (r) => r.taskDefinition },
  { spec: 'waf', prop: 'waf', read: (r) => r.waf },
  { spec: 'tags', prop: 'tags', read: (r) => r.props.tags },
  { spec: 'output', prop: 'output', read: (r) => r.props.output },
  { spec: 'domain', prop: 'domain', read: (r) => (r.domain === undefined ? undefined : {}) },
  { spec: 'domain.names', prop: 'domain.names', read: (r) => r.domain?.names },
  { spec: 'domain.certificateArn', prop: 'domain.certificate', read: (r) => r.domain?.certificateArn },
  { spec: 'domain.certificateNames', prop: 'domain.certificate', read: (r) => r.domain?.certificateNames },
  { spec: 'domain.hostedZoneId', prop: 'domain.hostedZone', read: (r) => r.domain?.hostedZoneId },
  { spec: 'domain.hostedZoneName', prop: 'domain.hostedZone', read: (r) => r.domain?.hostedZoneName },
];

/** The fields of the web ACL an ExpressWaf creates (the spec's `webAcls.<name>`), from its configuration. */
const WEB_ACL_FIELDS: ReadonlyArray<Field<ExpressWafConfig>> = [
  { spec: 'rateLimit', prop: 'waf.rateLimit', read: (c) => num(c.rateLimit) },
  { spec: 'managedRules', prop: 'waf.ruleGroups', read: (c) => c.ruleGroups },
  { spec: 'allowOnlyFrom', prop: 'waf.allowOnlyFrom', read: (c) => c.allowOnlyFrom },
];

/** The object `fields` read from `r`: undefined values left out (the core reads a present key as given). */
function build<R>(fields: ReadonlyArray<Field<R>>, r: R): { [key: string]: unknown } | undefined {
  const out: { [key: string]: unknown } = {};
  for (const f of fields) {
    const value = f.read?.(r);
    if (value === undefined) continue;
    const path = f.spec.split('.');
    let parent = out;
    for (const key of path.slice(0, -1)) parent = (parent[key] ??= {}) as { [key: string]: unknown };
    parent[path[path.length - 1]] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The prop a path inside an object of `fields` comes from: the longest field path it starts with, renamed. */
function renamed<R>(fields: ReadonlyArray<Field<R>>, path: string): string {
  let best: Field<R> | undefined;
  for (const f of fields) {
    const under = path === f.spec || path.startsWith(`${f.spec}.`) || path.startsWith(`${f.spec}[`);
    if (under && (best === undefined || f.spec.length > best.spec.length)) best = f;
  }
  return best === undefined ? path : best.prop + path.slice(best.spec.length);
}

/**
 * The prop path of a spec path of service `name` (`services.Web.logs.retentionDays`: `logRetention`);
 * `(props)` for the service itself, `(spec)` for paths outside it.
 */
export function propPath(specPath: string, name: string): string {
  // The web ACL of the service's ExpressWaf is the spec's `webAcls.<its name>`.
  const acl = /^webAcls\.[A-Za-z0-9]+/.exec(specPath);
  if (acl !== null) {
    const rest = specPath.slice(acl[0].length).replace(/^\./, '');
    return rest === '' ? 'waf' : renamed(WEB_ACL_FIELDS, rest);
  }
  const prefix = `services.${name}`;
  if (specPath !== prefix && !specPath.startsWith(prefix + '.') && !specPath.startsWith(prefix + '[')) {
    return '(spec)';
  }
  const rest = specPath.slice(prefix.length).replace(/^\./, '');
  return rest === '' ? '(props)' : renamed(SERVICE_FIELDS, rest);
}

/**
 * The spec entry of one service; binding the image may create an asset in `scope`. `webAclName` names the web
 * ACL of an ExpressWaf value in the service's stack.
 */
export function serviceSpec(scope: Construct, props: ExpressServiceProps, webAclName: (waf: ExpressWaf) => string): ServiceSpec {
  const problems: PropProblem[] = [];
  let image: ExpressImageConfig | undefined;
  if (props.image === undefined || props.image === null || typeof props.image.bind !== 'function') {
    if (props.taskDefinition === undefined) {
      problems.push({
        prop: 'image',
        message: 'is required: an ExpressImage, e.g. ExpressImage.fromRegistry("nginx:1.27") (or a taskDefinition of your own)',
      });
    }
  } else {
    problems.push(...optionProblems(props.image, 'image'));
    image = props.image.bind(scope);
  }
  const webAcls: { [name: string]: unknown } = {};
  const sidecars = sidecarSpecs(scope, props, problems);
  const internetConnectivity: IDependable[] = [];
  // In this order: the problems each finds are said in it.
  const cluster = attr(problems, 'cluster', props.cluster, 'clusterName', 'an ecs.ICluster, e.g. ecs.Cluster.fromClusterAttributes(this, id, { clusterName, vpc })');
  const net = network(props, problems, internetConnectivity);
  const scalingMetricName = props.scaling === undefined ? undefined : scalingMetric(props.scaling.metric, problems);
  const logs = logSettings(props, problems);
  const roles = {
    execution: attr(problems, 'executionRole', props.executionRole, 'roleArn', ROLE),
    infrastructure: attr(problems, 'infrastructureRole', props.infrastructureRole, 'roleArn', ROLE),
    // A task role so that grantPrincipal is a real role (made on first use); a given task definition has its own.
    task: attr(problems, 'taskRole', props.taskRole, 'roleArn', ROLE) ?? (props.taskDefinition === undefined ? 'create' : undefined),
  };
  const reading: Reading = {
    props,
    image,
    secrets: props.secrets === undefined ? undefined : Object.fromEntries(Object.entries(props.secrets).map(([n, secret]) => [n, secret.arn])),
    sidecars: sidecars.specs,
    cluster,
    network: net,
    scalingMetric: scalingMetricName,
    logs,
    roles,
    taskDefinition: taskDefinition(props, problems),
    waf: waf(props, problems, webAcls, webAclName),
    domain: domain(props, problems),
  };
  // Nothing given (an imported task definition alone): no entry, so that the core says no word about the
  // service the construct already refused (its "services is required" is left unsaid by fromCore).
  const service = build(SERVICE_FIELDS, reading) as { [key: string]: unknown };
  return { service, webAcls, image, sidecarImages: sidecars.images, problems, internetConnectivity };
}

/** The spec's `domain`, field by field. */
interface DomainFields {
  readonly names?: unknown;
  readonly certificateArn?: string;
  readonly certificateNames?: string[];
  readonly hostedZoneId?: string;
  readonly hostedZoneName?: string;
}

/** The spec's `domain`: names as given, the certificate and zone by ID (and what the core checks them by). */
function domain(props: ExpressServiceProps, problems: PropProblem[]): DomainFields | undefined {
  const d = props.domain;
  if (d === undefined) return undefined;
  const certificateArn = attr(problems, 'domain.certificate', d.certificate, 'certificateArn', 'an acm.ICertificate, e.g. acm.Certificate.fromCertificateArn(this, id, arn)');
  const zone = 'a route53.IHostedZone, e.g. route53.HostedZone.fromHostedZoneAttributes(this, id, { hostedZoneId, zoneName })';
  return {
    names: Array.isArray(d.names) ? list(d.names) : d.names,
    certificateArn,
    certificateNames: certificateArn === undefined ? undefined : certificateNames(d.certificate as acm.ICertificate),
    hostedZoneId: attr(problems, 'domain.hostedZone', d.hostedZone, 'hostedZoneId', zone),
    hostedZoneName: attr(problems, 'domain.hostedZone', d.hostedZone, 'zoneName', zone, `has no zone name (imported by ID alone), which tells the zone's apex and what is outside it; import it with route53.HostedZone.fromHostedZoneAttributes(this, id, { hostedZoneId, zoneName })`),
  };
}

/** The names a certificate of this app covers, when all are known here (an imported one says none). */
function certificateNames(certificate: acm.ICertificate): string[] | undefined {
  const cfn = certificate.node.defaultChild;
  if (!(cfn instanceof acm.CfnCertificate)) return undefined;
  const names = [cfn.domainName, ...(cfn.subjectAlternativeNames ?? [])];
  return names.every((n) => typeof n === 'string' && !Token.isUnresolved(n)) ? names : undefined;
}
