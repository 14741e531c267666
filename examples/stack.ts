// The seed's CDK app, rebuilt on ExpressService: two Express Mode services in one stack (app.ts runs it).
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ExpressImage, ExpressService, ExpressWaf, ScalingMetric } from '../lib';

export class ExpressDemoStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The smallest service: nginx at a public HTTPS URL, in the account's default VPC and cluster.
    new ExpressService(this, 'Web', {
      image: ExpressImage.fromRegistry('nginx:1.27'),
    });

    // A service in its own cluster, sized, scaled and behind AWS WAF. A VPC of public subnets only (no NAT
    // gateway to pay for); the service runs in the cluster's VPC.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    new ExpressService(this, 'Api', {
      image: ExpressImage.fromRegistry('nginx:1.27'),
      cluster,
      healthCheckPath: '/',
      cpu: 512,
      memory: 1024,
      scaling: { minTasks: 1, maxTasks: 3, metric: ScalingMetric.CPU, targetValue: 60 },
      waf: ExpressWaf.managedRules({ rateLimit: 1000 }),
    });
  }
}
