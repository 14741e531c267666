import { rememberOptions } from './private/options';

/** Options for a web ACL the service creates. */
export interface ExpressWafManagedRulesOptions {
  /**
   * Requests per client IP in any 5 minutes before WAF blocks that IP (10 to 2,000,000,000).
   *
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * The AWS managed rule groups to apply, in order, e.g. `AWSManagedRulesCommonRuleSet`.
   *
   * @default - AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesAmazonIpReputationList
   */
  readonly ruleGroups?: string[];

  /**
   * Only requests from these IPv4 and IPv6 CIDR ranges reach the service (e.g. `['203.0.113.0/24',
   * '2001:db8::/32']`); WAF blocks all others, before the rate limit and the rule groups. Each range is a
   * network address with a prefix of 1–32 (IPv4) or 1–128 (IPv6), known at synthesis.
   *
   * @default - everyone may reach the service
   */
  readonly allowOnlyFrom?: string[];
}

/** What a WAF setting resolves to. */
export interface ExpressWafConfig {
  /**
   * An existing web ACL to associate.
   *
   * @default - a web ACL is created
   */
  readonly webAclArn?: string;

  /**
   * Rate limit of a created web ACL.
   *
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * Managed rule groups of a created web ACL.
   *
   * @default - the default rule groups
   */
  readonly ruleGroups?: string[];

  /**
   * The ranges a created web ACL lets in.
   *
   * @default - everyone
   */
  readonly allowOnlyFrom?: string[];
}

/**
 * AWS WAF protection of an Express service. Express Mode puts the services of one network behind shared load
 * balancers, which hold one web ACL each: the stack makes one web ACL per network, holding the rules of every
 * value its services were given, each scoped to the hosts of the services given it.
 */
export abstract class ExpressWaf {
  /**
   * Rules for the services given this value: an allow-list if any, a per-IP rate limit, then AWS managed rule
   * groups, in the REGIONAL web ACL the stack makes for their network (one value, one web ACL, where it is alone
   * in its network), each rule applying to these services' hosts only.
   */
  public static managedRules(options: ExpressWafManagedRulesOptions = {}): ExpressWaf {
    // Options that are no object (from JS) are said by the construct given this value, with its props.
    const known = options !== null && typeof options === 'object' ? options : {};
    const waf = new ConfiguredWaf({ rateLimit: known.rateLimit, ruleGroups: known.ruleGroups, allowOnlyFrom: known.allowOnlyFrom });
    rememberOptions(waf, 'ExpressWafManagedRulesOptions', options);
    return waf;
  }

  /**
   * Associates an existing REGIONAL web ACL. It cannot hold other services' rules: the services of its
   * network must all be given it.
   */
  public static fromWebAclArn(webAclArn: string): ExpressWaf {
    return new ConfiguredWaf({ webAclArn });
  }

  /** The setting as plain values. */
  public abstract bind(): ExpressWafConfig;
}

class ConfiguredWaf extends ExpressWaf {
  constructor(private readonly config: ExpressWafConfig) {
    super();
  }

  public bind(): ExpressWafConfig {
    return this.config;
  }
}
