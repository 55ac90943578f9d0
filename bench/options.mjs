// The command-line options the bench's tools share.

/** The comma-separated values of option `name` (`--rows text:16,cjk:1024`), removed from `args`; null without it. */
export function takeListOption(args, name) {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const values = (args.splice(at, 2)[1] ?? '').split(',').filter(Boolean);
  if (!values.length) throw new Error(`${name} needs a comma-separated list`);
  return values;
}

/**
 * The `--base` option of the tools (`--base build/a,build/b`: builds under the repository to
 * measure beside dist/, as `base`, `base2`, ...), removed from `args`, as openBenchPage takes
 * it (`/build/a,/build/b`); null without it.
 */
export function takeBaseOption(args) {
  return takeListOption(args, '--base')?.map((directory) => `/${directory.replace(/^\/|\/$/g, '')}`).join(',') ?? null;
}
