# Scaffolded from the team template; the labels nobody filled in are still empty.
FROM node:22-bookworm-slim AS context
WORKDIR /workspace
COPY . .
RUN npm ci --omit=dev && npm cache clean --force

FROM node:22-bookworm-slim
LABEL maintainer="" \
      org.opencontainers.image.title="" \
      org.opencontainers.image.source="https://github.com/example/TODO" \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="" \
      org.opencontainers.image.created="2024-01-01T00:00:00Z" \
      org.opencontainers.image.revision="0000000"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=context /workspace /app
USER node
EXPOSE 3000
HEALTHCHECK CMD node healthcheck.js
CMD ["node", "server.js"]
