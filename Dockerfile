# syntax=docker/dockerfile:1
# Build stage: install everything, build the Remix app.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies, the build, and the server sources tsx runs.
FROM node:20-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app
COPY --from=build --chown=app:app /app/node_modules ./node_modules
COPY --from=build --chown=app:app /app/build ./build
COPY --from=build --chown=app:app /app/package.json /app/server.ts /app/tsconfig.json ./
COPY --from=build --chown=app:app /app/app ./app
COPY --from=build --chown=app:app /app/workers ./workers
COPY --from=build --chown=app:app /app/drizzle ./drizzle
COPY --from=build --chown=app:app /app/public ./public
COPY --from=build --chown=app:app /app/scripts ./scripts
USER app
EXPOSE 3000
# In a container the database is a real server: refuse to start without one.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "test -n \"$DATABASE_URL\" || { echo 'error: DATABASE_URL is required in the container' >&2; exit 1; }; exec node --import tsx server.ts"]
