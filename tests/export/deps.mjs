// The checkers' npm packages live in tests/browser/node_modules.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../browser/package.json', import.meta.url));
export const load = async (name) => {
  const m = await import(pathToFileURL(require.resolve(name)).href);
  return m.default ?? m;
};
