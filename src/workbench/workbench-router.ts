import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { JWK } from 'jose';
import type { Config } from '../config/config.js';
import { projectRoot } from '../project-root.js';
import { buildWorkbenchCsp } from './content-security-policy.js';
import { DEFAULT_WORKBENCH_FHIR_SERVER, parseFhirBaseUrl } from './fhir-base-url.js';
import { createSandboxTokenSigner, readSandboxSigningKey, type TokenSigner } from './sandbox-token-signer.js';
import { TOKEN_PATH, WORKBENCH_USER_ID, type WorkbenchClientConfig } from './workbench-config.js';

export interface WorkbenchRouterOptions {
  readonly config: Pick<Config, 'nodeEnv' | 'trustSandbox' | 'publicBaseUrl'>;
  /** Whether the CDS endpoints require a client JWT (`AccessControl.authEnabled`). */
  readonly authEnabled: boolean;
  /** The FHIR server the page offers first (default: the dev FHIR server's default address). */
  readonly defaultFhirServer?: string;
  /** The built page (`scripts/build-workbench.mjs`); default `dist/workbench` under the project root. */
  readonly assetsDir?: string;
  /** Loads the sandbox's private key; called only in development or test with CDS_TRUST_SANDBOX=true. */
  readonly loadSandboxKey?: () => JWK | undefined;
}

/** The files the build writes, with their media types; nothing else is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
};

function tokenSignerFor(options: WorkbenchRouterOptions): TokenSigner | undefined {
  const { config } = options;
  // The sandbox's private key is public: never sign with it where production data could be reached.
  if (config.nodeEnv === 'production' || !config.trustSandbox) return undefined;
  const key = (options.loadSandboxKey ?? readSandboxSigningKey)();
  return key ? createSandboxTokenSigner({ publicBaseUrl: config.publicBaseUrl, key }) : undefined;
}

function sendNotBuilt(res: Response): void {
  res.status(503).type('text/plain').send('The workbench page is not built: run `npm run build`.');
}

/** `/workbench` → `workbench/` (relative, so a path prefix added by a proxy is kept), query included. */
function redirectToSlash(req: Request, res: Response): boolean {
  const [path = '', query] = req.originalUrl.split(/\?(.*)/s, 2);
  if (path.endsWith('/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  res.redirect(301, `${last}/${query ? `?${query}` : ''}`);
  return true;
}

function servePage(assetsDir: string, defaultFhirServer: string): RequestHandler {
  return (req, res) => {
    if (redirectToSlash(req, res)) return;
    if (!existsSync(join(assetsDir, 'index.html'))) return sendNotBuilt(res);
    const requested =
      typeof req.query.fhirServer === 'string' ? parseFhirBaseUrl(req.query.fhirServer) : undefined;
    res.setHeader(
      'Content-Security-Policy',
      buildWorkbenchCsp([defaultFhirServer, ...(requested ? [requested] : [])]),
    );
    res.type('html').sendFile('index.html', { root: assetsDir });
  };
}

function serveAsset(assetsDir: string): RequestHandler {
  return (req, res, next) => {
    const name = String(req.params.asset);
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) return next();
    if (!existsSync(join(assetsDir, name))) return sendNotBuilt(res);
    res.type(type).sendFile(name, { root: assetsDir });
  };
}

function serveToken(signer: TokenSigner | undefined): RequestHandler {
  return async (req, res) => {
    if (!signer) {
      res.status(404).json({
        error: 'This workbench does not sign tokens (development with CDS_TRUST_SANDBOX=true only)',
      });
      return;
    }
    // The app allows any origin by CORS; tokens are for this page only (browsers always say where from).
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') {
      res.status(403).json({ error: 'Tokens are only signed for the workbench page itself' });
      return;
    }
    const path: unknown = (req.body as { path?: unknown } | undefined)?.path;
    if (typeof path !== 'string' || !TOKEN_PATH.test(path)) {
      res.status(400).json({ error: 'Body must be {"path": "/cds-services…"}' });
      return;
    }
    res.json({ token: await signer(path) });
  };
}

/**
 * The HSG order workbench (issue 9): a page that composes HSG orders and calls this service as an EHR
 * would. Mount before the CDS router, whose authentication would otherwise refuse the page itself.
 */
export function createWorkbenchRouter(options: WorkbenchRouterOptions): Router {
  const assetsDir = options.assetsDir ?? join(projectRoot(), 'dist', 'workbench');
  const defaultFhirServer = parseFhirBaseUrl(options.defaultFhirServer ?? DEFAULT_WORKBENCH_FHIR_SERVER);
  if (!defaultFhirServer)
    throw new Error(`Invalid default FHIR server for the workbench: ${options.defaultFhirServer}`);
  const signer = tokenSignerFor(options);
  const clientConfig: WorkbenchClientConfig = {
    defaultFhirServer,
    authEnabled: options.authEnabled,
    canSignTokens: signer !== undefined,
    userId: WORKBENCH_USER_ID,
  };

  const pages = Router();
  pages.get('/', servePage(assetsDir, defaultFhirServer));
  pages.get('/config.json', (_req, res) => {
    res.json(clientConfig);
  });
  pages.post('/token', express.json({ limit: '2kb' }), serveToken(signer));
  pages.get('/:asset', serveAsset(assetsDir));
  // Answered here, so that an unknown workbench path never reaches the CDS router's authentication.
  pages.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });

  const router = Router();
  router.use('/workbench', pages);
  return router;
}
