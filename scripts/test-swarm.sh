#!/usr/bin/env bash
# SWARM's own tests on the native backend. Fetches swarm-safety 1.9.0's source distribution
# from PyPI (its tests are not copied into this repository), installs swarm-safety 1.9.0 and
# this package into a virtual environment, writes a conftest.py that calls
# agent_economies.swarm_backend.install(), and runs:
#   - the component tests: test_auction, test_mission, test_hfn, test_permeability, test_identity;
#   - every other test file that uses the replaced classes or the governance engine that binds
#     SybilDetectionLever (test_vae_integration and the GovernanceEngine tests), except
#     test_concordia_sweep and test_governance_mvp_sweep, which import the `examples` package
#     that the source distribution does not ship (they fail the same way without the backend).
# Then the project's differential tests (python/tests/test_swarm_backend.py, and test_swarm_payoffs.py
# for the soft payoffs and metrics) compare SWARM's
# classes with the native ones on random inputs, a traced simulation epoch is replayed
# through SWARM (python/tests/test_trace_replay.py), and the benchmark runs at small sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-python-tests}
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "swarm-safety==1.9.0" pytest numpy
if ! "$venv/bin/python" -c "import agent_economies" 2>/dev/null; then "$venv/bin/pip" install --quiet ./python; fi
python=$(cd "$venv" && pwd)/bin/python

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/pip" download --quiet --no-deps --no-binary :all: "swarm-safety==1.9.0" -d "$work"
tar -xzf "$work"/swarm_safety-1.9.0.tar.gz -C "$work"
tests="$work/swarm_safety-1.9.0/tests"
cat > "$tests/conftest.py" <<'PY'
import agent_economies.swarm_backend as backend

backend.install()


def pytest_report_header(config):
    return f"agent_economies.swarm_backend installed: {backend.is_installed()}"


def pytest_sessionstart(session):
    import swarm.env.auction

    assert type(swarm.env.auction.DworkinAuction).__name__ == "type"
    assert swarm.env.auction.DworkinAuction in backend.native_classes().values(), "backend not installed"
PY
files=(test_auction.py test_mission.py test_hfn.py test_permeability.py test_identity.py test_vae_integration.py
       test_adaptive_governance.py test_attestation_heartbeat.py test_collusion.py test_diversity.py
       test_governance.py test_hardware_trust.py test_loop_detector_integration.py test_rbac.py test_resample.py
       test_security.py test_skills.py)
# Run from the extracted tree so SWARM's pytest configuration applies; `swarm` itself is the
# installed 1.9.0 package (the source tree's copy is removed so it cannot shadow it).
rm -rf "$work/swarm_safety-1.9.0/swarm"
(cd "$work/swarm_safety-1.9.0" && "$python" -m pytest -q -p no:cacheprovider \
    "${files[@]/#/tests/}")
"$python" -m pytest -q python/tests/test_swarm_backend.py python/tests/test_swarm_payoffs.py
# A traced simulation epoch replayed through SWARM's classes (Sybil clusters, the auction,
# the boundary's permeability): the simulation's steps give the reference's answers.
swift build -c release --product simulate
AGENT_ECONOMIES_SIMULATE="$(swift build -c release --show-bin-path)/simulate" \
    "$python" -m pytest -q python/tests/test_trace_replay.py
# The speed benchmark through SWARM's API at a tenth of its sizes: answers must agree (the
# ratios are measured at full size by `python -m agent_economies.bench`, see the README).
"$python" -m agent_economies.bench --quick
