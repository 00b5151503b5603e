# Rails worker image; labels spread over several LABEL instructions.
FROM ruby:3.3-slim-bookworm AS gems
RUN apt-get update -qq && apt-get install -y --no-install-recommends build-essential=12.9 libpq-dev=15.8-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle config set --local without 'development test' && bundle install --jobs 4

FROM ruby:3.3-slim-bookworm
LABEL maintainer="jobs@example.com"
LABEL org.opencontainers.image.title="sidekiq-worker"
LABEL org.opencontainers.image.source="https://github.com/example/shop"
LABEL org.opencontainers.image.version="5.12.0+build.881"
LABEL org.opencontainers.image.licenses=""
LABEL org.opencontainers.image.created="2024-07-19T06:30:00.000Z"
LABEL org.opencontainers.image.revision="0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
LABEL com.example.team="commerce"
RUN apt-get update -qq && apt-get install -y --no-install-recommends libpq5=15.8-0+deb12u1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=gems /usr/local/bundle /usr/local/bundle
WORKDIR /app
COPY . .
USER 1000
CMD ["bundle", "exec", "sidekiq"]
