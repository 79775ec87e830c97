import pkg from '../package.json' with { type: 'json' };

/** The package version, printed by `--version` and in generated file headers. */
export const VERSION: string = pkg.version;
