// The options objects given to the factories a construct's props take (`ExpressWaf.managedRules(options)`,
// `ExpressImage.fromRegistry(name, options)`), remembered by what each made: a construct given that value checks
// the options' keys with its props (props-shape.ts), so that a key the options do not know (`rate_limit`) is
// an error naming the prop, not a setting silently dropped. No imports: the factories' modules load nothing.

const given = new WeakMap<object, { readonly kind: string; readonly options: unknown }>();

/** Remembers the `options` (of type `kind`) that made `made`. */
export function rememberOptions(made: object, kind: string, options: unknown): void {
  given.set(made, { kind, options });
}

/** The options that made `made`, if a factory remembered them. */
export function recalledOptions(made: unknown): { readonly kind: string; readonly options: unknown } | undefined {
  return typeof made === 'object' && made !== null ? given.get(made) : undefined;
}
