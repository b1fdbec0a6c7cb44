# syntax=docker/dockerfile:1
#
# hsg-cds: multi-stage image on Node.js LTS (Debian slim).
#   docker build -t hsg-cds .
#   docker run -p 3000:3000 -v hsg-cds-data:/data \
#     -v "$PWD/trusted-clients.json:/etc/hsg-cds/trusted-clients.json:ro" \
#     -e CDS_TRUSTED_CLIENTS=/etc/hsg-cds/trusted-clients.json \
#     -e PUBLIC_BASE_URL=https://cds.example.org hsg-cds
# Production refuses to start without CDS_TRUSTED_CLIENTS. The feedback database lives on the /data volume.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app

# better-sqlite3 is a native module: node-gyp needs python3, make and g++ when no prebuilt binary fits.
FROM base AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

# Production dependencies only: what the runtime image gets.
FROM toolchain AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# All dependencies (TypeScript) to build dist/.
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FEEDBACK_DB=/data/feedback.sqlite
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Read at run time: package.json marks the project root, fhir-profiles/ is the knowledge, cds-hooks/ the schemas.
COPY package.json ./
COPY fhir-profiles ./fhir-profiles
COPY cds-hooks ./cds-hooks
# The PostgreSQL schema migrations (DATABASE_URL), applied at start-up or by `hsg-cds migrate`.
COPY src/feedback/migrations ./src/feedback/migrations
# The image's files stay root-owned (read-only to the service); only /data is the service's.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Node's own fetch: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting, finish in-flight calls, close the database (docker stop waits 10 s by default).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
