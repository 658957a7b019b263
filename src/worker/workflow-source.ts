import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/tool-paths';

/** Where `npm run build` writes the prebuilt workflow bundle. */
export const WORKFLOW_BUNDLE_PATH = join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/**
 * Production runs the prebuilt bundle (no webpack at start-up, and exactly the code that was
 * built); development bundles the current workflow code at start-up, so it is never stale.
 */
export function workflowSource(production: boolean): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  if (!production) return { workflowsPath: require.resolve('../../workflows') };
  const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? WORKFLOW_BUNDLE_PATH;
  if (!existsSync(bundle)) throw new Error(`No workflow bundle at ${bundle}: run \`npm run build\` before starting a production worker.`);
  return { workflowBundle: { codePath: bundle } };
}
