// Sidecars (the stack's task definition: Main and the sidecars) and a task definition of the user's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotations, Match, Template, construct, EXPRESS, newStack, only, require, root, throwsAtSynth } from './support.mjs';

const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const s3 = require('aws-cdk-lib/aws-s3');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const otel = {
  name: 'otel-collector',
  image: ExpressImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1'),
  essential: false,
  portMappings: [{ containerPort: 4317 }, { containerPort: 4318 }],
  cpu: 128,
  memory: 256,
};

test('a sidecar: the stack makes the task definition (Main first, one named port), the service runs it', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), cpu: 512, memory: 1024, sidecars: [otel] });
  const template = Template.fromStack(stack);
  const [tdId, td] = only(template, 'AWS::ECS::TaskDefinition');
  assert.deepEqual(td.Properties.RequiresCompatibilities, ['FARGATE']);
  assert.equal(td.Properties.NetworkMode, 'awsvpc');
  assert.deepEqual([td.Properties.Cpu, td.Properties.Memory], ['512', '1024']);
  const [main, sidecar] = td.Properties.ContainerDefinitions;
  assert.equal(main.Name, 'Main');
  assert.equal(main.Image, 'nginx:1.27');
  assert.deepEqual(main.PortMappings, [{ Name: 'http', ContainerPort: 80, Protocol: 'tcp' }]);
  assert.equal(sidecar.Name, 'otel-collector');
  assert.equal(sidecar.Essential, false);
  assert.deepEqual(sidecar.PortMappings, [{ ContainerPort: 4317, Protocol: 'tcp' }, { ContainerPort: 4318, Protocol: 'tcp' }]);
  // Both log to the service's log group, which the stack makes for them.
  const [groupId] = Object.entries(template.findResources('AWS::Logs::LogGroup'))[0];
  for (const c of [main, sidecar]) assert.deepEqual(c.LogConfiguration.Options['awslogs-group'], { Ref: groupId });
  const [, svc] = only(template, EXPRESS);
  assert.deepEqual(svc.Properties.TaskDefinitionArn, { Ref: tdId });
  for (const excluded of ['PrimaryContainer', 'ExecutionRoleArn', 'TaskRoleArn', 'Cpu', 'Memory']) {
    assert.equal(svc.Properties[excluded], undefined, excluded);
  }
  // The roles move onto the task definition; the task role once something is granted.
  assert.match(td.Properties.ExecutionRoleArn['Fn::GetAtt'][0], /^ExpressServiceSharedExecutionRole/);
  assert.equal(td.Properties.TaskRoleArn, undefined);
  const granted = newStack();
  const api = new ExpressService(granted.stack, 'Api', { image: ExpressImage.fromRegistry('nginx:1.27'), sidecars: [otel] });
  new s3.Bucket(granted.stack, 'B').grantRead(api);
  const [, withRole] = only(Template.fromStack(granted.stack), 'AWS::ECS::TaskDefinition');
  assert.deepEqual(withRole.Properties.TaskRoleArn, { 'Fn::GetAtt': [granted.stack.resolve(api.node.findChild('TaskRole').logicalId), 'Arn'] });
});

test('sidecars\' secrets get the same grants as the service\'s: on the execution role, before the service starts', () => {
  const { stack } = newStack();
  const token = new sm.Secret(stack, 'Token');
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    sidecars: [{ name: 'proxy', image: ExpressImage.fromRegistry('envoyproxy/envoy:v1.31.2'), secrets: { TOKEN: ecs.Secret.fromSecretsManager(token) } }],
  });
  const template = Template.fromStack(stack);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'));
  const text = JSON.stringify(policies);
  assert.ok(text.includes(stack.resolve(token.node.defaultChild.logicalId)), text);
  const [, td] = only(template, 'AWS::ECS::TaskDefinition');
  assert.deepEqual(td.Properties.ContainerDefinitions[1].Secrets, [{ Name: 'TOKEN', ValueFrom: { Ref: stack.resolve(token.node.defaultChild.logicalId) } }]);
});

test('rules between containers are props errors, named by prop path', () => {
  const { stack } = newStack();
  throwsAtSynth(
    () =>
      new ExpressService(stack, 'Web', {
        image: ExpressImage.fromRegistry('nginx:1.27'),
        sidecars: [
          { name: 'Main', image: ExpressImage.fromRegistry('busybox:1.36') },
          { name: 'a', image: ExpressImage.fromRegistry('busybox:1.36'), portMappings: [{ containerPort: 80 }], dependsOn: [{ container: 'nope' }] },
        ],
      }),
    (e) => {
      assert.match(e.message, /sidecars\[0\]\.name: "Main" is the name Express Mode gives the service's own container/);
      assert.match(e.message, /sidecars\[1\]\.portMappings\[0\]\.containerPort: 80 is already the port of container Main/);
      assert.match(e.message, /sidecars\[1\]\.dependsOn\[0\]\.container: "nope" is no container of the task/);
      return true;
    },
  );
});

test('a task definition of your own: its Main is served, its roles are the service\'s; what it says cannot be said twice', () => {
  const { stack } = newStack();
  const td = new ecs.FargateTaskDefinition(stack, 'Td', { cpu: 1024, memoryLimitMiB: 2048 });
  td.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ name: 'http', containerPort: 80 }] });
  const web = new ExpressService(stack, 'Web', { taskDefinition: td });
  const template = Template.fromStack(stack);
  const [, svc] = only(template, EXPRESS);
  assert.deepEqual(svc.Properties.TaskDefinitionArn, { Ref: stack.resolve(td.node.defaultChild.logicalId) });
  assert.equal(svc.Properties.PrimaryContainer, undefined);
  assert.equal(web.taskRole, td.taskRole);
  assert.equal(web.grantPrincipal, td.taskRole);
  // No shared execution role is made for it: the task definition has its own.
  assert.equal(stack.node.findChild('ExpressServiceShared').node.tryFindChild('ExecutionRole'), undefined);

  const other = newStack();
  const bad = new ecs.FargateTaskDefinition(other.stack, 'Td');
  bad.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ containerPort: 80 }] });
  throwsAtSynth(() => new ExpressService(other.stack, 'Web', { taskDefinition: bad }), /taskDefinition: has no container named Main \(it has app\)/);
  const unnamed = new ecs.FargateTaskDefinition(other.stack, 'Td2');
  unnamed.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ containerPort: 80 }] });
  throwsAtSynth(() => new ExpressService(other.stack, 'Web2', { taskDefinition: unnamed }), /container Main has 0 named TCP port mappings; Express Mode routes to exactly one/);
  throwsAtSynth(
    () => new ExpressService(other.stack, 'Web4', { taskDefinition: { taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/x:1' } }),
    /taskDefinition: must be an ecs\.FargateTaskDefinition of this app/,
  );
  throwsAtSynth(
    () => new ExpressService(other.stack, 'Web3', { taskDefinition: td, image: ExpressImage.fromRegistry('nginx:1.27'), cpu: 512 }),
    (e) => {
      assert.match(e.message, /image: cannot be combined with taskDefinition/);
      assert.match(e.message, /cpu: cannot be combined with taskDefinition/);
      return true;
    },
  );
});

test('logStreamPrefix reaches the containers\' log configuration', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), logStreamPrefix: 'shop', sidecars: [otel] });
  const [, td] = only(Template.fromStack(stack), 'AWS::ECS::TaskDefinition');
  assert.ok(td.Properties.ContainerDefinitions.every((c) => c.LogConfiguration.Options['awslogs-stream-prefix'] === 'shop'));
  const plain = newStack();
  new ExpressService(plain.stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), logStreamPrefix: 'shop' });
  const [, svc] = only(Template.fromStack(plain.stack), EXPRESS);
  assert.equal(svc.Properties.PrimaryContainer.AwsLogsConfiguration.LogStreamPrefix, 'shop');
});

test('an ECR image without a tag warns, as any unpinned image does', () => {
  const { stack } = newStack();
  const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'shop');
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromEcrRepository(repo) });
  const found = Annotations.fromStack(stack).findWarning(`/${web.node.path}`, Match.stringLikeRegexp('uses :latest'));
  assert.equal(found.length, 1);
  const pinned = new ExpressService(stack, 'Pinned', { image: ExpressImage.fromEcrRepository(repo, '1.4.2') });
  assert.deepEqual(Annotations.fromStack(stack).findWarning(`/${pinned.node.path}`, Match.stringLikeRegexp('pin')), []);
});

test('cfn-lint: no error and no warning on sidecars and a task definition of your own', (t) => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), cpu: 512, memory: 1024, sidecars: [otel] });
  const td = new ecs.FargateTaskDefinition(stack, 'Td');
  td.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ name: 'http', containerPort: 80 }] });
  new ExpressService(stack, 'Worker', { taskDefinition: td });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-sidecars-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
  const lint = spawnSync(path.join(root, '.venv/bin/cfn-lint'), [file], { encoding: 'utf8' });
  assert.equal(lint.status, 0, `cfn-lint exited ${lint.status}:\n${lint.stdout}${lint.stderr}`);
});

test('sidecars that are not what the types say (from JS) get the core\'s words, not a TypeError', () => {
  const { stack } = newStack();
  const nginx = ExpressImage.fromRegistry('nginx:1.27');
  throwsAtSynth(() => new ExpressService(stack, 'A', { image: nginx, sidecars: 'otel' }), /sidecars: expected a list of \{ name, image, … \}/);
  throwsAtSynth(() => new ExpressService(stack, 'B', { image: nginx, sidecars: [null] }), /sidecars\[0\]: expected an object/);
  throwsAtSynth(
    () => new ExpressService(stack, 'C', { image: nginx, sidecars: [{ name: 'a', image: nginx, portMappings: 4317, dependsOn: [7] }] }),
    (e) => {
      assert.match(e.message, /sidecars\[0\]\.portMappings: expected a list of \{ containerPort, protocol\? \}/);
      assert.match(e.message, /sidecars\[0\]\.dependsOn\[0\]: expected an object/);
      return true;
    },
  );
  throwsAtSynth(() => new ExpressService(stack, 'D', { image: nginx, waf: ExpressWaf.managedRules({ allowOnlyFrom: '10.0.0.0/8' }) }), /waf\.allowOnlyFrom: /);
});
