export { createWorkbenchRouter } from './workbench-router.js';
export type { WorkbenchRouterOptions } from './workbench-router.js';
export {
  createSandboxTokenSigner,
  readSandboxSigningKey,
  SANDBOX_KEYPAIR_FILE,
} from './sandbox-token-signer.js';
export type { TokenSigner } from './sandbox-token-signer.js';
export type { WorkbenchClientConfig } from './workbench-config.js';
