"""The native-backed SWARM classes against SWARM 1.9.0's own on random inputs (skipped when
swarm-safety is not installed; scripts/test-swarm.sh installs it)."""

import copy
import random
import sys

import numpy as np
import pytest

swarm = pytest.importorskip("swarm")

from swarm.boundaries.permeability import PermeabilityConfig  # noqa: E402
from swarm.boundaries.permeability import PermeabilityModel as SwarmPermeabilityModel  # noqa: E402
from swarm.env.auction import AuctionBid, AuctionConfig  # noqa: E402
from swarm.env.auction import DworkinAuction as SwarmAuction  # noqa: E402
from swarm.env.hfn import HFNConfig, HFNOrder  # noqa: E402
from swarm.env.hfn import HFNEngine as SwarmHFNEngine  # noqa: E402
from swarm.env.mission import MissionConfig, MissionObjective  # noqa: E402
from swarm.env.mission import MissionEconomy as SwarmMissionEconomy  # noqa: E402
from swarm.models.identity import IdentityConfig  # noqa: E402
from swarm.models.identity import IdentityRegistry as SwarmIdentityRegistry  # noqa: E402
from swarm.models.interaction import SoftInteraction  # noqa: E402

from agent_economies import swarm_backend  # noqa: E402

NATIVE = swarm_backend.native_classes()


def native(cls):
    return NATIVE[cls]


@pytest.mark.parametrize("trial", range(30))
def test_auction_matches_swarm_exactly(trial):
    rng = random.Random(trial)
    n, r = rng.randint(1, 30), rng.randint(1, 6)
    names = [f"r{rng.randint(0, 9)}{k}" for k in range(r)]
    bids = {f"a{i}": AuctionBid(agent_id=f"a{i}", valuations={
        name: rng.choice([0.0, 1.0, 2.0, rng.uniform(0, 10)]) for name in rng.sample(names, rng.randint(0, r))},
        budget=rng.choice([0.0, 50.0, 100.0, rng.uniform(0, 200)])) for i in range(n)}
    supplies = {name: rng.choice([0.0, 10.0, rng.uniform(0, 100)]) for name in names}
    config = AuctionConfig(max_rounds=rng.randint(1, 80))
    expected = SwarmAuction(config).run_auction(bids, supplies)
    actual = native(SwarmAuction)(config).run_auction(bids, supplies)
    assert actual.to_dict() == expected.to_dict()
    assert len(actual.envy_violations) == len(expected.envy_violations)
    assert actual.envy_violations == expected.envy_violations
    assert [list(a.resources) for a in actual.allocations.values()] == [
        list(a.resources) for a in expected.allocations.values()]


def test_auction_refuses_nan_valuation_naming_the_field():
    bids = {"a": AuctionBid(agent_id="a", valuations={"x": float("nan")}, budget=10.0)}
    with pytest.raises(ValueError, match=r"valuations\[0\]\[0\]"):
        native(SwarmAuction)().run_auction(bids, {"x": 1.0})


@pytest.mark.parametrize("trial", range(12))
def test_hfn_matches_swarm_tick_by_tick(trial):
    rng = random.Random(100 + trial)
    config = HFNConfig(batch_interval_ticks=rng.randint(1, 5), max_orders_per_tick=rng.randint(1, 5),
                       halt_duration_ticks=rng.randint(1, 6))
    ours, theirs = native(SwarmHFNEngine)(config, seed=trial), SwarmHFNEngine(config, seed=trial)
    for tick in range(60):
        for _ in range(rng.randint(0, 30)):
            order = HFNOrder(agent_id=f"g{rng.randint(0, 8)}",
                             order_type=rng.choice(["bid", "ask", "ask", "bid", "cancel", "other"]),
                             resource_type="x", quantity=rng.choice([0, rng.uniform(0, 5)]),
                             price=rng.uniform(0.2, 2) * (0.5 if tick > 30 else 1))
            twin = copy.deepcopy(order)
            assert ours.submit_order(twin) == theirs.submit_order(order)
            if order.order_type != "other":
                assert twin.latency_ms == order.latency_ms
        if rng.random() < 0.05:
            ours.halt()
            theirs.halt()
        assert ours.process_tick().to_dict() == theirs.process_tick().to_dict()
        assert ours.get_order_book_depth() == theirs.get_order_book_depth()
    strip = lambda events: [{k: v for k, v in e.to_dict().items() if k != "crash_id"} for e in events]  # noqa: E731
    assert strip(ours.get_crash_history()) == strip(theirs.get_crash_history())
    assert ours.speed_advantage_gini() == theirs.speed_advantage_gini()
    assert (ours.market_price, ours.is_halted, ours.current_tick) == (
        theirs.market_price, theirs.is_halted, theirs.current_tick)
    assert ours._detector.get_volatility_index() == theirs._detector.get_volatility_index()


@pytest.mark.parametrize("trial", range(12))
def test_permeability_matches_swarm_draw_by_draw(trial):
    rng = random.Random(200 + trial)
    config = PermeabilityConfig(contagion_rate=rng.uniform(0, 1), base_permeability=rng.uniform(0, 1))
    ours, theirs = native(SwarmPermeabilityModel)(config, seed=trial), SwarmPermeabilityModel(config, seed=trial)
    interactions = [SoftInteraction(p=rng.random(), accepted=rng.random() < 0.7) for _ in range(300)]
    assert ours.compute_effective_permeability(0.3, 0.8) == theirs.compute_effective_permeability(0.3, 0.8)
    key = lambda events: [(e.source_interaction_id, e.harm_magnitude, e.blocked) for e in events]  # noqa: E731
    assert key(ours.simulate_spillover(interactions)) == key(theirs.simulate_spillover(interactions))
    assert ours.should_cross(0.4, 0.3) == theirs.should_cross(0.4, 0.3)
    assert ours.state.to_dict() == theirs.state.to_dict()
    weight = rng.uniform(0, 3)
    assert ours.optimal_permeability(interactions, weight, 17) == theirs.optimal_permeability(interactions, weight, 17)
    assert ours.containment_rate() == theirs.containment_rate()


@pytest.mark.parametrize("trial", range(20))
def test_sybil_clusters_match_swarm(trial):
    rng = random.Random(300 + trial)
    patterns = {f"a{i}": {f"c{rng.randint(0, 12)}": rng.randint(1, 5) for _ in range(rng.randint(0, 6))}
                for i in range(rng.randint(0, 60))}
    config = IdentityConfig(behavioral_similarity_threshold=rng.choice([0.0, 0.3, 0.5, 0.8, 1.0]))
    assert native(SwarmIdentityRegistry)(config).detect_sybil_clusters(patterns) == \
        SwarmIdentityRegistry(config).detect_sybil_clusters(patterns)


@pytest.mark.parametrize("strategy", ["equal", "proportional", "shapley"])
@pytest.mark.parametrize("trial", range(5))
def test_mission_rewards_match_swarm(strategy, trial):
    rng = random.Random(400 + trial)
    interactions = [SoftInteraction(p=rng.random(), accepted=rng.random() < 0.7) for _ in range(200)]
    rewards = []
    for cls in (SwarmMissionEconomy, native(SwarmMissionEconomy)):
        economy = cls(MissionConfig(reward_distribution=strategy, min_participants=1))
        draws = random.Random(trial)
        mission = economy.propose_mission("c0", "m", [MissionObjective(target_metric="avg_p", target_value=0.0)],
                                          reward_pool=100.0, deadline_epoch=10)
        for agent in range(10):
            economy.join_mission(f"a{agent}", mission.mission_id)
        for _ in range(150):
            economy.record_contribution(f"a{draws.randint(0, 9)}", mission.mission_id, interactions[draws.randint(0, 199)])
        economy.evaluate_mission(mission.mission_id, interactions)
        rewards.append(economy.distribute_rewards(mission.mission_id, interactions))
    theirs, ours = rewards
    assert list(ours) == list(theirs)
    # SWARM sums over a set whose order depends on string hashing; the native sums are compensated.
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-12)


def test_install_replaces_every_binding_and_uninstall_restores():
    import swarm.env.auction
    import swarm.governance.engine

    swarm_backend.uninstall()
    original = swarm.env.auction.DworkinAuction
    assert original not in NATIVE.values()
    assert swarm_backend.install() >= 8
    assert swarm.env.auction.DworkinAuction is NATIVE[original]
    assert swarm.governance.engine.SybilDetectionLever in NATIVE.values()
    assert sys.modules[__name__].SwarmAuction is NATIVE[original]
    swarm_backend.uninstall()
    assert swarm.env.auction.DworkinAuction is original
    assert swarm.governance.engine.SybilDetectionLever not in NATIVE.values()
    assert sys.modules[__name__].SwarmAuction is original
    assert not swarm_backend.is_installed()


def test_native_classes_are_subclasses_with_swarm_names():
    for original, replacement in NATIVE.items():
        assert issubclass(replacement, original)
        assert replacement.__name__ == original.__name__


def test_envy_list_is_lazy_but_sized():
    rng = np.random.default_rng(5)
    names = [f"r{j}" for j in range(4)]
    bids = {f"a{i}": AuctionBid(agent_id=f"a{i}", valuations=dict(zip(names, rng.uniform(0, 10, 4).tolist())),
                                budget=100.0) for i in range(40)}
    result = native(SwarmAuction)().run_auction(bids, {n: 30.0 for n in names})
    assert result.envy_violations._items is None
    count = len(result.envy_violations)
    assert result.to_dict()["envy_violation_count"] == count
    assert result.envy_violations._items is None
    assert len(list(result.envy_violations)) == count
