export { createWorkbenchRouter } from './workbench-router.js';
export type { WorkbenchRouterOptions } from './workbench-router.js';
