# A Rails app: bundler pinned, gems from Gemfile.lock, assets precompiled.
FROM ruby:3.3-slim

RUN apt-get update -qq \
    && apt-get install -y --no-install-recommends build-essential libpq-dev nodejs \
    && rm -rf /var/lib/apt/lists/*

ENV BUNDLE_WITHOUT=development:test RAILS_ENV=production

WORKDIR /rails
RUN gem install bundler -v 2.5.22
COPY Gemfile Gemfile.lock ./
RUN bundle install --jobs 4 && rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache
RUN gem install --no-document foreman
RUN gem install mailcatcher
COPY . .
RUN bundle exec bootsnap precompile app/ lib/
RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile

RUN useradd rails --create-home --shell /bin/bash && \
    chown -R rails:rails db log storage tmp
USER rails:rails

ENTRYPOINT ["/rails/bin/docker-entrypoint"]
EXPOSE 3000
CMD ["./bin/rails", "server"]
