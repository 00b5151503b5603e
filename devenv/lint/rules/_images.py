"""What devenv knows about images by name: data folders, OS bases, build toolchains.

An image is matched by its repository without registry or `library/`, so a mirror
(`127.0.0.1:5000/postgres:16`) is recognised as the image it mirrors.
"""

from __future__ import annotations

from devenv.lint.dockerfile import image_ref

# Where the official images keep their state; any one of the paths on a volume will do.
DATA_DIRS: dict[str, tuple[str, ...]] = {
    "postgres": ("/var/lib/postgresql/data", "/var/lib/postgresql"),
    "postgis/postgis": ("/var/lib/postgresql/data", "/var/lib/postgresql"),
    "timescale/timescaledb": ("/var/lib/postgresql/data",),
    "mysql": ("/var/lib/mysql",),
    "mariadb": ("/var/lib/mysql",),
    "percona": ("/var/lib/mysql",),
    "mongo": ("/data/db",),
    "redis": ("/data",),
    "valkey/valkey": ("/data",),
    "mssql/server": ("/var/opt/mssql",),
    "elasticsearch": ("/usr/share/elasticsearch/data",),
    "elasticsearch/elasticsearch": ("/usr/share/elasticsearch/data",),
    "opensearchproject/opensearch": ("/usr/share/opensearch/data",),
    "rabbitmq": ("/var/lib/rabbitmq",),
    "cassandra": ("/var/lib/cassandra",),
    "couchdb": ("/opt/couchdb/data",),
    "neo4j": ("/data",),
    "influxdb": ("/var/lib/influxdb2", "/var/lib/influxdb"),
    "clickhouse/clickhouse-server": ("/var/lib/clickhouse",),
    "registry": ("/var/lib/registry",),
    "solr": ("/var/solr",),
    "zookeeper": ("/data", "/datalog"),
    "grafana/grafana": ("/var/lib/grafana",),
    "grafana/grafana-oss": ("/var/lib/grafana",),
    "prom/prometheus": ("/prometheus",),
    "minio/minio": ("/data",),
    "gitea/gitea": ("/data",),
    "jenkins/jenkins": ("/var/jenkins_home",),
    "nextcloud": ("/var/www/html",),
    "wordpress": ("/var/www/html",),
    "ghost": ("/var/lib/ghost/content",),
    "sonarqube": ("/opt/sonarqube/data",),
    "sonatype/nexus3": ("/nexus-data",),
    "hashicorp/vault": ("/vault/file",),
    "hashicorp/consul": ("/consul/data",),
    "eclipse-mosquitto": ("/mosquitto/data",),
    "couchbase": ("/opt/couchbase/var",),
}

# Distribution images: a package manager and no language runtime of their own.
GENERIC_OS = frozenset(
    {
        *("ubuntu", "debian", "alpine", "centos", "fedora", "rockylinux", "almalinux"),
        *("amazonlinux", "oraclelinux", "archlinux", "opensuse/leap", "opensuse/tumbleweed"),
        *("redhat/ubi8", "redhat/ubi9", "ubi8", "ubi9", "ubi8/ubi", "ubi9/ubi"),
        *("ubi8/ubi-minimal", "ubi9/ubi-minimal", "centos/centos"),
    }
)

# Images that are a build toolchain (a JDK, a compiler); `-jre` tags are runtimes.
TOOLCHAIN_IMAGES = frozenset(
    {
        *("golang", "maven", "gradle", "rust", "gcc", "buildpack-deps", "haskell", "swift"),
        *("openjdk", "eclipse-temurin", "amazoncorretto", "sapmachine", "clojure"),
        *("dotnet/sdk", "dotnet/core/sdk", "ibm-semeru-runtimes"),
    }
)


def repository(image: str) -> str:
    """`docker.io/library/postgres:16` -> `postgres`; `mcr.microsoft.com/mssql/server` ->
    `mssql/server`."""
    return image_ref(image).repository.lower().removeprefix("library/")


def data_dirs(image: str) -> tuple[str, ...]:
    return DATA_DIRS.get(repository(image), ())


def generic_os(image: str) -> bool:
    return repository(image) in GENERIC_OS


def toolchain_image(image: str) -> bool:
    ref = image_ref(image)
    return repository(image) in TOOLCHAIN_IMAGES and "jre" not in ref.tag.lower()
