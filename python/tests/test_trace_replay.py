"""A traced simulation epoch replayed through the reference (swarm-safety 1.9.0).

`simulate --trace-epoch K` writes the Sybil lever's and the auction's inputs and outputs in
the reference's shapes. These tests run the simulation, feed the traced inputs to SWARM's own
classes and require SWARM's answers: the same clusters in the same order, bit-equal clearing
prices, equal allocations and the same number of envy violations; and the boundary's traced
effective permeability equal to SWARM's formula.

They need SWARM installed and the `simulate` executable named by AGENT_ECONOMIES_SIMULATE
(`scripts/test-swarm.sh` provides both); otherwise they are skipped.
"""

import json
import os
import pathlib
import subprocess

import pytest

swarm = pytest.importorskip("swarm")
SIMULATE = os.environ.get("AGENT_ECONOMIES_SIMULATE")
if not SIMULATE:
    pytest.skip("AGENT_ECONOMIES_SIMULATE is not set", allow_module_level=True)

from swarm.boundaries.permeability import PermeabilityConfig, PermeabilityModel  # noqa: E402
from swarm.env.auction import AuctionBid, AuctionConfig, DworkinAuction  # noqa: E402
from swarm.models.identity import IdentityConfig, IdentityRegistry  # noqa: E402

SCENARIOS = pathlib.Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def trace(tmp_path_factory):
    """Epoch 3 of a 1,000-agent Sybil attack: the rings, barred in epoch 2, act again, and the
    previous epoch's harm sets the threat."""
    out = tmp_path_factory.mktemp("run")
    subprocess.run(
        [SIMULATE, "--scenario", str(SCENARIOS / "sybil-attack.yaml"), "--agents", "1000", "--epochs", "3",
         "--trace-epoch", "3", "--out", str(out)],
        check=True, capture_output=True)
    directory = out / "trace" / "epoch-3"
    return {name: json.loads((directory / f"{name}.json").read_text()) for name in ("sybil", "auction", "spillover")}


def test_sybil_clusters_match_the_reference(trace):
    sybil = trace["sybil"]
    assert sybil["metric"] == "combined" and sybil["clustering"] == "greedy"
    registry = IdentityRegistry(IdentityConfig(behavioral_similarity_threshold=sybil["threshold"]))
    clusters = registry.detect_sybil_clusters(sybil["patterns"])
    assert len(sybil["clusters"]) >= 90  # the 100 planted rings, acting again in epoch 3
    assert clusters == [set(cluster) for cluster in sybil["clusters"]]


def test_auction_matches_the_reference(trace):
    auction = trace["auction"]
    config = {key: value for key, value in auction["config"].items() if key != "solver"}
    assert auction["config"]["solver"] == "tatonnement"
    bids = {agent: AuctionBid(agent_id=agent, valuations=bid["valuations"], budget=bid["budget"])
            for agent, bid in auction["bids"].items()}
    result = DworkinAuction(AuctionConfig(**config)).run_auction(bids, auction["resources"])
    traced = auction["result"]
    assert result.clearing_prices == traced["clearing_prices"]
    assert result.rounds_to_converge == traced["rounds_to_converge"]
    assert result.converged == traced["converged"]
    assert {agent: dict(allocation.resources) for agent, allocation in result.allocations.items()} \
        == traced["allocations"]
    assert len(result.envy_violations) == traced["envy_violations"]


def test_spillover_inputs_follow_the_reference(trace):
    spill = trace["spillover"]
    assert spill["threat_level"] > 0
    model = PermeabilityModel(PermeabilityConfig(
        base_permeability=spill["base_permeability"], threat_sensitivity=spill["threat_sensitivity"],
        contagion_rate=spill["contagion_rate"], spillover_amplification=spill["spillover_amplification"]))
    assert model.compute_effective_permeability(spill["threat_level"], spill["agent_trust"]) == spill["permeability"]
    p, accepted = spill["interactions"]["p"], spill["interactions"]["accepted"]
    events = spill["events"]
    assert len(events["interaction"]) > 0
    harm = 0.0
    for index, event_harm, blocked in zip(events["interaction"], events["harm"], events["blocked"]):
        assert accepted[index]
        assert event_harm == (1.0 - p[index]) * spill["spillover_amplification"]
        harm += 0.0 if blocked else event_harm
    assert harm == pytest.approx(spill["external_harm"], rel=1e-12)
