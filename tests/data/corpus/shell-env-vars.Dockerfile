# ARG and ENV names are known to ShellCheck; others are not.
FROM ruby:3.3
ARG BUNDLE_VERSION=2.5.16
ARG http_proxy
ENV GEM_HOME=/usr/local/bundle BUNDLE_PATH=/usr/local/bundle
ENV app_user=rails
RUN gem install bundler -v $BUNDLE_VERSION --no-document
RUN echo $http_proxy $GEM_HOME $BUNDLE_PATH
RUN useradd -m $app_user && echo $app_home
RUN echo "$no_proxy" "$HTTPS_PROXY" $ftp_proxy
USER rails
CMD ["bundle", "exec", "rails", "server"]
