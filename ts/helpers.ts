import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { configureHelpers } from './private/helpers';

/** How the library's own functions run: the one that keeps web ACL associations right, and the one that adds custom host names. */
export interface ExpressHelpersProps {
  /**
   * Their Lambda runtime, a Node.js one that Lambda takes for a new function (Node.js 22 or newer).
   *
   * @default - the newest Node.js runtime that both Lambda and this app's aws-cdk-lib know
   */
  readonly runtime?: lambda.Runtime;

  /**
   * A KMS key that encrypts their log groups (AWS Control Tower's CT.CLOUDWATCH.PR.3). A key of this app gets the
   * key policy statement CloudWatch Logs needs; an imported key's policy must allow it already.
   *
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * The VPC to run them in (AWS Control Tower's CT.LAMBDA.PR.3). They call WAF and Elastic Load Balancing and
   * answer CloudFormation at an S3 URL, so their subnets need a NAT gateway, or interface endpoints for
   * `wafv2` and `elasticloadbalancing` and a gateway endpoint for S3.
   *
   * @default - outside any VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` they run in.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Their security groups, with `vpc`.
   *
   * @default - one made for them, letting only HTTPS (TCP 443) out
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * The library's own functions, shared by the Express services of a stack: the defaults need no setting;
 * governed accounts put them in a VPC and encrypt their logs with their own key.
 */
export class ExpressHelpers {
  /**
   * Sets how the library's functions run in the stack of `scope`. Call it once per stack, before the stack's
   * first ExpressService.
   */
  public static configure(scope: Construct, props: ExpressHelpersProps): void {
    configureHelpers(scope, props);
  }

  private constructor() {}
}
