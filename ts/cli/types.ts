// The shapes of the core's results (docs/core-api.md), typed for node users. The core produces them; these
// interfaces only describe them, so any field added by the core passes through untouched.

/** One problem or warning about a spec: where, what kind, and what would be valid. */
export interface Diagnostic {
  /** Dotted property path inside the spec, e.g. `services.Web.scaling.maxTasks`; `""` for the whole spec. */
  readonly path: string;
  /** Stable kebab-case identifier of the rule, e.g. `fargate-pair`. */
  readonly code: string;
  /** What is wrong and what would be valid. */
  readonly message: string;
}

/** A diagnostic placed in the file it came from (when the CLI or `loadSpec` read one). */
export interface LocatedDiagnostic extends Diagnostic {
  /** The file, as given. */
  readonly file?: string;
  /** 1-based line of the offending value (or of its nearest existing parent when the value is missing). */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** The text of that line. */
  readonly source?: string;
}

/** `validate()`: every error and warning at once. */
export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: LocatedDiagnostic[];
  readonly warnings: LocatedDiagnostic[];
}

/** A CloudFormation template or a piece of one, as JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** `synth()`: the template as an object and as its canonical JSON text (2-space indent, trailing newline). */
export interface SynthResult {
  readonly template: JsonObject;
  readonly json: string;
  readonly warnings: LocatedDiagnostic[];
}

/** One service as a piece of a template (`synthService`). */
export interface Fragment {
  /** Local ID → CloudFormation resource, in a fixed order. */
  readonly resources: { [localId: string]: JsonObject };
  /** Local IDs of resources shared by every service of a stack. */
  readonly shared: string[];
  readonly outputs: { [id: string]: JsonObject };
  /** Expressions a caller exposes as properties (`url`, `serviceArn`, …). */
  readonly attributes: { [name: string]: Json };
  readonly warnings: Diagnostic[];
}

/** What ECS creates for one service (`explain`). */
export interface ExplanationItem {
  readonly kind:
    | 'cluster' | 'load-balancer' | 'certificate' | 'security-groups' | 'scaling' | 'alarms'
    | 'log-group' | 'dns' | 'health-check' | 'deployment' | 'waf' | 'roles';
  readonly title: string;
  readonly detail: string;
  /** `ecs`: created by Express Mode outside CloudFormation; `stack`: in the template. */
  readonly managedBy: 'ecs' | 'stack';
}

export interface ServiceExplanation {
  readonly name: string;
  readonly items: ExplanationItem[];
}

export interface LoadBalancerExplanation {
  readonly network: string;
  readonly services: string[];
  readonly count: number;
}

export interface StackResource {
  readonly logicalId: string;
  readonly type: string;
}

/** `explain()`: what ECS creates in the account for a spec, and why. */
export interface Explanation {
  readonly services: ServiceExplanation[];
  readonly loadBalancers: LoadBalancerExplanation[];
  readonly stack: StackResource[];
}

export type Change = 'added' | 'removed' | 'modified';

export interface PropertyChange {
  /** The property of the service, e.g. `Tags` or `ScalingTarget.MaxTaskCount`. */
  readonly path: string;
  readonly change: Change;
  /** True when this change replaces the service (a new URL). */
  readonly replaces: boolean;
  readonly reason?: string;
}

export interface ServiceChange {
  readonly logicalId: string;
  readonly change: Change;
  /** True when the service is replaced: it gets a NEW URL. */
  readonly replaces: boolean;
  readonly properties: PropertyChange[];
  readonly reason?: string;
}

/** `diff()`: the changes to Express services between two templates. */
export interface TemplateDiff {
  readonly services: ServiceChange[];
  /** How many services are replaced. */
  readonly replacements: number;
  /** How many services are removed (or had their logical ID renamed): their URLs stop working. */
  readonly removals: number;
}
