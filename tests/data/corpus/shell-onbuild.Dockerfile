# A builder base whose ONBUILD steps run in the child image's build.
FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production
ONBUILD COPY package*.json ./
ONBUILD ARG registry
ONBUILD RUN npm config set registry $registry && npm ci
ONBUILD RUN echo $NODE_ENV > /env && cd /app && ls `pwd`
ONBUILD COPY . .
RUN echo $NODE_ENV
CMD ["node", "server.js"]
