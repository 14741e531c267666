import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecr_assets from 'aws-cdk-lib/aws-ecr-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { rememberOptions } from './private/options';

/** Options for an image from a public or private registry. */
export interface ExpressRegistryImageOptions {
  /**
   * A Secrets Manager secret with the registry's credentials (`username` and `password`); the execution role
   * gets read access to it.
   *
   * @default - no credentials (a public image, or a registry the execution role can already pull from)
   */
  readonly credentials?: secretsmanager.ISecret;
}

/** What an image resolves to when a service uses it. */
export interface ExpressImageConfig {
  /** The image reference the service runs, e.g. `nginx:1.27` or an ECR URI. */
  readonly imageName: string;

  /**
   * An ECR repository the execution role must be able to pull from.
   *
   * @default - none
   */
  readonly repository?: ecr.IRepository;

  /**
   * A secret with private registry credentials, readable by the execution role.
   *
   * @default - none
   */
  readonly credentials?: secretsmanager.ISecret;
}

/** The container image of an Express service. */
export abstract class ExpressImage {
  /**
   * An image from Docker Hub or another registry, e.g. `nginx:1.27` or `ghcr.io/org/app:2.0`.
   */
  public static fromRegistry(name: string, options: ExpressRegistryImageOptions = {}): ExpressImage {
    // Options that are no object (from JS) are said by the construct given this image, with its props.
    const image = new RegistryImage(name, options !== null && typeof options === 'object' ? options : {});
    rememberOptions(image, 'ExpressRegistryImageOptions', options);
    return image;
  }

  /**
   * An image from an ECR repository; the execution role gets pull access to it.
   *
   * @param tag the tag or digest (`sha256:...`) to run. Default: `latest`
   */
  public static fromEcrRepository(repository: ecr.IRepository, tag?: string): ExpressImage {
    return new EcrImage(repository, tag ?? 'latest');
  }

  /**
   * An image built from a local directory with a Dockerfile, published as a CDK asset at deploy time. Built for
   * `linux/amd64` unless `options.platform` says otherwise: Express Mode runs tasks on x86_64 Fargate (it has no
   * CPU architecture setting), so an image built on an ARM machine would not start.
   */
  public static fromAsset(directory: string, options: ecr_assets.DockerImageAssetOptions = {}): ExpressImage {
    return new AssetImage(directory, options);
  }

  /** Resolves the image for a service defined in `scope` (an asset is created there). */
  public abstract bind(scope: Construct): ExpressImageConfig;
}

class RegistryImage extends ExpressImage {
  constructor(
    private readonly name: string,
    private readonly options: ExpressRegistryImageOptions,
  ) {
    super();
  }

  public bind(_scope: Construct): ExpressImageConfig {
    return { imageName: this.name, credentials: this.options.credentials };
  }
}

class EcrImage extends ExpressImage {
  constructor(
    private readonly repository: ecr.IRepository,
    private readonly tag: string,
  ) {
    super();
  }

  public bind(_scope: Construct): ExpressImageConfig {
    return { imageName: this.repository.repositoryUriForTagOrDigest(this.tag), repository: this.repository };
  }
}

class AssetImage extends ExpressImage {
  constructor(
    private readonly directory: string,
    private readonly options: ecr_assets.DockerImageAssetOptions,
  ) {
    super();
  }

  public bind(scope: Construct): ExpressImageConfig {
    const asset = new ecr_assets.DockerImageAsset(scope, 'ImageAsset', {
      platform: ecr_assets.Platform.LINUX_AMD64,
      ...this.options,
      directory: this.directory,
    });
    return { imageName: asset.imageUri, repository: asset.repository };
  }
}
