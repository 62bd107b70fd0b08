/** See module-bundle.mjs: bundles `entry` into `output` (under node_modules) and returns its file URL. */
export function bundleModule(entry: string, output: string): Promise<URL>;
