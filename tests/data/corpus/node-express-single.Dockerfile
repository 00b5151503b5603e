# An Express API in one stage, the way many tutorials write it.
FROM node
ENV NODE_ENV=production
COPY package.json yarn.lock ./
RUN yarn install --production
COPY . .
RUN apt-get update && apt-get install curl
RUN npm install -g nodemon
EXPOSE 3000
CMD npm start
