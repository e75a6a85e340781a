# One image recipe for the three Quarkus services, selected with a build argument:
#   docker build --build-arg SERVICE=checkout-service -t checkout-service .
# docker-compose.yml passes SERVICE for each of checkout-service, inventory-service, payment-service.
#
# Base images are pinned to exact Eclipse Temurin 17 releases (Ubuntu 24.04 "noble"): the tags
# 17.0.20.1_1-jdk-noble and 17.0.20.1_1-jre-noble are listed by docker-library/repo-info, and the
# adoptium/containers Dockerfiles for them install curl and wget (used by the healthcheck).

############################
# Build stage
############################
FROM eclipse-temurin:17.0.20.1_1-jdk-noble AS build

ARG SERVICE
RUN test -n "${SERVICE}" || { echo "Build with --build-arg SERVICE=<checkout-service|inventory-service|payment-service>" >&2; exit 1; }

WORKDIR /build

# 1) Maven wrapper and every pom first: this layer only changes when a pom changes.
#    The wrapper (distributionType=only-script) downloads Maven 3.9.11 itself with curl/wget.
#    Maven reads every module listed in the parent pom: a new module needs its pom copied here.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY service-common/pom.xml service-common/
COPY test-support/pom.xml test-support/
COPY inventory-service/pom.xml inventory-service/
COPY payment-service/pom.xml payment-service/
COPY checkout-service/pom.xml checkout-service/
COPY stack-tests/pom.xml stack-tests/
COPY system-tests/pom.xml system-tests/
RUN chmod +x mvnw

# 2) Warm the local repository in its own layer, so a source change does not download the
#    world again. dependency:go-offline 3.9.0 skips the reactor's own modules
#    (excludeReactor=true), which are not built yet. Quarkus resolves its build-time
#    (deployment) artifacts only during augmentation, so `package` below still fetches those:
#    a partial warm-up is therefore not an error.
RUN ./mvnw -B -ntp -q -pl "${SERVICE}" -am \
        org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline \
        -DexcludeReactor=true -DexcludeGroupIds=io.observability.demo \
    || echo "WARN: dependency warm-up incomplete; the package step downloads the rest."

# 3) Sources, then the build of the selected service and the modules it needs.
COPY service-common/src/ service-common/src/
COPY test-support/src/ test-support/src/
COPY inventory-service/src/ inventory-service/src/
COPY payment-service/src/ payment-service/src/
COPY checkout-service/src/ checkout-service/src/
RUN ./mvnw -B -ntp -pl "${SERVICE}" -am package -DskipTests

############################
# Runtime stage
############################
FROM eclipse-temurin:17.0.20.1_1-jre-noble

ARG SERVICE
LABEL org.opencontainers.image.title="${SERVICE}" \
      org.opencontainers.image.description="Observability demo service ${SERVICE} (Quarkus fast-jar)"

# Non-root user (uid 185 as in the Quarkus Dockerfile.jvm templates). curl is already in the
# base image (adoptium/containers installs curl and wget), so the compose healthcheck
# `curl -fsS http://localhost:<management port>/q/health/ready` works without extra packages.
RUN groupadd --system --gid 185 quarkus \
    && useradd --system --uid 185 --gid quarkus --home-dir /deployments --no-create-home quarkus \
    && mkdir -p /deployments \
    && chown quarkus:quarkus /deployments

WORKDIR /deployments

# The Quarkus fast-jar layout, copied folder by folder (least to most frequently changing),
# as the Quarkus Dockerfile.jvm does: lib/ (dependencies), quarkus-run.jar, app/, quarkus/.
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/*.jar /deployments/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY --from=build --chown=185:185 /build/${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/

USER 185

# HTTP ports of checkout/inventory/payment and their management ports (metrics, health, chaos).
# EXPOSE is documentation only: docker-compose.yml publishes nothing but checkout's 8080.
EXPOSE 8080 8081 8082 9080 9081 9082

# Container-aware JVM: the heap is 75% of the container memory limit; an OutOfMemoryError
# kills the process so Docker restarts it instead of leaving a half-dead JVM.
# Add more flags at run time with JAVA_TOOL_OPTIONS (read by the JVM itself).
# Exec form: java is PID 1 and receives SIGTERM from `docker compose stop` directly.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=75.0", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", \
  "-jar", "/deployments/quarkus-run.jar"]
