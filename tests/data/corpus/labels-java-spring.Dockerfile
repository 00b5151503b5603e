# Spring Boot with a layered jar; labels set in the base stage and inherited.
FROM eclipse-temurin:21-jre-jammy AS runtime-base
LABEL maintainer="payments@example.com" \
      org.opencontainers.image.title="payments" \
      org.opencontainers.image.source="https://git.example.com/payments/service" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="3.2.0-rc.2" \
      org.opencontainers.image.created="2024-11-04T17:42:10+01:00" \
      org.opencontainers.image.revision="1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5"
RUN groupadd --system spring && useradd --system --gid spring spring

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests \
 && java -Djarmode=layertools -jar target/*.jar extract --destination /layers

FROM runtime-base
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/application/ ./
USER spring
EXPOSE 8080
HEALTHCHECK CMD ["wget", "-qO-", "http://localhost:8080/actuator/health"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
