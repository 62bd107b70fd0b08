# Docent: one image for the web app (`npm run serve`) and the watcher (`npm run watch`).

# 1. Dependencies, with the toolchain better-sqlite3 may need to compile.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip NEXT_TELEMETRY_DISABLED=1
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The install step builds the web app when its sources are there; here they are not yet.
COPY scripts/postinstall.mjs ./scripts/
RUN npm install --no-audit --no-fund

# 2. Build the Next.js app and the bundles the long-lived processes run (scripts/bundle.mjs: a process then finds
#    its bundle current and writes nothing, so the container's files may be read-only), then keep production
#    dependencies only.
FROM deps AS build
COPY . .
RUN npm run build && npm run bundle && npm prune --omit=dev

# 3. Runtime: no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DOCENT_DATA_DIR=/data DOCENT_WATCH_DIR=/knowledge PORT=3000
# glibc hands back the memory of retired worker threads (lib/config.ts NATIVE_MEMORY_ENVIRONMENT).
ENV MALLOC_MMAP_THRESHOLD_=131072
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data /knowledge && chown node:node /data /knowledge
USER node
EXPOSE 3000
VOLUME ["/data"]
CMD ["npm", "run", "serve"]
