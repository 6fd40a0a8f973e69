#!/usr/bin/env bash
# Runs the whole proxy fleet on this machine, no containers: Kafka, PostgreSQL and every built service, until Ctrl-C.
# Builds first when something is missing or older than its sources. Needs only a JDK 17+ (Maven comes via ./mvnw).
#   ./run.sh             build if needed, then run
#   ./run.sh --rebuild   build in any case, then run
#   ./run.sh --demo      run a living demo fleet: real proxies on 127.0.0.1 (one of them flapping), two providers,
#                        accounts of three models, usage reports; its data in .local-demo, emptied on every --demo start
# Settings (ports, data directory, which services): FLEET_* environment variables, listed in LocalFleet's Javadoc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }

rebuild=false
demo=""
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    --demo) demo=--demo ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java_cmd" > /dev/null; then
  echo "run.sh needs a JDK 17 or newer: no java found (set JAVA_HOME or put java on the PATH)" >&2
  exit 1
fi
java_version=$("$java_cmd" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [[ "${java_version%%.*}" -lt 17 ]]; then
  echo "run.sh needs a JDK 17 or newer; $java_cmd is $java_version" >&2
  exit 1
fi

# The one jar a module builds, ignoring -sources/-tests/-javadoc jars; empty when it is not built.
module_jar() {
  local jar
  for jar in "$1"/target/*.jar; do
    [[ -f "$jar" ]] || continue
    case "$jar" in *-sources.jar | *-tests.jar | *-javadoc.jar) ;; *) echo "$jar"; return 0 ;; esac
  done
  return 0
}

# What the launcher needs from a module: a service's runnable app, any other module's jar.
artifact_of() {
  case "$1" in
    *-service) echo "$1/target/quarkus-app/quarkus-run.jar" ;;
    *) module_jar "$1" ;;
  esac
}

# Modules the root pom builds; commented-out ones are left out, as the build would never produce their artifacts.
modules() {
  sed -n 's|^[[:space:]]*<module>\([^<]*\)</module>.*|\1|p' pom.xml
}

# Prints why a build is needed, or nothing when everything is built and newer than its sources.
build_reason() {
  [[ -d local-infra/target/lib ]] || { echo "local-infra/target/lib is missing"; return; }
  local module artifact newer
  for module in $(modules); do
    grep -q '<packaging>pom</packaging>' "$module/pom.xml" && continue
    artifact=$(artifact_of "$module")
    if [[ -z "$artifact" || ! -f "$artifact" ]]; then
      echo "$module is not built"
      return
    fi
    newer=$(find "$module/pom.xml" "$module/src/main" pom.xml -newer "$artifact" -print -quit 2> /dev/null || true)
    [[ -z "$newer" ]] || { echo "$newer changed since $artifact was built"; return; }
  done
}

built_artifacts() {
  local module
  for module in $(modules); do
    grep -q '<packaging>pom</packaging>' "$module/pom.xml" || artifact_of "$module"
  done
}

if [[ "$rebuild" == true ]]; then reason="--rebuild"; else reason=$(build_reason); fi
if [[ -n "$reason" ]]; then
  echo "Building ($reason): ./mvnw -B -q install -DskipTests"
  ./mvnw -B -q install -DskipTests
  # A change that reaches no artifact (say, src/main/docker/Dockerfile.jvm) leaves it older than its sources; marking
  # every artifact fresh after a good build keeps such a change from triggering a build on every later start.
  for artifact in $(built_artifacts); do
    if [[ -f "$artifact" ]]; then touch "$artifact"; fi
  done
fi

launcher_jar=$(module_jar local-infra)
if [[ -z "$launcher_jar" ]]; then
  echo "local-infra was built but no jar is in local-infra/target" >&2
  exit 1
fi
# $demo unquoted: without --demo the launcher gets no argument at all.
# shellcheck disable=SC2086
exec "$java_cmd" -cp "$launcher_jar:local-infra/target/lib/*" dev.proxyfleet.localinfra.LocalFleet $demo
