// Plain JavaScript (scripts/run.mjs imports it before any TypeScript can load): bundles a TypeScript
// entry and Docent's own modules it imports, packages left as imports.
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
      const values = {
        'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
        'import.meta.filename': JSON.stringify(args.path),
        'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
      };
      let contents = await fs.promises.readFile(args.path, 'utf8');
      // A function, so that "$" in a folder's name is not read as a replacement pattern.
      for (const [expression, value] of Object.entries(values)) contents = contents.replaceAll(expression, () => value);
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * The folder that holds the bundle of `entry` (a path inside the project `root`): one per entry, named after its
 * path, under node_modules so that the bundle's imports resolve to the installed packages.
 */
export function bundleDirectory(root, entry) {
  const name = path
    .relative(root, path.resolve(root, entry))
    .replace(/\.[^.]+$/, '')
    .replace(/[^\w.-]+/g, '-');
  return path.join(root, 'node_modules', '.cache', 'docent', name);
}

/** Writes `code` to `file` unless it already holds it; atomically, as two processes may start at once. */
async function writeIfChanged(file, code) {
  const current = fs.existsSync(file) ? await fs.promises.readFile(file, 'utf8') : null;
  if (current === code) return;
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.promises.writeFile(temporary, code);
  try {
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    // Windows refuses to replace a file another process has open; that process wrote the same code.
    if (!(fs.existsSync(file) && (await fs.promises.readFile(file, 'utf8')) === code)) throw error;
  }
}

/**
 * Bundles `entry` into the folder `outdir` (which must lie under the project's node_modules, so that the
 * bundle's imports resolve to the installed packages) and returns the entry's file URL. What the sources
 * import on use (`await import(...)`: the parsers) stays a separate file loaded on use. Files are
 * rewritten only when their content changed, so a current installation needs no write access. Throws
 * esbuild's error, or the file system's.
 */
export async function bundleModule(entry, outdir) {
  let outputs;
  try {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      outdir,
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
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
    outputs = result.outputFiles;
  } finally {
    // esbuild keeps a service process for further builds; there are none.
    await stop();
  }
  // Chunks first: the entry refers to them by their hashed names.
  const main = path.join(outdir, `${path.basename(entry, path.extname(entry))}.mjs`);
  for (const file of outputs.filter((output) => output.path !== main)) await writeIfChanged(file.path, file.text);
  const entryOutput = outputs.find((output) => output.path === main);
  if (!entryOutput) throw new Error(`esbuild wrote no ${main}`);
  await writeIfChanged(main, entryOutput.text);
  return pathToFileURL(main);
}
