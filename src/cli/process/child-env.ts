/**
 * The environment a child gets: the inherited variables, overlaid with the secrets. Names that
 * would change which program runs or what it loads (the product CLI's list) are withheld unless
 * allowed, so a secret named `PATH` or `NODE_OPTIONS` cannot hijack the child.
 */
const RESERVED_EXACT = new Set(['PATH', 'PATHEXT', 'NODE_OPTIONS', 'NODE_PATH']);
const RESERVED_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_'];

/**
 * The reserved names and patterns (`PATH`, `PATHEXT`, `NODE_OPTIONS`, `NODE_PATH`, `LD_*`,
 * `DYLD_*`, `BASH_FUNC_*`): never injected into a child unless `allowReservedEnv`.
 * @example `console.log(RESERVED_ENV_NAMES.join(', '));`
 */
export const RESERVED_ENV_NAMES: readonly string[] = [...RESERVED_EXACT, ...RESERVED_PREFIXES.map((p) => `${p}*`)];

/**
 * Whether a variable name is reserved (matched case-insensitively, as Windows treats names).
 * @example `isReservedEnvName('ld_preload'); // true`
 */
export function isReservedEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_EXACT.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** What {@link buildChildEnv} needs. */
export interface ChildEnvInput {
  /** The variables the child inherits (usually `process.env`). */
  inherited: Record<string, string | undefined>;
  /** The values to inject (secrets or credentials). */
  injected: Readonly<Record<string, string>>;
  /** Keep an inherited value when a secret has the same name. @default false (secrets win) */
  preserveEnv?: boolean;
  /** Inject reserved names too. @default false */
  allowReservedEnv?: boolean;
}

/** The child's environment, and the names left out (for a warning: names only, never values). */
export interface ChildEnv {
  env: Record<string, string>;
  /** Reserved names that were not injected. */
  withheld: string[];
  /** Injected names an inherited variable kept (`preserveEnv`). */
  preserved: string[];
}

/** Builds a child's environment (see the module comment for the rules). */
export function buildChildEnv(input: ChildEnvInput): ChildEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.inherited)) if (value !== undefined) env[name] = value;
  const withheld: string[] = [];
  const preserved: string[] = [];
  for (const [name, value] of Object.entries(input.injected)) {
    if (!input.allowReservedEnv && isReservedEnvName(name)) {
      withheld.push(name);
      continue;
    }
    if (input.preserveEnv && env[name] !== undefined) {
      preserved.push(name);
      continue;
    }
    env[name] = value;
  }
  return { env, withheld: withheld.sort(), preserved: preserved.sort() };
}

/** Whether two environments hold the same names and values. */
export function sameEnv(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}
