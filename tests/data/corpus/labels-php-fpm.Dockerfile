# PHP-FPM for a Laravel app; one label left empty and one written for humans.
FROM php:8.3-fpm-bookworm
LABEL maintainer="" \
      org.opencontainers.image.title="billing-portal" \
      org.opencontainers.image.source="https://github.com/example/billing portal" \
      org.opencontainers.image.version="1.0" \
      org.opencontainers.image.licenses="proprietary" \
      org.opencontainers.image.created="yesterday" \
      org.opencontainers.image.revision="abc123"
RUN apt-get update && apt-get install -y --no-install-recommends \
        libzip-dev=1.7.3-1+b1 \
        libpng-dev=1.6.39-2 \
        unzip=6.0-28 \
    && docker-php-ext-install -j"$(nproc)" zip gd pdo_mysql \
    && rm -rf /var/lib/apt/lists/*
COPY --from=composer:2.8 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www/html
COPY . .
RUN composer install --no-dev --optimize-autoloader --no-interaction
USER www-data
