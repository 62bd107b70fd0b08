/** See module-bundle.mjs: bundles `entry` into the folder `outdir` (under node_modules) and returns the entry's file URL. */
export function bundleModule(entry: string, outdir: string): Promise<URL>;
