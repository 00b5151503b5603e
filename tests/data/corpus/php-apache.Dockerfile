# A PHP app on the official Apache image, extensions built and build deps purged.
FROM php:8.3-apache

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        libfreetype6-dev \
        libjpeg62-turbo-dev \
        libpng-dev \
        libzip-dev \
    ; \
    docker-php-ext-configure gd --with-freetype --with-jpeg; \
    docker-php-ext-install -j "$(nproc)" gd mysqli opcache zip; \
    rm -rf /var/lib/apt/lists/*

RUN a2enmod rewrite expires
RUN { \
        echo 'opcache.memory_consumption=128'; \
        echo 'opcache.max_accelerated_files=4000'; \
    } > /usr/local/etc/php/conf.d/opcache-recommended.ini

COPY --from=composer:2.8 /usr/bin/composer /usr/bin/composer
COPY composer.json composer.lock ./
RUN composer install --no-dev --optimize-autoloader
COPY . /var/www/html/
RUN chown -R www-data:www-data /var/www/html
USER www-data
