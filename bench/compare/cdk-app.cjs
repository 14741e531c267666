// A CDK app of N services in one stack, one of three ways, synthesized into an output folder: what `cdk synth`
// runs (`node app.js`). bench/compare/cdk.mjs times it as a whole process; it prints, on stdout, one JSON
// line of what only it can see: the time to load the modules, to construct and synthesize, and its peak RSS;
// also the CPU time of each phase (`cpuMs`: load, construct, synth; the process's CPU, all its threads), which
// a busy machine disturbs less than wall time (bench/results/profile-construct.md).
//   node bench/compare/cdk-app.cjs express|seed|alb N OUTDIR
//   express  ExpressService, default props (the construct of this package)
//   seed     the seed's way: aws_ecs.CfnExpressGatewayService with two hand-made iam.Roles and a CfnOutput of
//            the URL per service
//   alb      aws-ecs-patterns ApplicationLoadBalancedFargateService per service, on one shared VPC and cluster
const t0 = performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const path = require('node:path');
const cdk = require('aws-cdk-lib');
const [contender, count, outdir] = process.argv.slice(2);
const n = Number(count);
if (!['express', 'seed', 'alb'].includes(contender) || !(n >= 1) || !outdir) {
  console.error('usage: node bench/compare/cdk-app.cjs express|seed|alb N OUTDIR');
  process.exit(2);
}

const image = 'nginx:1.27';
const make = {
  express() {
    const { ExpressService, ExpressImage } = require(path.join(__dirname, '..', '..', 'lib'));
    const img = ExpressImage.fromRegistry(image);
    return (stack) => {
      for (let i = 0; i < n; i++) new ExpressService(stack, `Svc${i}`, { image: img });
    };
  },
  seed() {
    const ecs = require('aws-cdk-lib/aws-ecs');
    const iam = require('aws-cdk-lib/aws-iam');
    return (stack) => {
      for (let i = 0; i < n; i++) {
        const infrastructureRole = new iam.Role(stack, `Svc${i}InfrastructureRole`, {
          assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSInfrastructureRoleforExpressGatewayServices')],
        });
        const executionRole = new iam.Role(stack, `Svc${i}ExecutionRole`, {
          assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
        });
        const service = new ecs.CfnExpressGatewayService(stack, `Svc${i}`, {
          infrastructureRoleArn: infrastructureRole.roleArn,
          executionRoleArn: executionRole.roleArn,
          primaryContainer: { image },
        });
        new cdk.CfnOutput(stack, `Svc${i}Url`, { value: cdk.Fn.join('', ['https://', service.attrEndpoint]) });
      }
    };
  },
  alb() {
    const ec2 = require('aws-cdk-lib/aws-ec2');
    const ecs = require('aws-cdk-lib/aws-ecs');
    const patterns = require('aws-cdk-lib/aws-ecs-patterns');
    return (stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      const img = ecs.ContainerImage.fromRegistry(image);
      for (let i = 0; i < n; i++) {
        new patterns.ApplicationLoadBalancedFargateService(stack, `Svc${i}`, { cluster, taskImageOptions: { image: img } });
      }
    };
  },
}[contender]();
const t1 = performance.now();
const c1 = cpu();

const app = new cdk.App({ outdir });
make(new cdk.Stack(app, 'Bench'));
const c2 = cpu();
app.synth();
const t2 = performance.now();
const c3 = cpu();
const cpuMs = { load: c1 - c0, construct: c2 - c1, synth: c3 - c2 };
process.stdout.write(
  JSON.stringify({ loadMs: t1 - t0, synthMs: t2 - t1, cpuMs, peakRssKb: process.resourceUsage().maxRSS, template: path.join(outdir, 'Bench.template.json') }) + '\n',
);
