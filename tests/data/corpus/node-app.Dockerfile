FROM node:20
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
RUN npm install -g pm2
COPY . .
RUN cd client && npm run build
EXPOSE 3000
CMD npm start
