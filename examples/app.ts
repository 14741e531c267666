// The example app: `../node_modules/.bin/cdk synth` in this folder (after `npm run build`), or `npm run demo`.
import { App } from 'aws-cdk-lib';
import { ExpressDemoStack } from './stack';

const app = new App();
new ExpressDemoStack(app, 'ExpressDemo');
app.synth();
