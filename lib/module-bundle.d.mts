/** See module-bundle.mjs: bundles `entry` into the folder `outdir` (under node_modules) and returns the entry's file URL. */
export function bundleModule(entry: string, outdir: string): Promise<URL>;
/** See module-bundle.mjs: the folder under node_modules/.cache/docent that holds the bundle of `entry`. */
export function bundleDirectory(root: string, entry: string): string;
