// Plain JavaScript (scripts/run.mjs imports it before any TypeScript can load): bundles a TypeScript
// entry and Docent's own modules it imports into one ES module, packages left as imports.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

// Bundled, every module would share the bundle's location; each keeps its own, so that paths built from
// import.meta (worker scripts, data files, createRequire) name the same files as when run from source.
const ownLocation = {
  name: 'own-location',
  setup(builder) {
    builder.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
      const contents = (await fs.promises.readFile(args.path, 'utf8'))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * Bundles `entry` into `output` (which must lie under the project's node_modules, so that the bundle's
 * imports resolve to the installed packages) and returns its file URL. The file is rewritten only when
 * its content changed, atomically, as two processes may start at once; a current installation needs
 * no write access. Throws esbuild's error, or the file system's.
 */
export async function bundleModule(entry, output) {
  let code;
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      // Errors are told apart by class name in places (ExtractionError across a worker; DocentError's subclasses).
      keepNames: true,
      plugins: [ownLocation],
      write: false,
      logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
  } finally {
    // esbuild keeps a service process for further builds; there are none.
    await stop();
  }
  const current = fs.existsSync(output) ? await fs.promises.readFile(output, 'utf8') : null;
  if (current !== code) {
    await fs.promises.mkdir(path.dirname(output), { recursive: true });
    const temporary = `${output}.${process.pid}.${Date.now()}.tmp`;
    await fs.promises.writeFile(temporary, code);
    await fs.promises.rename(temporary, output);
  }
  return pathToFileURL(output);
}
