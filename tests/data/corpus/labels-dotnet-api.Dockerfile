# ASP.NET API; the SDK stage restores and publishes, the runtime stage is labelled.
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY *.csproj ./
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:8.0
LABEL maintainer="api-team@example" \
      org.opencontainers.image.title="catalog-api" \
      org.opencontainers.image.source="https://dev.azure.com/example/catalog/_git/api" \
      org.opencontainers.image.version="8.1.4" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.created="2024-05-05T05:05:05-07:00" \
      org.opencontainers.image.revision="f00dfeed"
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Catalog.Api.dll"]
