import { Annotations, AspectPriority, Aspects, CfnResource, Lazy, Resource, ResourceEnvironment, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_ecs as ecsRefs } from 'aws-cdk-lib/interfaces';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { ExpressServiceProps } from './props';
import { checkTags, coreBug, CoreSpecError, Diagnostic, Fragment, importedServiceMetrics, MetricDef, synthService } from './private/core';
import { fromCore, propsError } from './private/diagnostics';
import { Materialized, rewriteExpression } from './private/fragment';
import { helpersFindings, helpersSpec } from './private/helpers';
import { ManagedResources } from './private/managed';
import { constructHint } from './private/hints';
import { metricOf } from './private/metrics';
import { composedWebAcl, registerService, webAclName } from './private/registry';
import { CoreMadeRole } from './private/role';
import { PropProblem, shapeProblems } from './private/props-shape';
import { propPath, serviceSpec, ServiceSpec, stackRegion } from './private/spec';


/** An Express Mode service, made here or imported. */
export interface IExpressService extends ecsRefs.IExpressGatewayServiceRef {
  /** The ARN of the ECS service. */
  readonly serviceArn: string;

  /** A metric of the service in `AWS/ECS` (by its cluster and service name), e.g. `metric('CPUUtilization')`. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** The average CPU utilization of the service's tasks, in percent. */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** The average memory utilization of the service's tasks, in percent. */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** A service known by its ARN: its metrics, no grants (its roles are not known here). */
class ImportedExpressService extends Resource implements IExpressService {
  public readonly serviceArn: string;
  public readonly expressGatewayServiceRef: ecsRefs.ExpressGatewayServiceReference;
  private readonly defs: { [name: string]: MetricDef };

  constructor(scope: Construct, id: string, arn: string) {
    super(scope, id);
    this.serviceArn = arn;
    this.expressGatewayServiceRef = { serviceArn: arn };
    try {
      this.defs = importedServiceMetrics(arn);
    } catch (e) {
      if (!(e instanceof CoreSpecError)) throw e;
      throw new Error(`ExpressService.fromServiceArn ${this.node.path}: ${e.diagnostics.map((d) => d.message).join('; ')}`);
    }
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricOf(this.defs, 'cpuUtilization', rewriteExpression, props, metricName);
  }

  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricOf(this.defs, 'cpuUtilization', rewriteExpression, props);
  }

  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return metricOf(this.defs, 'memoryUtilization', rewriteExpression, props);
  }
}

/**
 * An Amazon ECS Express Mode service: a container image served at a public (or internal) HTTPS URL, with the
 * load balancer, certificate, scaling and deployments managed by ECS.
 */
export class ExpressService extends Construct implements iam.IGrantable, IExpressService, ec2.IConnectable {
  /**
   * A service made elsewhere, by its ARN (`arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`): its ECS
   * metrics and its reference for APIs that take one. Not the resources ECS manages for it (`listener`,
   * `targetGroupArns`, ...): those are attributes of the service's resource, readable only in the stack that
   * has it; from another stack of the same app, pass the `ExpressService` itself (CDK exports what is used).
   */
  public static fromServiceArn(scope: Construct, id: string, serviceArn: string): IExpressService {
    return new ImportedExpressService(scope, id, serviceArn);
  }

  /** The service's HTTPS URL, e.g. `https://ab-0123….ecs.eu-west-1.on.aws`. */
  public readonly url: string;

  /** The service's host name, without scheme. */
  public readonly endpoint: string;

  /** The ARN of the ECS service. */
  public readonly serviceArn: string;

  /**
   * The ARN of the Application Load Balancer that Express Mode put the service behind (shared by up to 25
   * services). Express manages it: read-only to you.
   */
  public readonly loadBalancerArn: string;

  /** The service as aws-cdk-lib's APIs that take an Express service reference want it. */
  public readonly expressGatewayServiceRef: ecsRefs.ExpressGatewayServiceReference;

  /** The environment (account and Region) of the service: its stack's. */
  public readonly env: ResourceEnvironment;

  private readonly materialized: Materialized;
  private readonly managed: ManagedResources;
  private ownConnections?: ec2.Connections;
  /** The port the load balancer sends to: the default port of `connections`. */
  private readonly containerPort: number;
  /** Why the core made no security group for `connections`, in the user's terms. */
  private readonly noGroupAdvice: string;

  /** The task role: grants to this service go to it. */
  public readonly grantPrincipal: iam.IPrincipal;

  /**
   * The role the application's code runs as. Grants, `addToPrincipalPolicy` and `addManagedPolicy` work on it,
   * also when the construct made it. Without a `taskRole` prop, the role is created the first time something
   * is granted to it or its ARN or name is used (before that, the service runs with no task role), so that a
   * stack of hundreds of services holds a role only for those that need one.
   */
  public readonly taskRole: iam.IRole;

  /**
   * The role ECS uses to pull the image, read secrets and write logs. When the construct made it, it is shared
   * by the stack's Express services: what is added to it applies to all of them.
   */
  public readonly executionRole: iam.IRole;

  /** The role Express Mode uses to manage the load balancer and scaling. */
  public readonly infrastructureRole: iam.IRole;

  /**
   * The web ACL the stack created for this service's `waf`, if any: one per network of the stack, holding the
   * rules of every `ExpressWaf` value its services were given (each scoped to its services' hosts). Until the
   * app's constructs are all made, the web ACL of this service's `ExpressWaf` value.
   *
   * @default - none
   */
  public get webAcl(): CfnResource | undefined {
    return composedWebAcl(this) ?? this.valueWebAcl;
  }

  /** The web ACL made for this service's ExpressWaf value, before the stack's are composed. */
  private readonly valueWebAcl?: CfnResource;

  /**
   * The ARN of the web ACL associated with the service, if any.
   *
   * @default - none
   */
  public readonly webAclArn?: string;

  constructor(scope: Construct, id: string, props: ExpressServiceProps) {
    super(scope, id);
    // props → spec → core → constructs → wiring.
    const name = specName(id);
    const read = readProps(this, props);
    const synthesized = synthesize(this, name, read);
    const m = materialize(this, name, synthesized);
    const spec = synthesized.ok ? read.spec : undefined;

    const service = m.attributeResource('serviceArn');
    if (service === undefined) throw coreBug('the fragment names no service resource');
    this.node.defaultChild = service;
    this.materialized = m;
    this.managed = new ManagedResources(this, m, this.node.path);
    this.url = required(m, 'url');
    this.endpoint = required(m, 'endpoint');
    this.serviceArn = required(m, 'serviceArn');
    this.loadBalancerArn = required(m, 'loadBalancerArn');
    this.expressGatewayServiceRef = { serviceArn: this.serviceArn };
    this.env = { account: Stack.of(this).account, region: Stack.of(this).region };
    this.containerPort = containerPort(m);
    // The stand-in's own roles when the props have problems: the props' may be what is wrong.
    const roles = spec === undefined ? madeRoles(this, m) : givenOrMadeRoles(this, props, m);
    this.taskRole = roles.task;
    this.executionRole = roles.execution;
    this.infrastructureRole = roles.infrastructure;
    this.grantPrincipal = this.taskRole;
    if (spec === undefined) {
      this.noGroupAdvice = 'Its props have problems, reported at synthesis.';
      return;
    }
    // A created web ACL may be composed into its network's once the stack's services are all known.
    const valueAcl = m.attributeResource('webAclArn');
    this.valueWebAcl = valueAcl;
    this.webAclArn =
      valueAcl === undefined
        ? m.attribute('webAclArn')
        : Lazy.string({ produce: () => Token.asString((composedWebAcl(this) ?? valueAcl).getAtt('Arn')) });
    if (props.securityGroups !== undefined && props.securityGroups.length > 0) {
      this.ownConnections = new ec2.Connections({ securityGroups: props.securityGroups, defaultPort: ec2.Port.tcp(this.containerPort) });
    }
    this.noGroupAdvice = noGroupAdvice(props, (spec.service.network as { vpc?: string } | undefined)?.vpc !== undefined);
    sayWarnings(this, name, props, m, synthesized.warnings);
    wire(this, name, props, spec, m, service);
  }

  /**
   * The security groups of the service's tasks and its port, for `db.connections.allowDefaultPortFrom(service)`
   * and `service.connections.allowTo(...)`: the given `securityGroups`, or else (with a `vpc`) a group made for
   * the tasks on first use, which lets the container port in from the VPC's range. Without a `vpc`, Express
   * Mode makes the tasks' group at deploy time and owns it: reading this then throws (a rule of the other side's
   * group can name Express's group: `serviceSecurityGroup(0)`).
   */
  public get connections(): ec2.Connections {
    if (this.ownConnections !== undefined) return this.ownConnections;
    const m = this.materialized;
    const groupId = m.attributeResourceId('securityGroupId');
    if (groupId === undefined) {
      throw new Error(
        `ExpressService ${this.node.path}: connections needs a security group CDK can name. ${this.noGroupAdvice}`,
      );
    }
    m.materialize(groupId);
    const group = ec2.SecurityGroup.fromSecurityGroupId(this, 'Connections', required(m, 'securityGroupId'), {
      allowAllOutbound: true,
    });
    this.ownConnections = new ec2.Connections({ securityGroups: [group], defaultPort: ec2.Port.tcp(this.containerPort) });
    return this.ownConnections;
  }

  // What ECS creates and manages for the service, outside the template, as the core names them. Each is made
  // on first use: a service nobody asks about adds no construct. Express owns them all: read them, refer to
  // them, alarm on them; a change you make to one may be undone by the next Express update of the service
  // (AWS documents one kind of change as kept: a host name and certificate added to the listener rule and the
  // listener, see docs/domains.md). Lists are known once deployed: the methods taking an index select one
  // element at deploy time, and deployment fails if the list is shorter.

  /** The ARN of the load balancer's listener that routes to the service. Express manages it: read-only to you. */
  public get listenerArn(): string {
    return this.managed.arn('listenerArn');
  }

  /**
   * The ARN of the listener rule that sends the service's host name to its target groups (their weights move
   * during a canary deployment). Express manages it: read-only to you. aws-cdk-lib has no import of a
   * listener rule, hence the ARN only.
   */
  public get listenerRuleArn(): string {
    return this.managed.arn('listenerRuleArn');
  }

  /** The ARN of the ACM certificate of the service's generated host name. Express manages it: read-only to you. */
  public get certificateArn(): string {
    return this.managed.arn('certificateArn');
  }

  /**
   * The ARNs of the service's target groups (a canary deployment moves traffic between them). Express manages
   * them: read-only to you. One of them, typed: `targetGroup(index)`.
   */
  public get targetGroupArns(): string[] {
    return this.managed.arns('targetGroupArns');
  }

  /** The ARNs of the load balancer's security groups. Express manages them: read-only to you. */
  public get loadBalancerSecurityGroupArns(): string[] {
    return this.managed.arns('loadBalancerSecurityGroupArns');
  }

  /**
   * The ARNs of the security groups Express made for the service's tasks (none when `securityGroups` are
   * given). Express manages them: read-only to you.
   */
  public get serviceSecurityGroupArns(): string[] {
    return this.managed.arns('serviceSecurityGroupArns');
  }

  /**
   * The ARN of the Application Auto Scaling scalable target of the service's task count. Express manages it
   * from `scaling`: read-only to you. aws-cdk-lib imports a scalable target by its ID, not its ARN, hence the
   * ARN only.
   */
  public get scalableTargetArn(): string {
    return this.managed.arn('scalableTargetArn');
  }

  /** The ARNs of the service's Application Auto Scaling policies. Express manages them from `scaling`: read-only to you. */
  public get scalingPolicyArns(): string[] {
    return this.managed.arns('scalingPolicyArns');
  }

  /** The ARNs of the log groups of the service. A log group Express created is Express's: read-only to you. */
  public get logGroupArns(): string[] {
    return this.managed.arns('logGroupArns');
  }

  /**
   * The ARNs of the CloudWatch alarms Express made for the service (such as those of its scaling policy).
   * Express manages them: read-only to you; add alarms of your own with the `metric…()` methods.
   */
  public get metricAlarmArns(): string[] {
    return this.managed.arns('metricAlarmArns');
  }

  /**
   * The load balancer, for its metrics (`loadBalancer.metrics`) and APIs that take one. Express manages it:
   * read-only to you. Its `connections` are those of its first security group, which Express manages too
   * (rules added through them are not Express's and may be removed by it); its DNS name and hosted zone are
   * not known (Express gives no attribute for them): use `endpoint`.
   */
  public get loadBalancer(): elbv2.IApplicationLoadBalancer {
    return this.managed.reference('ManagedLoadBalancer', (scope, id) =>
      elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(scope, id, {
        loadBalancerArn: this.loadBalancerArn,
        securityGroupId: this.managed.securityGroupId('loadBalancerSecurityGroupArns', 0, 'loadBalancer'),
      }),
    );
  }

  /**
   * The listener that routes to the service. Express manages it and its rules: read-only to you (a rule of
   * your own added to it must not take the priority or the host of Express's).
   */
  public get listener(): elbv2.IApplicationListener {
    return this.managed.reference('ManagedListener', (scope, id) =>
      elbv2.ApplicationListener.fromApplicationListenerAttributes(scope, id, {
        listenerArn: this.listenerArn,
        securityGroup: this.loadBalancerSecurityGroup(0),
      }),
    );
  }

  /** The ACM certificate of the service's generated host name. Express manages it: read-only to you. */
  public get certificate(): acm.ICertificate {
    return this.managed.reference('ManagedCertificate', (scope, id) => acm.Certificate.fromCertificateArn(scope, id, this.certificateArn));
  }

  /**
   * The `index`-th of `targetGroupArns` (from 0), for its metrics. Express manages it: read-only to you.
   * Deployment fails if the service has fewer target groups.
   */
  public targetGroup(index: number): elbv2.IApplicationTargetGroup {
    const arn = this.managed.at('targetGroupArns', index, 'targetGroup');
    return this.managed.reference(`ManagedTargetGroup${index}`, (scope, id) =>
      elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(scope, id, { targetGroupArn: arn, loadBalancerArns: this.loadBalancerArn }),
    );
  }

  /**
   * The `index`-th security group of the load balancer (from 0), imported as immutable: it can be named in
   * rules of your own groups (`db.connections.allowFrom(...)`), and no rule is added to it. Express manages
   * it: read-only to you. Deployment fails if the load balancer has fewer.
   */
  public loadBalancerSecurityGroup(index: number): ec2.ISecurityGroup {
    const groupId = this.managed.securityGroupId('loadBalancerSecurityGroupArns', index, 'loadBalancerSecurityGroup');
    return this.managed.reference(`ManagedLoadBalancerSecurityGroup${index}`, (scope, id) =>
      ec2.SecurityGroup.fromSecurityGroupId(scope, id, groupId, { mutable: false }),
    );
  }

  /**
   * The `index`-th security group Express made for the service's tasks (from 0), imported as immutable: it can
   * be named in rules of your own groups, and no rule is added to it. Express manages it: read-only to you.
   * Deployment fails if there are fewer (there are none when `securityGroups` are given).
   */
  public serviceSecurityGroup(index: number): ec2.ISecurityGroup {
    const groupId = this.managed.securityGroupId('serviceSecurityGroupArns', index, 'serviceSecurityGroup');
    return this.managed.reference(`ManagedServiceSecurityGroup${index}`, (scope, id) =>
      ec2.SecurityGroup.fromSecurityGroupId(scope, id, groupId, { mutable: false }),
    );
  }

  /**
   * The `index`-th of `logGroupArns` (from 0), for metric filters, subscriptions and grants to read it. A log
   * group Express created is Express's: read-only to you. Deployment fails if there are fewer.
   */
  public logGroup(index: number): logs.ILogGroup {
    const arn = this.managed.at('logGroupArns', index, 'logGroup');
    return this.managed.reference(`ManagedLogGroup${index}`, (scope, id) => logs.LogGroup.fromLogGroupArn(scope, id, arn));
  }

  /**
   * The `index`-th of `metricAlarmArns` (from 0), e.g. as an alarm of a composite alarm or an alarm action's
   * source. Express manages it: read-only to you. Deployment fails if there are fewer.
   */
  public metricAlarm(index: number): cloudwatch.IAlarm {
    const arn = this.managed.at('metricAlarmArns', index, 'metricAlarm');
    return this.managed.reference(`ManagedMetricAlarm${index}`, (scope, id) => cloudwatch.Alarm.fromAlarmArn(scope, id, arn));
  }

  /** A metric of the service in `AWS/ECS` (by its cluster and service name), e.g. `metric('CPUUtilization')`. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('cpuUtilization', props, metricName);
  }

  /** The average CPU utilization of the service's tasks, in percent. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('cpuUtilization', props);
  }

  /** The average memory utilization of the service's tasks, in percent. */
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('memoryUtilization', props);
  }

  /** The requests the load balancer routed to the service (sum). */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('requestCount', props);
  }

  /** The time the service's tasks took to answer, in seconds (average). */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('targetResponseTime', props);
  }

  /** The responses of the service's tasks with an HTTP status class, e.g. `HttpCodeTarget.TARGET_5XX_COUNT` (sum). */
  public metricHttpCodeTarget(code: elbv2.HttpCodeTarget, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metricFor('httpCodeTarget', props, code);
  }

  private metricFor(key: string, props?: cloudwatch.MetricOptions, metricName?: string): cloudwatch.Metric {
    const m = this.materialized;
    return metricOf(m.metrics, key, (v) => asString(m.rewrite(v)), props, metricName);
  }
}

/** The props read: the spec of the service, unless the props' shape stops reading them, and every problem found. */
function readProps(scope: ExpressService, props: ExpressServiceProps): { spec?: ServiceSpec; problems: PropProblem[] } {
  const shape = shapeProblems(props);
  if (shape.fatal) return { problems: shape.problems };
  const spec = serviceSpec(scope, props ?? ({} as ExpressServiceProps), (waf) => webAclName(scope, waf));
  return { spec, problems: [...shape.problems, ...spec.problems] };
}

/** What the core made of the spec: the fragment when the props have no problem, else every problem at once. */
interface Synthesized {
  readonly ok: boolean;
  readonly fragment?: Fragment;
  readonly problems: PropProblem[];
  readonly warnings: Diagnostic[];
}

/** The core's fragment of the service (also with problems of the props': the core then says its own too). */
function synthesize(scope: Construct, name: string, read: { spec?: ServiceSpec; problems: PropProblem[] }): Synthesized {
  const spec = read.spec;
  if (spec === undefined) return { ok: false, problems: read.problems, warnings: [] };
  try {
    const fragment = synthService({ ...stackRegion(scope), webAcls: spec.webAcls, helpers: helpersSpec(scope), services: { [name]: spec.service } }, name);
    return { ok: read.problems.length === 0, fragment, problems: read.problems, warnings: fragment.warnings };
  } catch (e) {
    if (!(e instanceof CoreSpecError)) throw e;
    // A prop the construct found wrong or missing itself is said once, in the construct's words (its CDK
    // type): the core's words at that prop, or at the prop holding it, are about the value it was not given.
    const said = new Set(spec.problems.map((p) => p.prop));
    const superseded = (d: Diagnostic) => {
      const prop = propPath(d.path, name);
      return said.has(prop) || [...said].some((p) => p.startsWith(`${prop}.`) || p.startsWith(`${prop}[`));
    };
    return { ok: false, problems: [...read.problems, ...fromCore(e.diagnostics.filter((d) => !superseded(d)), name)], warnings: [] };
  }
}

/**
 * The fragment's constructs. With problems, they are said at synthesis, the CDK way, with every other
 * construct's problems: the app goes on (so that each ExpressService reports its own), and this one stands in
 * with a placeholder service whose fields work, so that using it (its url, a grant) does not fail before the
 * real problems are shown.
 */
function materialize(scope: ExpressService, name: string, synthesized: Synthesized): Materialized {
  if (synthesized.ok && synthesized.fragment !== undefined) return new Materialized(scope, synthesized.fragment);
  const message = propsError(scope.node.path, synthesized.problems).message;
  scope.node.addValidation({ validate: () => [message] });
  return new Materialized(scope, synthService({ services: { [name]: { image: STAND_IN_IMAGE, roles: { task: 'create' } } } }, name));
}

/** The core's warnings about the service, as annotations in the props' words. */
function sayWarnings(scope: ExpressService, name: string, props: ExpressServiceProps, m: Materialized, warnings: Diagnostic[]): void {
  // A key of this app gets the statement CloudWatch Logs needs (the core's): the core's warning that the key
  // policy must allow it is then moot. An imported key's policy cannot be changed here.
  const keyStatement = m.attributeValue('logsKeyStatement');
  const keyReady =
    props.logEncryptionKey !== undefined &&
    keyStatement !== undefined &&
    props.logEncryptionKey.addToResourcePolicy(iam.PolicyStatement.fromJson(keyStatement)).statementAdded;
  for (const w of helpersFindings(scope, m.attributeValue('helpersLogsKeyStatement'), warnings)) {
    if (keyReady && w.code === 'log-key-policy') continue;
    Annotations.of(scope).addWarningV2(`cdk-express-service:${w.code}`, `${propPath(w.path, name)}: ${w.message}${constructHint(w.code)}`);
  }
}

/** The roles of the service, as the core made them (see CoreMadeRole). */
function madeRoles(scope: Construct, m: Materialized): { task: iam.IRole; execution: iam.IRole; infrastructure: iam.IRole } {
  return {
    task: importRole(scope, m, 'taskRoleArn'),
    execution: importRole(scope, m, 'executionRoleArn'),
    infrastructure: importRole(scope, m, 'infrastructureRoleArn'),
  };
}

/** The roles given in the props, else the core's; a task definition of the user's brings its roles (its execution role made by CDK if it had none). */
function givenOrMadeRoles(scope: Construct, props: ExpressServiceProps, m: Materialized): { task: iam.IRole; execution: iam.IRole; infrastructure: iam.IRole } {
  const td = props.taskDefinition;
  return {
    task: props.taskRole ?? td?.taskRole ?? importRole(scope, m, 'taskRoleArn'),
    execution: props.executionRole ?? td?.obtainExecutionRole() ?? importRole(scope, m, 'executionRoleArn'),
    infrastructure: props.infrastructureRole ?? importRole(scope, m, 'infrastructureRoleArn'),
  };
}

/**
 * What ties the service to the rest of the app: the network it waits for, the stack-wide checks, grants on
 * what it reads (secrets, images, logs) before it starts, and the checks that wait for the app to be complete.
 */
function wire(scope: ExpressService, name: string, props: ExpressServiceProps, spec: ServiceSpec, m: Materialized, service: CfnResource): void {
  // A service in public subnets of a VPC of this app waits for the VPC's routes to the internet, as CDK's
  // internet-facing load balancers do: ECS may otherwise make the load balancer before they exist.
  if ((spec.service.network as { public?: boolean } | undefined)?.public === true) {
    for (const ready of spec.internetConnectivity) service.node.addDependency(ready);
  }

  // The stack-wide checks see the task role and the security group only once made (a grant or a rule may
  // come after this).
  const taskRoleId = props.taskRole === undefined ? m.attributeResourceId('taskRoleArn') : undefined;
  const groupId = m.attributeResourceId('securityGroupId');
  const withoutUnmade = () => {
    let own = spec.service;
    if (taskRoleId !== undefined && !m.made(taskRoleId)) {
      const roles = { ...(own.roles as { [key: string]: unknown }) };
      delete roles.task;
      own = { ...own, roles };
    }
    if (groupId !== undefined && !m.made(groupId)) {
      const network = { ...(own.network as { [key: string]: unknown }) };
      delete network.createSecurityGroup;
      own = { ...own, network };
    }
    return own;
  };
  registerService({
    construct: scope,
    name,
    spec: withoutUnmade,
    webAcls: spec.webAcls,
    url: props.output === false ? undefined : { value: scope.url, ownOutputs: () => m.outputs(scope) },
  });

  // Secrets: the core grants literal ARNs on its own role only; CDK grants every secret, which also covers
  // tokens, given roles and the secrets' KMS keys (the core cannot see those). Before the service starts.
  const sidecarSecrets = (props.sidecars ?? []).flatMap((c) => Object.values(c.secrets ?? {}));
  for (const secret of [...Object.values(props.secrets ?? {}), ...sidecarSecrets]) {
    secret.grantRead(scope.executionRole).applyBefore(service);
  }
  if (spec.image?.credentials !== undefined) {
    spec.image.credentials.grantRead(scope.executionRole).applyBefore(service);
  }
  if (props.executionRole !== undefined) {
    // The core's execution role may pull from any ECR repository of the account and write to any log group
    // (its AWS managed policy); a given role gets pull access to the images' repositories, and write access
    // to the log group the service logs to when it is known here (given, or the core's).
    for (const image of [spec.image, ...spec.sidecarImages]) image?.repository?.grantPull(scope.executionRole).applyBefore(service);
    const logGroup = props.logGroup ?? createdLogGroup(scope, m, props.logRetention !== undefined);
    logGroup?.grantWrite(props.executionRole).applyBefore(service);
  }

  dependOnGrants(service, [scope.taskRole, scope.executionRole]);
  warnAboutAddedTags(scope, service, props.tags ?? {});
}

/** The port the load balancer sends to, as the core says it (a number, or a token's string). */
function containerPort(m: Materialized): number {
  const port = m.attributeValue('containerPort');
  if (typeof port === 'number') return port;
  if (typeof port === 'string') return Token.asNumber(port);
  throw coreBug(`the fragment's containerPort is ${JSON.stringify(port)}`);
}

/** Why `connections` has no group to offer, and what to give instead. */
function noGroupAdvice(props: ExpressServiceProps, vpcKnown: boolean): string {
  const own = "securityGroups: [new ec2.SecurityGroup(this, 'ServiceSg', { vpc })] with a rule letting the load balancer reach the container port";
  if (props.taskDefinition !== undefined) {
    return `A taskDefinition of your own decides the port the tasks' group must let in, so no group is made for it; give ${own}.`;
  }
  if (!vpcKnown) {
    return "Without a vpc the service runs in the account's default VPC, where Express Mode makes the tasks' security group at deploy time, a group connections cannot add rules to; give a vpc (the default VPC too: ec2.Vpc.fromLookup(this, 'Default', { isDefault: true })), or let the other side in from Express's group: database.connections.allowDefaultPortFrom(service.serviceSecurityGroup(0)).";
  }
  return `The vpc was imported without its IPv4 range, which the group made for the tasks lets in; give vpcCidrBlock to ec2.Vpc.fromVpcAttributes, or ${own}.`;
}

/**
 * The image of the placeholder service a construct with problems in its props stands in with until synthesis
 * reports them (never deployed: synthesis fails first).
 */
const STAND_IN_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

function asString(value: unknown): string {
  return typeof value === 'string' ? value : Token.asString(value);
}


/**
 * Whatever is granted to the roles, now or later in the app, is in place before the service starts tasks: the
 * service depends on every resource under each role (its policies), once the app is complete. Not on the role
 * resource itself, which the service already references (an extra DependsOn draws cfn-lint W3005).
 */
function dependOnGrants(service: CfnResource, roles: iam.IRole[]): void {
  let done = false;
  Aspects.of(service).add({
    visit(node: IConstruct) {
      if (node !== service || done) return;
      done = true;
      for (const role of roles) {
        for (const c of role.node.findAll()) {
          if (CfnResource.isCfnResource(c) && c !== role.node.defaultChild) service.node.addDependency(c);
        }
      }
    },
  });
}

/** The log group the core created or was given for the service, if any (its `logGroupName` attribute). */
function createdLogGroup(scope: Construct, m: Materialized, expected: boolean): logs.ILogGroup | undefined {
  const name = m.attribute('logGroupName');
  if (name === undefined) {
    if (expected) throw coreBug('the fragment has no logGroupName with logRetention');
    return undefined;
  }
  return logs.LogGroup.fromLogGroupName(scope, 'LogGroupGrants', name);
}

/** A string attribute the core always gives. */
function required(m: Materialized, name: string): string {
  const value = m.attribute(name);
  if (value === undefined) throw coreBug(`the fragment has no ${name} attribute`);
  return value;
}

/** The spec's name of a service: its construct ID reduced to the letters and digits logical IDs allow. */
function specName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9]/g, '').replace(/^[0-9]+/, '').slice(0, 64);
  return name === '' ? 'Service' : name;
}

/**
 * A role the core created, as an IRole that grants and managed policies go to (see CoreMadeRole); one the core
 * marked optional is made on first use.
 */
function importRole(scope: Construct, m: Materialized, attribute: string): iam.IRole {
  const id = m.attributeResourceId(attribute);
  if (id === undefined) throw coreBug(`the fragment has no ${attribute} of a role it made`);
  const resource = m.attributeResource(attribute);
  return resource !== undefined ? CoreMadeRole.of(resource) : CoreMadeRole.lazy(scope, id, () => m.materialize(id));
}

/**
 * Tags from outside the `tags` prop reach the service: `Tags.of(...)` above it (its resource is taggable), and
 * the stack's tags through CloudFormation. As the service takes tags at creation only, changing one later
 * replaces it. Checked once the tags are all known, after the tagging aspects ran.
 */
function warnAboutAddedTags(service: ExpressService, resource: CfnResource, own: { [key: string]: string }): void {
  let checked = false;
  Aspects.of(service).add(
    {
      // At the resource itself: every tagging aspect above it has visited it by then (they run first).
      visit(node: IConstruct) {
        if (node !== resource || checked) return;
        checked = true;
        const added: { [key: string]: string } = { ...Stack.of(service).tags.tagValues() };
        const manager = TagManager.isTaggableV2(resource)
          ? resource.cdkTagManager
          : TagManager.isTaggable(resource)
            ? resource.tags
            : undefined;
        for (const [k, v] of Object.entries(manager?.tagValues() ?? {})) {
          if (own[k] !== v) added[k] = v;
        }
        if (Object.keys(added).length === 0) return;
        // The core's own rules and wording, for exactly these tags.
        const result = checkTags(added);
        const listed = Object.entries(added)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        for (const d of [...result.errors, ...result.warnings]) {
          Annotations.of(service).addWarningV2(
            `cdk-express-service:added-${d.code}`,
            `tags from Tags.of(...) or the stack's tags (${listed}) apply to this Express service: ${d.message}`,
          );
        }
      },
    },
    { priority: AspectPriority.READONLY },
  );
}
