import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/tool-paths';

/** Where `npm run build` writes the prebuilt workflow bundle. */
export const WORKFLOW_BUNDLE_PATH = join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/**
 * The prebuilt bundle when there is one (production: no webpack at start-up), otherwise the
 * workflows' entry point, which the worker bundles itself (development).
 */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? WORKFLOW_BUNDLE_PATH;
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../workflows') };
}
