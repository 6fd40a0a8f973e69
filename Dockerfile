# One image recipe for every service: docker build --build-arg SERVICE=inventory-service -t proxy-fleet/inventory-service .
# The build stage compiles only that service and the modules it uses; the runtime stage is a JRE, a non-root user
# and Quarkus's fast-jar layout, so the root filesystem can be mounted read-only (only /tmp is written).
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests -pl "${SERVICE}" -am

FROM eclipse-temurin:17-jre
ARG SERVICE
WORKDIR /app
COPY --from=build --chown=1001:0 /src/${SERVICE}/target/quarkus-app/ /app/
USER 1001
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/quarkus-run.jar"]
