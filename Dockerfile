# One image recipe for the three Quarkus services, selected with a build argument:
#   docker build --build-arg SERVICE=checkout-service -t observability-demo/checkout-service:1.0.0 .
# docker-compose.yml passes SERVICE for each of checkout-service, inventory-service, payment-service.
# Needs BuildKit (the default builder since Docker 23): the AOT training below mounts the build stage.
#
# Behind a proxy that inspects HTTPS, the build stage's downloads from Maven Central need the proxy's CA
# certificates: hand them over as the BuildKit secret "ca-certificates" (a PEM file, one certificate or more),
# used by the build stage only and never copied into an image:
#   docker build --secret id=ca-certificates,src=/path/to/proxy-ca.crt --build-arg SERVICE=... .
#   EXTRA_CA_CERTIFICATES=/path/to/proxy-ca.crt docker compose build
#
# Base images: Eclipse Temurin 25 (the current LTS) on Ubuntu 24.04 "noble", pinned to an exact release;
# docs/stack.md lists the evidence for the tags. JDK_IMAGE and JRE_IMAGE replace them where they cannot be
# pulled (CI builds on stand-ins made from Debian's OpenJDK 25: deploy/stand-ins/). The project compiles for
# Java 17 (maven.compiler.release), so any JDK from 17 builds it; the images run 25 for its ahead-of-time cache.
ARG JDK_IMAGE=eclipse-temurin:25.0.4.1_1-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.4.1_1-jre-noble

############################
# Build stage: the three services at once
############################
# This stage does not depend on SERVICE, so the three image builds of `docker compose build` share it:
# Maven downloads and compiles once.
FROM ${JDK_IMAGE} AS build

WORKDIR /build

# 1) The Maven wrapper (distributionType=only-script: it downloads Maven 3.9.11 itself), every pom (Maven reads
#    every module the parent pom lists: a new module needs its pom copied here), the sources of the three services
#    and of test-support (the embedded PostgreSQL of the training run), and the training scripts.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY service-common/pom.xml service-common/
COPY test-support/pom.xml test-support/
COPY inventory-service/pom.xml inventory-service/
COPY payment-service/pom.xml payment-service/
COPY checkout-service/pom.xml checkout-service/
COPY stack-tests/pom.xml stack-tests/
COPY system-tests/pom.xml system-tests/
COPY service-common/src/ service-common/src/
COPY test-support/src/ test-support/src/
COPY inventory-service/src/ inventory-service/src/
COPY payment-service/src/ payment-service/src/
COPY checkout-service/src/ checkout-service/src/
COPY deploy/aot/ deploy/aot/
COPY deploy/load/load.sh deploy/load/

# 2) The three services. Maven's repository is a BuildKit cache mount: a later build, after a source or a pom
#    change, downloads only what is new, and no image keeps it. `package` resolves only what it uses, several
#    files at a time (a dependency:go-offline warm-up also resolved every plugin's own dependencies, one by one:
#    most of a first build's time). No tests (./mvnw verify runs them), and no format check: the image packages
#    the code as it is, the build of the repository enforces the format.
#    First the extra CA certificates, if any, for Maven (the JDK's trust store) and curl (the system's), in this
#    step and not one of their own: a secret is not part of the build cache's key, so a step of their own, run
#    without them, would be reused when the build that then failed here is run again with them.
RUN --mount=type=secret,id=ca-certificates --mount=type=cache,target=/root/.m2,sharing=locked \
    if grep -qs -- '-----BEGIN CERTIFICATE-----' /run/secrets/ca-certificates; then \
      awk '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > ("/usr/local/share/ca-certificates/extra-" n ".crt") }' \
        /run/secrets/ca-certificates \
      && for certificate in /usr/local/share/ca-certificates/extra-*.crt; do \
           keytool -importcert -noprompt -cacerts -storepass changeit -alias "$(basename "$certificate" .crt)" \
             -file "$certificate" > /dev/null || exit 1; \
         done \
      && { ! command -v update-ca-certificates > /dev/null || update-ca-certificates > /dev/null; } \
      && echo "trusting $(ls /usr/local/share/ca-certificates/extra-*.crt | wc -l) extra CA certificate(s)"; \
    fi \
    && sh ./mvnw -B -ntp -pl checkout-service,inventory-service,payment-service -am package \
        -Dmaven.test.skip=true -Dformatter.skip -Dimpsort.skip

############################
# Runtime base: the JRE, curl, the user and the JVM flags, shared by the training run and the three images
############################
FROM ${JRE_IMAGE} AS runtime

# curl: the compose and Kubernetes health checks, and the training run (the Temurin image has no HTTP client).
# Non-root user (uid 185 as in the Quarkus Dockerfile.jvm templates).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 185 quarkus \
    && useradd --system --uid 185 --gid quarkus --home-dir /deployments --no-create-home quarkus

# The JVM flags, read by the java launcher itself (it prints them once at start: "Picked up
# JDK_JAVA_OPTIONS"); the training run below and bench/run.sh use exactly these. Override them per deployment
# with the same variable, or add to them with JAVA_TOOL_OPTIONS.
#   SerialGC              a few hundred MB and 2 CPUs at most: the collector with the least CPU and memory
#                         overhead (the JVM picks it by itself below 1792 MB or 2 CPUs; say so, for any host)
#   Xms128m Xmx128m       a fixed heap, measured: 23 to 30 MB after the young collections at 10 checkouts/s, a
#                         live set of up to 55 MB in checkout under a burst of 200 clients; with 64 MB that burst
#                         spent 12 of its 20 s in full collections. The AOT cache is trained with this size, and
#                         a JVM whose heap differs much from the training run's cannot use the cache. The initial
#                         size matters too: left to the JVM it is 1/64 of the container's memory (6 MB under a
#                         400 MB limit), too small to load the cache's archived objects, and such a JVM exits
#                         ("Unable to use AOT cache"). Class metadata, compiled code and threads take about as
#                         much again (docs/benchmarks.md)
#   ExitOnOutOfMemoryError  a JVM out of memory exits, so the container restarts instead of limping on
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -Xms128m -Xmx128m -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

############################
# Training stage: the three AOT caches from one training run
############################
# The three services against the embedded PostgreSQL of the tests, under the checkout mix of
# deploy/load/load.sh, on the images' own JRE and flags (a cache serves only the JVM it was made with). Each JVM
# writes app.aot into its application folder. The cache names the class path by where the files lie relative to
# each other, so the image can run it from /deployments. This stage does not depend on SERVICE: the three images
# share one run. The build stage is mounted for this step only; /tmp (PostgreSQL's files) is thrown away.
FROM runtime AS training
COPY --from=build /build/checkout-service/target/quarkus-app/ /training/checkout-service/
COPY --from=build /build/inventory-service/target/quarkus-app/ /training/inventory-service/
COPY --from=build /build/payment-service/target/quarkus-app/ /training/payment-service/
RUN --mount=type=bind,from=build,source=/build,target=/build --mount=type=tmpfs,target=/tmp \
    /build/deploy/aot/train.sh checkout-service=/training/checkout-service \
        inventory-service=/training/inventory-service payment-service=/training/payment-service

############################
# Service image: one service, with its AOT cache
############################
FROM runtime

ARG SERVICE
RUN test -n "${SERVICE}" || { echo "Build with --build-arg SERVICE=<checkout-service|inventory-service|payment-service>" >&2; exit 1; }
LABEL org.opencontainers.image.title="${SERVICE}" \
      org.opencontainers.image.description="Observability demo service ${SERVICE} (Quarkus on Java 25, AOT cache)"

WORKDIR /deployments

# The Quarkus aot-jar layout, folder by folder from the least to the most frequently changing, then the cache.
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/
COPY --from=training --chown=185:185 /training/${SERVICE}/app.aot /deployments/

USER 185

# HTTP ports of checkout/inventory/payment and their management ports (metrics, health, chaos).
# EXPOSE is documentation only: docker-compose.yml publishes nothing but checkout's 8080.
EXPOSE 8080 8081 8082 9080 9081 9082

# Exec form: java is PID 1 and receives SIGTERM from `docker compose stop` directly. Change the heap in
# JDK_JAVA_OPTIONS only together with a new training run: a cache made for another heap size can stop the
# JVM at start ("Unable to use AOT cache").
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "quarkus-run.jar"]
