import { Construct } from 'constructs';
import { configureHelpers } from './private/helpers';
import { ExpressHelpersProps } from './props';

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
