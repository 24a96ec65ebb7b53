#!/usr/bin/env bash
# The Docker part of CI, run after `./mvnw install` (the images are built from this
# checkout's target/ directories and the suite takes the vkernel artifacts from ~/.m2):
#
#   1. scripts/docker-setup.sh    engine, base image, JRE image, broker image
#   2. ./mvnw -Pdocker -pl compose-tests verify
#                                 images built, the compose stack up, the suite, down -v
#   3. cleanup                    dangling images, build cache; dockerd if this run started it
#
# The last line is the suite's count, "compose-tests: N passed, N failed, N skipped", or,
# where no Docker engine can be started here, "compose-tests: SKIPPED (reason)" (exit 0:
# nothing was tested, nothing is counted as passed). Exit status: the suite's.
#
# Environment: VKERNEL_COMPOSE=v1 runs the suite with Compose v1 (docker-compose).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
T0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - T0 ))s"; }

dockerd_was_running=0
docker info >/dev/null 2>&1 && dockerd_was_running=1

log=$(mktemp /tmp/vkernel-docker-ci.XXXXXX)
scripts/docker-setup.sh 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" = 2 ]; then
  reason=$(sed -n 's/^docker-setup: NO DOCKER ENGINE: //p' "$log" | tail -1)
  rm -f "$log"
  echo "compose-tests: SKIPPED (no Docker engine could be started here: ${reason:-unknown})"
  exit 0
elif [ "$rc" != 0 ]; then
  rm -f "$log"
  echo "compose-tests: docker-setup failed (exit $rc) after $(elapsed)"
  exit 1
fi
eval "$(grep '^export VKERNEL_BASE_IMAGE=' "$log" | tail -1)"
rm -f "$log"
echo "docker-ci: setup done after $(elapsed); base image ${VKERNEL_BASE_IMAGE:-default}"

rm -rf compose-tests/target/surefire-reports
./mvnw -B -ntp -Pdocker -pl compose-tests verify -Dvkernel.compose="${VKERNEL_COMPOSE:-}"
mvn_rc=$?

# counts from the suite's reports
tests=0 failures=0 errors=0 skipped=0
for f in compose-tests/target/surefire-reports/TEST-*.xml; do
  [ -f "$f" ] || continue
  head=$(grep -m1 -o '<testsuite [^>]*>' "$f")
  for k in tests failures errors skipped; do
    v=$(sed -n "s/.* $k=\"\\([0-9]*\\)\".*/\\1/p" <<<"$head")
    eval "$k=\$(( $k + ${v:-0} ))"
  done
done

docker image prune -f --filter label=dev.vkernel.image >/dev/null 2>&1 || true
docker builder prune -f >/dev/null 2>&1 || true
if [ "$dockerd_was_running" = 0 ] && [ -f /run/vkernel-dockerd.pid ]; then
  pid=$(cat /run/vkernel-dockerd.pid)
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f /run/vkernel-dockerd.pid
fi
echo "docker-ci: done after $(elapsed)"

if [ "$tests" -gt 0 ] && [ "$skipped" = "$tests" ]; then
  echo "compose-tests: SKIPPED (every test skipped: $(grep -rhoE 'SKIPPED: [^"<]*' compose-tests/target/surefire-reports 2>/dev/null | head -1))"
  exit 0
fi
if [ "$tests" = 0 ] && [ "$mvn_rc" != 0 ]; then
  echo "compose-tests: build failed before any test ran (exit $mvn_rc)"
  exit "$mvn_rc"
fi
echo "compose-tests: $(( tests - failures - errors - skipped )) passed, $(( failures + errors )) failed, $skipped skipped"
exit "$mvn_rc"
