# One image for every process: `node dist/src/main.api.js` and `node dist/src/main.worker.js` (with
# WORKER_TASK_QUEUES naming its queues).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production WAYBILL_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Production workers run this prebuilt workflow bundle (src/worker/workflow-source.ts), never webpack at start.
RUN test -s dist/workflow-bundle.js
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.api.js"]
