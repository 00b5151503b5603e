# Single-page app: built with node, served by nginx. The labels were written by hand.
FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN yarn build

FROM nginx:1.27-alpine
LABEL maintainer="Web Team <web@example.com>" \
      org.opencontainers.image.title="storefront" \
      org.opencontainers.image.source="github.com/example/storefront" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.version="2024.10.3" \
      org.opencontainers.image.revision="main"
COPY --from=build /app/dist /usr/share/nginx/html
COPY nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
HEALTHCHECK CMD wget -q --spider http://127.0.0.1/ || exit 1
