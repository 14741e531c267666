/** The metric that auto scaling keeps at its target value. */
export enum ScalingMetric {
  /** Average CPU utilization of the tasks, in percent. */
  CPU = 'cpu',
  /** Average memory utilization of the tasks, in percent. */
  MEMORY = 'memory',
  /** Requests per task per minute, counted at the load balancer. */
  REQUESTS = 'requests',
}

/** How many tasks run, and what makes their number change. */
export interface ExpressScaling {
  /**
   * The fewest tasks that run.
   *
   * @default 1
   */
  readonly minTasks?: number;

  /**
   * The most tasks that run.
   *
   * @default - minTasks (no scaling)
   */
  readonly maxTasks?: number;

  /**
   * The metric auto scaling tracks.
   *
   * @default ScalingMetric.CPU
   */
  readonly metric?: ScalingMetric;

  /**
   * The value of `metric` to keep (percent for CPU and memory, 1 to 100).
   *
   * @default 60
   */
  readonly targetValue?: number;
}
