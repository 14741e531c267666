// The example specs, taken from the core's golden test cases so they never drift from what is tested.
import nginx from '../../tests/cases/minimal-nginx/spec.json';
import ownCluster from '../../tests/cases/own-cluster/spec.json';
import secrets from '../../tests/cases/secrets/spec.json';
import wafCreated from '../../tests/cases/waf-created/spec.json';
import wafAttached from '../../tests/cases/waf-attached/spec.json';
import threeServices from '../../tests/cases/three-services/spec.json';
import sharedWebAcls from '../../tests/cases/shared-web-acls/spec.json';
import sidecar from '../../tests/cases/sidecar/spec.json';
import customDomain from '../../tests/cases/custom-domain/spec.json';
import ownSecurityGroup from '../../tests/cases/own-security-group/spec.json';
import everything from '../../tests/cases/everything/spec.json';

/** @type {Array<{ id: string, label: string, spec: object }>} */
export const presets = [
  { id: 'nginx', label: 'nginx — the smallest service', spec: nginx },
  { id: 'own-cluster', label: 'Own cluster + scaling', spec: ownCluster },
  { id: 'secrets', label: 'Secrets and environment', spec: secrets },
  { id: 'waf', label: 'WAF: a web ACL with a rate limit', spec: wafCreated },
  { id: 'waf-existing', label: 'WAF: an existing web ACL', spec: wafAttached },
  { id: 'several', label: 'Several services, one ALB', spec: threeServices },
  { id: 'shared-acls', label: 'Two networks, a web ACL for each', spec: sharedWebAcls },
  { id: 'sidecar', label: 'A sidecar: OpenTelemetry collector', spec: sidecar },
  { id: 'domain', label: 'Custom domains: example.com, api.example.org', spec: customDomain },
  { id: 'security-group', label: 'Private subnets, a security group of its own', spec: ownSecurityGroup },
  { id: 'everything', label: 'Every option', spec: everything },
];
