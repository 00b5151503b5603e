FROM nginx:latest
MAINTAINER web team <web@example.com>
RUN apt-get update
RUN apt-get install -y vim
ADD site.tar.gz /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/nginx.conf
RUN wget https://example.com/favicon.ico -O /usr/share/nginx/html/favicon.ico
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
