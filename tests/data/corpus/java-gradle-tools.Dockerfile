# A Spring Boot service with assorted download tools, as found in older repositories.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace/app
COPY gradlew .
COPY gradle gradle
COPY build.gradle settings.gradle ./
COPY src src
RUN ./gradlew --no-daemon bootJar
RUN mkdir -p build/dependency
RUN cd build/dependency && jar -xf ../libs/*.jar

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl wget && rm -rf /var/lib/apt/lists/*
RUN wget https://github.com/open-telemetry/opentelemetry-java-instrumentation/releases/download/v2.9.0/opentelemetry-javaagent.jar -O /otel.jar
RUN curl -fsSLo /usr/local/bin/dumb-init https://github.com/Yelp/dumb-init/releases/download/v1.2.5/dumb-init_1.2.5_x86_64 \
    && chmod +x /usr/local/bin/dumb-init
ARG DEPENDENCY=/workspace/app/build/dependency
COPY --from=build ${DEPENDENCY}/BOOT-INF/lib /app/lib
COPY --from=build ${DEPENDENCY}/META-INF /app/META-INF
COPY --from=build ${DEPENDENCY}/BOOT-INF/classes /app
ADD entrypoint.sh /entrypoint.sh
ADD https://repo1.maven.org/maven2/io/prometheus/jmx/jmx_prometheus_javaagent/1.0.1/jmx_prometheus_javaagent-1.0.1.jar /jmx.jar
WORKDIR app
ENTRYPOINT ["/usr/local/bin/dumb-init", "--"]
CMD java -javaagent:/otel.jar -cp app:app/lib/* com.example.Application
