// Generated inputs shared by the benchmarks: the same bytes on every run (no randomness).

/** A spec of `count` services (image nginx:1.27, no output each, since a template holds at most 200
 * outputs), each with a little environment. */
export function manyServicesSpec(count = 450) {
  return {
    services: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `Svc${i}`,
        {
          image: 'nginx:1.27',
          output: false,
          cpu: 512,
          environment: { SERVICE_INDEX: `${i}`, LOG_LEVEL: i % 2 ? 'info' : 'debug', REGION: 'eu-west-1' },
        },
      ]),
    ),
  };
}

function service(i, { cpu = '512', tag = 'blue', image = 'nginx:1.27' } = {}) {
  return {
    Type: 'AWS::ECS::ExpressGatewayService',
    DependsOn: [`Svc${i}ExecutionPolicy`],
    Properties: {
      ServiceName: `svc-${i}`,
      Cluster: 'production',
      InfrastructureRoleArn: { 'Fn::GetAtt': ['InfrastructureRole', 'Arn'] },
      ExecutionRoleArn: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      Cpu: cpu,
      Memory: '1024',
      HealthCheckPath: '/healthz',
      PrimaryContainer: {
        Image: image,
        ContainerPort: 8080,
        Environment: [
          { Name: 'SERVICE_INDEX', Value: `${i}` },
          { Name: 'LOG_LEVEL', Value: 'info' },
        ],
        AwsLogsConfiguration: { LogGroup: { Ref: `Svc${i}LogGroup` }, LogStreamPrefix: `svc-${i}` },
      },
      NetworkConfiguration: { Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'] },
      ScalingTarget: { MinTaskCount: 1, MaxTaskCount: 10, AutoScalingMetric: 'AVERAGE_CPU', AutoScalingTargetValue: 60 },
      Tags: [{ Key: 'team', Value: tag }],
    },
  };
}

/**
 * Two CloudFormation templates of `resources` resources each: half Express services with their properties, half
 * log groups, plus two roles. Between them, every 10th service changes its Cpu (in place), every 50th its Tags
 * (a replacement), every 100th its image, every 200th is removed and as many new ones are added; a log group
 * in 20 changes its retention (not a service: not in the diff).
 */
export function bigTemplates(resources = 30000) {
  const services = Math.floor((resources - 2) / 2);
  const make = (changed) => {
    const r = {
      InfrastructureRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'infrastructure', Path: '/' } },
      ExecutionRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'execution', Path: '/' } },
    };
    for (let i = 0; i < services; i++) {
      if (changed && i % 200 === 7) {
        r[`Added${i}Service`] = service(i + 1000000);
        continue;
      }
      r[`Svc${i}Service`] = changed
        ? service(i, {
            cpu: i % 10 === 3 ? '1024' : '512',
            tag: i % 50 === 5 ? 'green' : 'blue',
            image: i % 100 === 9 ? 'nginx:1.28' : 'nginx:1.27',
          })
        : service(i);
    }
    for (let i = 0; i < resources - 2 - services; i++) {
      r[`Svc${i}LogGroup`] = {
        Type: 'AWS::Logs::LogGroup',
        DeletionPolicy: 'Retain',
        Properties: { LogGroupName: `/ecs/svc-${i}`, RetentionInDays: changed && i % 20 === 0 ? 90 : 30 },
      };
    }
    return { AWSTemplateFormatVersion: '2010-09-09', Description: `${resources} resources`, Resources: r };
  };
  return [make(false), make(true)];
}
