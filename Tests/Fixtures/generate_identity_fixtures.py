"""Generate ``identity.json``, the reference fixtures for the Swift port of the
identity and Sybil-detection model of swarm-safety 1.9.0
(``swarm.models.identity`` and ``swarm.governance.identity_lever``).

The document has a ``reference`` string and seven lists.

``credential_cases``: one ``VerifiableCredential`` each (``credential`` is its
``to_dict()``) and ``is_valid(epoch)`` for every epoch of ``epochs``
(``valid``, same order). Covered: no expiry, expiry exactly at the epoch,
before and after it, negative epochs and expiries, revoked credentials,
epochs before the issue epoch (not checked by the reference) and claim values
of every JSON type (null, int, float, string, list, nested object, bool).

``trust_cases``: an ``AgentIdentity`` with ``proof_of_personhood`` and
``credentials`` (``to_dict()`` form, in list order); ``trust`` is
``compute_trust_score(epoch)``. ``has_credential`` and ``credential_value``
give ``has_credential(t, epoch)`` and ``get_credential_value(t, epoch)`` for
``t`` in ``reputation_history``, ``audit_pass`` and ``missing``, as
``[claim_type, result]`` pairs (the value is the first valid credential's
value, ``null`` when there is none; a valid credential whose value is null
gives ``true`` and ``null``). Up to 8 valid credentials, so the 0.5 cap on the
credential part is reached; the exact sums (for example 0.3 + 0.3... =
0.6000000000000001) are the reference's.

``identity_roundtrip``: three ``AgentIdentity.to_dict()`` documents;
``linked_identities`` (a set in the reference, written in hash order by
``to_dict``) is written as a sorted list. ``AgentIdentity.from_dict`` of each
gives back the same identity (checked here).

``registry_cases``: an ``IdentityConfig`` (all six fields) and a list of
``IdentityRegistry.create_identity(agent_id, entity_id, proof_of_personhood,
current_epoch)`` calls on one registry, with the identity returned (``null``
when refused; otherwise its ``agent_id``, ``identity_cost``,
``creation_epoch``, ``proof_of_personhood`` and ``trust_score``). Afterwards
``trust_distribution`` (``get_trust_distribution()`` as ``[agent_id, trust]``
pairs in registry insertion order) and ``pop_verification_rate()``. Note: the
reference treats ``entity_id`` ``None`` and ``""`` alike (no entity, no
limit), and it records the agent under its entity *before* it checks the
Proof-of-Personhood requirement, so an agent refused for lack of PoP still
takes one of the entity's slots (and, since the slot holds its own id, the
same agent is refused again under that entity even with PoP). An agent
refused for the entity limit is not recorded.

``issuer_cases``: one ``CredentialIssuer`` with an ``IdentityConfig`` whose
``credential_expiry_epochs`` is given (all other fields default) and a list
of steps run in order:

* ``issue_reputation``: ``issue_reputation_credential(subject_id, reputation,
  epoch)``;
* ``issue_audit``: ``issue_audit_pass(subject_id, epoch)``;
* ``issue``: ``issue_credential(subject_id, claim_type, claim_value, epoch,
  issuer_id)``;
* ``verify``: ``verify_credential(id, epoch)`` as ``result``;
* ``revoke``: ``revoke_credential(id)`` as ``result``.

The issue steps hold the returned credential's ``to_dict()`` as it was at issue
time, without ``credential_id`` (a random uuid4). ``index`` in ``verify`` and
``revoke`` numbers the case's issued credentials in issue order from 0;
``null`` stands for an id the issuer never issued. The issuer does not
validate its config: the case ``expiry_0_unvalidated`` uses
``credential_expiry_epochs == 0``, so a credential is already expired at its
issue epoch.

``cluster_cases``: ``IdentityRegistry.detect_sybil_clusters(patterns)`` with
``behavioral_similarity_threshold == threshold`` and
``sybil_detection_enabled == enabled`` (other fields default). ``patterns`` is
the ``agent -> {counterparty: count}`` dict as ``[agent, [[counterparty,
count], ...]]`` lists, both levels in dict insertion order (the agent order
is the order the reference scans; the key order defines the canonical column
order below). ``clusters`` is the result in discovery order, each set written
sorted. ``similarities`` (only for cases with at most 40 agents) lists
``[i, j, registry._behavioral_similarity(patterns[i], patterns[j])]`` for all
agent indices ``i < j`` in pattern order. Counts are ints; some are 0 (a key
with count 0 is still a key for the Jaccard part, and when the shared counts
of either side sum to 0 or less the score is the Jaccard part alone) and a few
cases use negative counts (the score can then exceed 1 or be negative).
Identical patterns score 1 only with a single key: the frequency part is the
dot product of the two count vectors each divided by its sum, not a cosine.

The ``threshold_*`` cases come in triples over one seeded random pattern set:
``_at`` uses a similarity value that occurs in the set as the threshold (so
some pairs score exactly the threshold), ``_below`` and ``_above`` the
neighbouring doubles ``math.nextafter(t, 0)`` and ``math.nextafter(t, 2)``;
the clustering at ``t`` always differs from the clustering just above it.
The ``large_*`` cases have 150-300 agents with planted groups of 3-8
near-identical agents and no ``similarities`` list.

Exactness: the reference sums the frequency dot product over a Python
``set`` of shared keys (hash order), so its last bit depends on that order.
The Swift port sums in a canonical order instead: counterparty columns are
numbered by first appearance scanning the agents in pattern order and each
pattern's keys in written order, and the shared keys of a pair are visited by
increasing column. This script computes that canonical score too (the only
re-implemented piece, used for checking, never written) and asserts, for every
pair of every cluster case and at every lever detection, that ``canonical >=
threshold`` and ``reference >= threshold`` agree. A random case that breaks
this is redrawn (the script prints the number of redraws). The
``similarities`` are the reference's values; a few differ from the canonical
ones in the last bits (135 of the 3491 listed pairs, by at most 1.2e-16, which
is 8 ulps for a small score of the negative-count set), so a port should
compare them with an absolute tolerance of about 1e-15 and compare the
clusters exactly.

``lever_cases``: one ``SybilDetectionLever`` built from a ``GovernanceConfig``
with the six Sybil fields given (all others default) and a list of events:

* ``interaction``: ``on_interaction(SoftInteraction(initiator, counterparty,
  p=0.5), None)`` and its effect;
* ``epoch_start``: ``on_epoch_start(None, epoch)``, its effect,
  ``get_clusters()`` (discovery order, each sorted), ``get_flagged_agents()``
  (sorted) and ``can_agent_act(agent, None)`` for every agent that occurred in
  an interaction of the case so far (first-occurrence order) and for
  ``"nobody"``;
* ``clear``: ``clear_history()``.

An effect is written as ``cost_a``, ``cost_b``, ``reputation_deltas`` and
``resource_deltas`` (``[agent, delta]`` pairs sorted by agent: the reference
fills these dicts while iterating sets, so their order carries no meaning),
``lever_name``, ``details`` (as returned) and ``agents_to_freeze`` /
``agents_to_unfreeze`` (sorted). The lever never reads the state, so ``None``
is passed. Note that the lever records an interaction for both parties (a
self-interaction adds 2 to the agent's own key), keeps the patterns across
epochs until ``clear_history()``, applies the real-time penalty whenever both
parties were flagged at the last detection (even in different clusters, and
for a flagged agent's self-interaction), and that ``clear_history()`` also
forgets the clusters, so ``can_agent_act`` is true again until the next
detection.

Every input is hand-written or drawn from a seeded ``random.Random``. Python
iterates sets of strings in an order that depends on the string hash seed, so
the script re-executes itself with ``PYTHONHASHSEED=0``; running it twice gives
byte-identical output. Floats are written by ``json.dump`` using ``repr``,
which round-trips exactly to IEEE-754 doubles.

Regenerate from the repository root with:

    /tmp/venv/bin/python Tests/Fixtures/generate_identity_fixtures.py

(a venv with ``pip install swarm-safety==1.9.0``; the script sets
``PYTHONHASHSEED=0`` itself by re-executing). The checked-in file was produced
with CPython 3.11; from 3.12 on, ``sum()`` of floats uses compensated
summation, which can change the last bits of the reference similarities.
"""

import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(
        sys.executable,
        [sys.executable, os.path.abspath(__file__)] + sys.argv[1:],
        dict(os.environ, PYTHONHASHSEED="0"),
    )

import math  # noqa: E402
import random  # noqa: E402

from fixture_support import REQUIRED_VERSION, require_reference, write_fixture  # noqa: E402

require_reference()

from swarm.governance.config import GovernanceConfig  # noqa: E402
from swarm.governance.identity_lever import SybilDetectionLever  # noqa: E402
from swarm.models.identity import (  # noqa: E402
    AgentIdentity,
    CredentialIssuer,
    IdentityConfig,
    IdentityRegistry,
    VerifiableCredential,
)
from swarm.models.interaction import SoftInteraction  # noqa: E402

OUTPUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "identity.json")

CLAIM_TYPES_QUERIED = ("reputation_history", "audit_pass", "missing")

STATS = {"redraws": 0, "rejected_thresholds": 0, "last_bit_differences": 0,
         "pairs_checked": 0}


# ---------------------------------------------------------------------------
# Credentials and trust
# ---------------------------------------------------------------------------


def make_cred(cid, claim_type="audit_pass", value=None, issued=0, expires=None,
              revoked=False, issuer="system", subject="agent"):
    return VerifiableCredential(
        credential_id=cid, issuer_id=issuer, subject_id=subject, claim_type=claim_type,
        claim_value=value, issued_epoch=issued, expires_epoch=expires, revoked=revoked)


def credential_cases():
    specs = [
        ("no_expiry", make_cred("c-no-expiry", value=None), [-1000, -1, 0, 1, 50, 1000000]),
        ("expires_at_10", make_cred("c-exp-10", expires=10, value=1),
         [-3, 0, 9, 10, 11, 100]),
        ("expires_at_0", make_cred("c-exp-0", expires=0, value=0), [-2, -1, 0, 1]),
        ("expires_at_negative_5", make_cred("c-exp-neg", issued=-20, expires=-5, value=-3),
         [-100, -6, -5, -4, 0, 5]),
        ("revoked_no_expiry", make_cred("c-rev", revoked=True, value="revoked"),
         [-5, 0, 5, 1000]),
        ("revoked_with_expiry", make_cred("c-rev-exp", issued=3, expires=8, revoked=True,
                                          value=0.5), [0, 3, 7, 8, 9]),
        ("valid_before_issue_epoch", make_cred("c-future", issued=20, expires=30, value=True),
         [-1, 0, 19, 20, 29, 30]),
        ("expiry_before_issue", make_cred("c-backwards", issued=20, expires=10, value=False),
         [0, 9, 10, 20, 25]),
        ("claim_int", make_cred("c-int", "task_completion", 42, 1, 2), [0, 1, 2]),
        ("claim_negative_int", make_cred("c-negint", "task_completion", -7, 0, 100), [99, 100]),
        ("claim_float", make_cred("c-float", "reputation_history", 0.1 + 0.2, 5, 6), [5, 6]),
        ("claim_string", make_cred("c-str", "note", "ok \u00e9 \"quoted\"", 0, None), [0]),
        ("claim_empty_string", make_cred("c-empty", "", "", 0, 1), [0, 1]),
        ("claim_list", make_cred("c-list", "history", [1, "two", 3.5, None, True, [4]], 2, 12),
         [2, 11, 12]),
        ("claim_nested_object", make_cred(
            "c-dict", "reputation_history",
            {"reputation": 0.7, "epoch": 3, "tags": ["a", "b"], "inner": {"x": None, "y": -1.5}},
            3, 53), [3, 52, 53]),
        ("claim_empty_object", make_cred("c-empty-dict", "audit_pass", {}, 0, 5), [4, 5]),
        ("claim_bool_false_revoked", make_cred("c-false", "audit_pass", False, 0, None, True), [0]),
        ("defaults", VerifiableCredential(credential_id="c-defaults"), [-1, 0, 1]),
    ]
    out = []
    for name, cred, epochs in specs:
        out.append({"name": name, "credential": cred.to_dict(), "epochs": epochs,
                    "valid": [cred.is_valid(e) for e in epochs]})
    return out


def queries(identity, epoch):
    has = [[t, identity.has_credential(t, epoch)] for t in CLAIM_TYPES_QUERIED]
    val = [[t, identity.get_credential_value(t, epoch)] for t in CLAIM_TYPES_QUERIED]
    return has, val


def trust_case(name, pop, creds, epoch):
    ident = AgentIdentity(agent_id=name, proof_of_personhood=pop, credentials=creds)
    trust = ident.compute_trust_score(epoch)
    has, val = queries(ident, epoch)
    return {"name": name, "proof_of_personhood": pop,
            "credentials": [c.to_dict() for c in creds], "epoch": epoch, "trust": trust,
            "has_credential": has, "credential_value": val}


def trust_cases():
    types = ["reputation_history", "audit_pass", "task_completion"]
    out = []

    def valid_creds(n, tag):
        return [make_cred(f"{tag}-{i}", types[i % 3],
                          {"reputation": round(0.1 * (i + 1), 1)} if i % 3 == 0 else i,
                          issued=0, expires=None if i % 2 else 100)
                for i in range(n)]

    for n in (0, 1, 2, 3, 4, 5, 6, 8):
        out.append(trust_case(f"valid_{n}_no_pop", False, valid_creds(n, f"np{n}"), 10))
    for n in (0, 1, 3, 5, 6):
        out.append(trust_case(f"valid_{n}_pop", True, valid_creds(n, f"p{n}"), 10))

    mixed = [
        make_cred("m-exp-1", "reputation_history", {"reputation": 0.2}, 0, 5),
        make_cred("m-exp-2", "audit_pass", {"epoch": 0}, 0, 10),
        make_cred("m-rev-1", "reputation_history", {"reputation": 0.9}, 0, None, True),
        make_cred("m-ok-1", "reputation_history", {"reputation": 0.6}, 8, 20),
        make_cred("m-rev-2", "audit_pass", {"epoch": 9}, 9, 50, True),
        make_cred("m-ok-2", "task_completion", 3, 9, None),
    ]
    out.append(trust_case("mixed_expired_revoked_valid_no_pop", False, mixed, 10))
    out.append(trust_case("mixed_expired_revoked_valid_pop", True, mixed, 10))
    out.append(trust_case("mixed_at_epoch_0", False, mixed, 0))
    out.append(trust_case("mixed_at_epoch_20", True, mixed, 20))
    out.append(trust_case("mixed_negative_epoch", False, mixed, -4))

    all_invalid = [
        make_cred("x-1", "reputation_history", 0.4, 0, 3),
        make_cred("x-2", "audit_pass", True, 0, None, True),
        make_cred("x-3", "audit_pass", True, 0, 4),
    ]
    out.append(trust_case("all_invalid_pop", True, all_invalid, 4))
    out.append(trust_case("all_invalid_no_pop", False, all_invalid, 4))

    # First valid credential of a type wins; an expired earlier one is skipped.
    firsts = [
        make_cred("f-1", "reputation_history", {"reputation": 0.1}, 0, 2),
        make_cred("f-2", "reputation_history", {"reputation": 0.5}, 0, None),
        make_cred("f-3", "reputation_history", {"reputation": 0.8}, 0, None),
        make_cred("f-4", "audit_pass", None, 0, None),
    ]
    out.append(trust_case("first_valid_value_wins", False, firsts, 5))
    out.append(trust_case("first_valid_value_wins_epoch_0", True, firsts, 0))

    many_invalid = valid_creds(8, "cap") + [make_cred(f"cap-rev-{i}", "audit_pass", i, 0, None,
                                                      True) for i in range(3)]
    out.append(trust_case("eight_valid_three_revoked_pop", True, many_invalid, 50))
    out.append(trust_case("eight_of_them_expired_at_100", True, many_invalid, 100))
    return out


def identity_dict(identity):
    d = identity.to_dict()
    d["linked_identities"] = sorted(identity.linked_identities)
    return d


def identity_roundtrip():
    idents = [
        AgentIdentity(
            agent_id="agent-alpha", identity_cost=10.0, creation_epoch=3,
            credentials=[make_cred("ra-1", "reputation_history", {"reputation": 0.75, "epoch": 3},
                                   3, 53, subject="agent-alpha"),
                         make_cred("ra-2", "audit_pass", {"epoch": 4}, 4, 54, True,
                                   subject="agent-alpha")],
            proof_of_personhood=True,
            linked_identities={"agent-gamma", "agent-beta", "agent-zeta", "agent-delta"},
        ),
        AgentIdentity(
            agent_id="agent-beta", identity_cost=0.0, creation_epoch=0,
            credentials=[make_cred("rb-1", "task_completion", [1, 2.5, "x", None], 0, None,
                                   issuer="auditor", subject="agent-beta")],
            proof_of_personhood=False, linked_identities={"agent-alpha"}, trust_score=0.125,
        ),
        AgentIdentity(
            agent_id="agent-gamma", identity_cost=2.5, creation_epoch=-2,
            credentials=[make_cred(f"rg-{i}", "audit_pass", {"epoch": i, "ok": i % 2 == 0}, i,
                                   i + 5, subject="agent-gamma") for i in range(3)],
            proof_of_personhood=True, linked_identities=set(),
        ),
    ]
    idents[0].compute_trust_score(10)
    idents[2].compute_trust_score(3)
    out = []
    for ident in idents:
        d = identity_dict(ident)
        back = AgentIdentity.from_dict(d)
        assert identity_dict(back) == d
        out.append(d)
    return out


# ---------------------------------------------------------------------------
# Registry and issuer
# ---------------------------------------------------------------------------


def identity_config(cost=10.0, pop_required=False, expiry=50, sybil=True, max_per_entity=1,
                    threshold=0.8):
    return {"identity_creation_cost": float(cost), "proof_of_personhood_required": pop_required,
            "credential_expiry_epochs": expiry, "sybil_detection_enabled": sybil,
            "max_identities_per_entity": max_per_entity,
            "behavioral_similarity_threshold": float(threshold)}


def op(agent_id, entity_id=None, pop=False, epoch=0):
    return (agent_id, entity_id, pop, epoch)


def registry_case(name, cfg, ops):
    registry = IdentityRegistry(IdentityConfig(**cfg))
    operations = []
    for agent_id, entity_id, pop, epoch in ops:
        ident = registry.create_identity(agent_id, entity_id=entity_id,
                                         proof_of_personhood=pop, current_epoch=epoch)
        operations.append({
            "agent_id": agent_id, "entity_id": entity_id, "proof_of_personhood": pop,
            "current_epoch": epoch,
            "identity": None if ident is None else {
                "agent_id": ident.agent_id, "identity_cost": ident.identity_cost,
                "creation_epoch": ident.creation_epoch,
                "proof_of_personhood": ident.proof_of_personhood,
                "trust_score": ident.trust_score},
        })
    return {"name": name, "config": cfg, "operations": operations,
            "trust_distribution": [[k, v] for k, v in registry.get_trust_distribution().items()],
            "pop_verification_rate": registry.pop_verification_rate()}


def registry_cases():
    out = []
    out.append(registry_case("defaults_duplicates_and_entity_limit_1", identity_config(), [
        op("a1"), op("a1"), op("a1", "e1", True), op("a2", None, True, 2),
        op("a3", "e1", False, 3), op("a4", "e1", True, 3), op("a3", "e2", True, 4),
        op("a5", "e2", False, 5), op("a6", "e3", True, -1),
    ]))
    out.append(registry_case("entity_limit_3_reached", identity_config(cost=2.5, max_per_entity=3),
                             [op(f"x{i}", "big", i % 2 == 0, i) for i in range(5)]
                             + [op("y1", "small", True, 7), op("x1", "small", True, 8),
                                op("y2", "small", False, 9), op("x5", "big", True, 10)]))
    out.append(registry_case("empty_string_entity_means_none", identity_config(), [
        op("s1", ""), op("s2", ""), op("s3", "", True), op("s4", None), op("s5", "e"),
        op("s6", "e"),
    ]))
    out.append(registry_case("none_entity_unlimited", identity_config(cost=1.0), [
        op(f"n{i}", None, i % 3 == 0, i) for i in range(6)
    ]))
    out.append(registry_case("pop_required_refusal_uses_entity_slot",
                             identity_config(pop_required=True), [
        op("p1", None, True, 0),
        op("p2", None, False, 0),      # refused, no entity
        op("p3", "e1", False, 1),      # refused for PoP, but recorded under e1
        op("p4", "e1", True, 1),       # refused: e1's single slot is taken by p3
        op("p3", "e1", True, 2),       # refused: e1 already holds p3 itself
        op("p3", None, True, 2),       # created without an entity
        op("p5", "", True, 3),
        op("p6", "e2", True, 3),
        op("p2", None, True, 4),       # earlier refusal left no trace without entity
    ]))
    out.append(registry_case("pop_required_limit_3_refusals_fill_slots",
                             identity_config(pop_required=True, max_per_entity=3, cost=5.0), [
        op("q1", "e", False), op("q2", "e", False), op("q3", "e", True), op("q4", "e", True),
        op("q5", "f", True), op("q6", "f", True),
    ]))
    out.append(registry_case("empty_registry", identity_config(), []))
    out.append(registry_case("all_refused_rate_0", identity_config(pop_required=True), [
        op("r1", None, False), op("r2", "e", False), op("r3", "e", True),
    ]))
    out.append(registry_case("creation_cost_0", identity_config(cost=0.0, max_per_entity=2), [
        op("z1", "e", True, 0), op("z2", "e", False, 1), op("z3", "e", True, 2),
        op("z4", None, False, 3),
    ]))
    out.append(registry_case("all_pop_rate_1", identity_config(cost=0.5, max_per_entity=10,
                                                               threshold=0.0, sybil=False,
                                                               expiry=1), [
        op("w1", "e", True, 100), op("w2", "e", True, -100),
    ]))
    return out


def cred_doc(cred):
    d = cred.to_dict()
    del d["credential_id"]  # random uuid4
    return d


def issuer_case(name, expiry, steps):
    issuer = CredentialIssuer(IdentityConfig(credential_expiry_epochs=expiry))
    issued = []
    out_steps = []

    def cid(index):
        return "never-issued" if index is None else issued[index].credential_id

    for step in steps:
        kind = step[0]
        if kind == "issue_reputation":
            _, subject, rep, epoch = step
            cred = issuer.issue_reputation_credential(subject, rep, epoch)
            issued.append(cred)
            out_steps.append({"op": kind, "subject_id": subject, "reputation": float(rep),
                              "epoch": epoch, "credential": cred_doc(cred)})
        elif kind == "issue_audit":
            _, subject, epoch = step
            cred = issuer.issue_audit_pass(subject, epoch)
            issued.append(cred)
            out_steps.append({"op": kind, "subject_id": subject, "epoch": epoch,
                              "credential": cred_doc(cred)})
        elif kind == "issue":
            _, subject, claim_type, value, epoch, issuer_id = step
            cred = issuer.issue_credential(subject, claim_type, value, epoch, issuer_id=issuer_id)
            issued.append(cred)
            out_steps.append({"op": kind, "subject_id": subject, "claim_type": claim_type,
                              "claim_value": value, "epoch": epoch, "issuer_id": issuer_id,
                              "credential": cred_doc(cred)})
        elif kind == "verify":
            _, index, epoch = step
            out_steps.append({"op": kind, "index": index, "epoch": epoch,
                              "result": issuer.verify_credential(cid(index), epoch)})
        elif kind == "revoke":
            _, index = step
            out_steps.append({"op": kind, "index": index,
                              "result": issuer.revoke_credential(cid(index))})
        else:
            raise ValueError(kind)
    return {"name": name, "credential_expiry_epochs": expiry, "steps": out_steps}


def issuer_cases():
    out = []
    out.append(issuer_case("default_expiry_50", 50, [
        ("issue_reputation", "s1", 0.75, 0),
        ("verify", 0, -10), ("verify", 0, 0), ("verify", 0, 49), ("verify", 0, 50),
        ("verify", 0, 51),
        ("issue_audit", "s1", 10),
        ("verify", 1, 59), ("verify", 1, 60),
        ("revoke", 0), ("verify", 0, 10), ("revoke", 0), ("verify", 0, 10),
        ("verify", 1, 10),
        ("verify", None, 0), ("revoke", None), ("verify", None, 0),
    ]))
    out.append(issuer_case("expiry_1", 1, [
        ("issue_audit", "auditee", 5), ("verify", 0, 4), ("verify", 0, 5), ("verify", 0, 6),
        ("issue", "auditee", "task_completion", [1, "two", 3.5, None], 6, "auditor-7"),
        ("verify", 1, 6), ("verify", 1, 7),
        ("issue", "other", "custom", {"nested": {"k": [True, False]}, "n": -2}, -3, "sys"),
        ("verify", 2, -3), ("verify", 2, -2),
        ("revoke", 2), ("revoke", 2), ("verify", 2, -3),
    ]))
    out.append(issuer_case("expiry_3_several_subjects", 3, [
        ("issue_reputation", "a", 0.1 + 0.2, 0),
        ("issue_reputation", "b", -1.5, 1),
        ("issue_audit", "a", 2),
        ("issue", "c", "reputation_history", None, 2, ""),
        ("issue", "c", "flag", True, 2, "system"),
        ("verify", 0, 2), ("verify", 0, 3), ("verify", 1, 3), ("verify", 1, 4),
        ("revoke", 1), ("verify", 1, 3), ("verify", 2, 4), ("verify", 3, 4), ("verify", 4, 5),
        ("revoke", 3), ("verify", 3, 2), ("verify", 4, 2), ("revoke", None),
        ("issue_reputation", "a", 0.0, 100), ("verify", 5, 102), ("verify", 5, 103),
    ]))
    out.append(issuer_case("expiry_0_unvalidated", 0, [
        ("issue_audit", "z", 4), ("verify", 0, 3), ("verify", 0, 4), ("verify", 0, 5),
        ("issue_reputation", "z", 1.0, -1), ("verify", 1, -2), ("verify", 1, -1),
    ]))
    out.append(issuer_case("long_expiry_1000", 1000, [
        ("issue", "q", "score", 7, 0, "system"), ("issue", "q", "score", 0.5, 500, "system"),
        ("verify", 0, 999), ("verify", 0, 1000), ("verify", 1, 1499), ("verify", 1, 1500),
        ("revoke", 1), ("verify", 1, 600), ("verify", 0, 600),
    ]))
    return out


# ---------------------------------------------------------------------------
# Behavioural similarity: the canonical order used by the Swift port
# ---------------------------------------------------------------------------


def canonical_columns(patterns):
    columns = {}
    for pattern in patterns.values():
        for key in pattern:
            if key not in columns:
                columns[key] = len(columns)
    return columns


def canonical_similarity(pa, pb, columns):
    """Our own statement of the score, summing over shared keys by column number."""
    if not pa or not pb:
        return 0.0
    shared = sorted((k for k in pa if k in pb), key=columns.__getitem__)
    union_size = len(pa) + len(pb) - len(shared)
    jaccard = len(shared) / union_size
    if shared:
        total_a = sum(pa[k] for k in shared)
        total_b = sum(pb[k] for k in shared)
        if total_a > 0 and total_b > 0:
            dot = 0.0
            for k in shared:
                dot += (pa[k] / total_a) * (pb[k] / total_b)
            return (jaccard + dot) / 2
    return jaccard


def pair_scores(patterns, reference_similarity):
    """All pairs i < j as (i, j, reference, canonical)."""
    agents = list(patterns)
    columns = canonical_columns(patterns)
    out = []
    for i in range(len(agents)):
        pa = patterns[agents[i]]
        for j in range(i + 1, len(agents)):
            pb = patterns[agents[j]]
            out.append((i, j, reference_similarity(pa, pb), canonical_similarity(pa, pb, columns)))
    return out


def decisions_agree(scores, threshold):
    return all((ref >= threshold) == (can >= threshold) for _, _, ref, can in scores)


def registry_clusters(patterns, threshold, enabled=True):
    registry = IdentityRegistry(IdentityConfig(behavioral_similarity_threshold=threshold,
                                               sybil_detection_enabled=enabled))
    return [sorted(c) for c in registry.detect_sybil_clusters(patterns)]


REFERENCE_SIM = IdentityRegistry()._behavioral_similarity


def cluster_case(name, patterns, threshold, enabled=True, with_similarities=None):
    threshold = float(threshold)
    scores = pair_scores(patterns, REFERENCE_SIM)
    assert decisions_agree(scores, threshold), name
    STATS["pairs_checked"] += len(scores)
    STATS["last_bit_differences"] += sum(1 for s in scores if s[2] != s[3])
    at = sum(1 for s in scores if s[2] == threshold)
    case = {"name": name, "threshold": threshold, "enabled": enabled,
            "patterns": [[a, [[k, v] for k, v in p.items()]] for a, p in patterns.items()],
            "clusters": registry_clusters(patterns, threshold, enabled)}
    if with_similarities is None:
        with_similarities = len(patterns) <= 40
    if with_similarities:
        case["similarities"] = [[i, j, ref] for i, j, ref, _ in scores]
    print(f"  cluster {name}: {len(patterns)} agents, threshold {threshold!r}, "
          f"{len(case['clusters'])} clusters, {at} pairs exactly at threshold")
    return case


def hand_cluster_cases():
    out = []
    add = out.append
    add(cluster_case("no_agents", {}, 0.8))
    add(cluster_case("single_agent", {"solo": {"x": 3, "y": 1}}, 0.0))
    add(cluster_case("identical_single_key_threshold_1",
                     {"a": {"x": 3}, "b": {"x": 7}, "c": {"x": 1}, "d": {"y": 1}}, 1.0))
    two_keys = {"a": {"x": 1, "y": 1}, "b": {"x": 1, "y": 1}, "c": {"y": 2, "x": 2}}
    add(cluster_case("identical_two_keys_default_0_8", two_keys, 0.8))
    add(cluster_case("identical_two_keys_threshold_0_75_exact", two_keys, 0.75))
    add(cluster_case("identical_patterns_threshold_1", {
        "p": {"x": 2, "y": 5, "z": 1}, "q": {"x": 2, "y": 5, "z": 1}, "r": {"x": 2, "y": 5, "z": 1},
    }, 1.0))
    add(cluster_case("identical_patterns_threshold_0_5", {
        "p": {"x": 2, "y": 5, "z": 1}, "q": {"x": 2, "y": 5, "z": 1}, "r": {"x": 2, "y": 5, "z": 1},
        "s": {"w": 4},
    }, 0.5))
    empties = {"e1": {}, "a": {"x": 1}, "e2": {}, "b": {"x": 2}, "c": {"y": 1}}
    add(cluster_case("empty_patterns_threshold_0", empties, 0.0))
    add(cluster_case("empty_patterns_threshold_0_5", empties, 0.5))
    disjoint = {"a": {"x": 1, "y": 2}, "b": {"z": 3}, "c": {"w": 1, "v": 9}, "d": {"u": 0}}
    add(cluster_case("no_shared_counterparty_threshold_0", disjoint, 0.0))
    add(cluster_case("no_shared_counterparty_threshold_0_5", disjoint, 0.5))
    zeros = {"z1": {"x": 0, "y": 0}, "z2": {"x": 0, "y": 0}, "c": {"x": 0, "y": 5},
             "d": {"x": 3, "y": 0}, "e": {"x": 0, "z": 0}, "f": {"y": 2, "z": 2}}
    add(cluster_case("zero_counts_threshold_0_5", zeros, 0.5))
    add(cluster_case("zero_counts_threshold_0_8", zeros, 0.8))
    add(cluster_case("zero_counts_threshold_1", zeros, 1.0))
    add(cluster_case("zero_shared_total_lowers_score", {
        "a": {"x": 0, "y": 4}, "b": {"x": 0, "z": 4}, "c": {"x": 1, "y": 4}, "d": {"x": 1, "z": 4},
    }, 0.5))
    negatives = {"a": {"x": -1, "y": 3}, "b": {"x": -1, "y": 3}, "c": {"x": -3, "y": 1},
                 "d": {"x": 2, "y": -1}, "e": {"y": -2, "x": 2}, "f": {"x": 5, "w": -5}}
    add(cluster_case("negative_counts_threshold_0_8", negatives, 0.8))
    add(cluster_case("negative_counts_threshold_0", negatives, 0.0))
    add(cluster_case("negative_counts_threshold_1", negatives, 1.0))
    add(cluster_case("negative_counts_order_d_first",
                     {k: negatives[k] for k in ("d", "a", "e", "b", "f", "c")}, 0.5))
    rings = {"s1": {"t1": 5, "t2": 1}, "h1": {"t3": 2, "t1": 1}, "s2": {"t1": 5, "t2": 1},
             "s3": {"t2": 1, "t1": 6}, "h2": {"t4": 3}, "s4": {"t1": 4, "t2": 1, "t5": 1}}
    add(cluster_case("sybil_ring_default_threshold", rings, 0.8))
    add(cluster_case("sybil_ring_disabled", rings, 0.8, enabled=False))
    chain = {"a": {"p": 1}, "b": {"p": 1, "q": 1}, "c": {"q": 1}}
    add(cluster_case("chain_anchor_a", chain, 0.7))
    add(cluster_case("chain_anchor_b", {"b": chain["b"], "a": chain["a"], "c": chain["c"]}, 0.7))
    add(cluster_case("visited_agents_do_not_anchor", {
        "a": {"p": 3, "q": 1}, "b": {"p": 3, "q": 1, "r": 1}, "c": {"p": 3, "q": 1, "r": 1},
        "d": {"r": 1, "q": 1, "p": 3}, "e": {"r": 2}, "f": {"r": 2, "s": 0},
    }, 0.7))
    return out


# ---------------------------------------------------------------------------
# Random pattern sets
# ---------------------------------------------------------------------------


def random_ids(rng, n, prefix):
    ids = set()
    while len(ids) < n:
        ids.add(f"{prefix}{rng.randrange(10 * n + 100):04d}")
    ids = sorted(ids)
    rng.shuffle(ids)
    return ids


def random_pattern(rng, pool, kmin, kmax, cmin, cmax):
    keys = rng.sample(pool, rng.randint(kmin, min(kmax, len(pool))))
    return {k: rng.randint(cmin, cmax) for k in keys}


def near_copy(rng, source, pool, cmin, cmax):
    pattern = dict(source)
    keys = list(pattern)
    move = rng.random()
    if move < 0.25:
        pass  # exact copy
    elif move < 0.6:
        k = rng.choice(keys)
        pattern[k] = max(cmin, min(cmax, pattern[k] + rng.choice((-1, 1))))
    elif move < 0.8 and len(keys) > 1:
        del pattern[rng.choice(keys)]
    else:
        extra = [k for k in pool if k not in pattern]
        if extra:
            pattern[rng.choice(extra)] = rng.randint(cmin, cmax)
    if rng.random() < 0.5:  # a different written key order
        items = list(pattern.items())
        rng.shuffle(items)
        pattern = dict(items)
    return pattern


def random_pattern_set(rng, n_base, pool, kmin, kmax, cmin, cmax, groups):
    """n_base random agents plus planted groups: each group is a source and near-copies."""
    patterns = [random_pattern(rng, pool, kmin, kmax, cmin, cmax) for _ in range(n_base)]
    for size in groups:
        source = random_pattern(rng, pool, max(kmin, 2), kmax, max(cmin, 1), cmax)
        for _ in range(size):
            patterns.insert(rng.randrange(len(patterns) + 1), near_copy(rng, source, pool,
                                                                       cmin, cmax))
    ids = random_ids(rng, len(patterns), "ag")
    return dict(zip(ids, patterns))


def pool_names(n, prefix="cp"):
    return [f"{prefix}{chr(ord('a') + i % 26)}{i // 26}" for i in range(n)]


def boundary_triple(label, seed, n_base, groups, cmin=0, cmax=9, kmax=12):
    """Cases at, just below and just above a similarity value that occurs in the set."""
    rng = random.Random(seed)
    pool = pool_names(15)
    while True:
        patterns = random_pattern_set(rng, n_base, pool, 1, kmax, cmin, cmax, groups)
        scores = pair_scores(patterns, REFERENCE_SIM)
        values = sorted({ref for _, _, ref, _ in scores if 0.5 <= ref < 1.0})
        rng.shuffle(values)
        # Prefer values whose rounding depends on the summation order: not a
        # multiple of 2**-10, reached by some pair through a dot product over at
        # least three shared keys.
        agents = list(patterns)
        order_sensitive = set()
        for i, j, ref, _ in scores:
            pa, pb = patterns[agents[i]], patterns[agents[j]]
            shared = [k for k in pa if k in pb]
            if (len(shared) >= 3 and sum(pa[k] for k in shared) > 0
                    and sum(pb[k] for k in shared) > 0 and (ref * 1024) % 1 != 0):
                order_sensitive.add(ref)
        values.sort(key=lambda v: v not in order_sensitive)  # stable: keeps the shuffle
        chosen = None
        for t in values:
            thresholds = (t, math.nextafter(t, 0), math.nextafter(t, 2))
            if not all(decisions_agree(scores, x) for x in thresholds):
                STATS["rejected_thresholds"] += 1
                continue
            if registry_clusters(patterns, t) == registry_clusters(patterns, thresholds[2]):
                continue
            chosen = thresholds
            break
        if chosen is not None:
            break
        STATS["redraws"] += 1
        print(f"  redraw {label}: no usable threshold")
    t, below, above = chosen
    return [cluster_case(f"threshold_{label}_at", patterns, t),
            cluster_case(f"threshold_{label}_below", patterns, below),
            cluster_case(f"threshold_{label}_above", patterns, above)]


def large_case(label, seed, n_agents, threshold, n_pool=40, cmin=0, cmax=9, kmax=8):
    rng = random.Random(seed)
    pool = pool_names(n_pool, "cq")
    while True:
        groups = []
        planted = 0
        while planted < n_agents // 4:
            size = rng.randint(3, 8)
            groups.append(size)
            planted += size
        patterns = random_pattern_set(rng, n_agents - planted, pool, 1, kmax, cmin, cmax, groups)
        scores = pair_scores(patterns, REFERENCE_SIM)
        t = threshold
        if t is None:  # a value that occurs among the high scores
            high = sorted({ref for _, _, ref, _ in scores if 0.75 <= ref < 1.0})
            t = high[rng.randrange(len(high))]
        if decisions_agree(scores, t):
            break
        STATS["redraws"] += 1
        print(f"  redraw {label}: canonical and reference decisions differ")
    return cluster_case(f"large_{label}", patterns, t, with_similarities=False)


def cluster_cases():
    out = hand_cluster_cases()
    out += boundary_triple("set1", 11, 14, [4, 3])
    out += boundary_triple("set2", 12, 12, [5, 3, 2])
    out += boundary_triple("set3", 13, 17, [4])
    out += boundary_triple("set4_sparse", 14, 16, [6], kmax=4)
    out += boundary_triple("set5_negative_counts", 15, 15, [3, 3], cmin=-3, cmax=9, kmax=8)
    out.append(large_case("150_t0_8", 21, 150, 0.8, kmax=6))
    out.append(large_case("160_t0_7", 22, 160, 0.7, kmax=5))
    out.append(large_case("170_t0_9", 23, 170, 0.9, n_pool=30, kmax=5))
    out.append(large_case("180_exact", 24, 180, None, n_pool=50, kmax=5))
    out.append(large_case("200_t0_85", 25, 200, 0.85, n_pool=60, kmax=4))
    out.append(large_case("300_t0_75", 26, 300, 0.75, n_pool=80, kmax=3))
    return out


# ---------------------------------------------------------------------------
# The lever
# ---------------------------------------------------------------------------


def lever_config(enabled=True, threshold=0.8, multiplier=1.0, realtime=False, rate=0.1,
                 max_size=1):
    return {"sybil_detection_enabled": enabled, "sybil_similarity_threshold": float(threshold),
            "sybil_penalty_multiplier": float(multiplier), "sybil_realtime_penalty": realtime,
            "sybil_realtime_rate": float(rate), "sybil_max_cluster_size": max_size}


def effect_dict(effect):
    return {"cost_a": float(effect.cost_a), "cost_b": float(effect.cost_b),
            "reputation_deltas": sorted([k, v] for k, v in effect.reputation_deltas.items()),
            "resource_deltas": sorted([k, v] for k, v in effect.resource_deltas.items()),
            "lever_name": effect.lever_name, "details": dict(effect.details),
            "agents_to_freeze": sorted(effect.agents_to_freeze),
            "agents_to_unfreeze": sorted(effect.agents_to_unfreeze)}


def ix(a, b, times=1):
    return [("ix", a, b)] * times


def epoch(n):
    return [("epoch", n)]


CLEAR = [("clear",)]


def lever_case(name, cfg, script):
    lever = SybilDetectionLever(GovernanceConfig(**cfg))
    seen = []
    events = []
    exact = 0
    for ev in script:
        if ev[0] == "ix":
            _, a, b = ev
            for agent in (a, b):
                if agent not in seen:
                    seen.append(agent)
            effect = lever.on_interaction(SoftInteraction(initiator=a, counterparty=b, p=0.5),
                                          None)
            events.append({"type": "interaction", "initiator": a, "counterparty": b,
                           "effect": effect_dict(effect)})
        elif ev[0] == "epoch":
            if cfg["sybil_detection_enabled"]:
                scores = pair_scores(lever._interaction_patterns, lever._behavioral_similarity)
                t = cfg["sybil_similarity_threshold"]
                assert decisions_agree(scores, t), name
                STATS["pairs_checked"] += len(scores)
                exact += sum(1 for s in scores if s[2] == t)
            effect = lever.on_epoch_start(None, ev[1])
            events.append({"type": "epoch_start", "epoch": ev[1], "effect": effect_dict(effect),
                           "clusters": [sorted(c) for c in lever.get_clusters()],
                           "flagged": sorted(lever.get_flagged_agents()),
                           "can_act": [[a, lever.can_agent_act(a, None)]
                                       for a in seen + ["nobody"]]})
        elif ev[0] == "clear":
            lever.clear_history()
            events.append({"type": "clear"})
        else:
            raise ValueError(ev)
    n_ix = sum(1 for e in events if e["type"] == "interaction")
    print(f"  lever {name}: {n_ix} interactions, {len(events) - n_ix} other events, "
          f"{exact} pairs exactly at threshold over all detections")
    return {"name": name, "config": cfg, "events": events}


def ring(members, targets):
    """Each member interacts with each target `times` times, members interleaved."""
    out = []
    for target, times in targets:
        for _ in range(times):
            for m in members:
                out += ix(m, target)
    return out


def lever_cases():
    out = []
    sybils = ["s1", "s2", "s3"]
    base = (epoch(0) + ring(sybils, [("t1", 3), ("t2", 1)])
            + ix("h1", "h2", 2) + ix("h2", "t3") + ix("h1", "t1"))
    # Flagged pairs (and a flagged agent's self-interaction) pay the real-time
    # penalty; the ring keeps meeting its targets, so it stays similar for a
    # while, until its members' own mutual interactions pull them apart.
    keep = ix("s1", "t1") + ring(sybils, [("t1", 3), ("t2", 1)]) + ix("h1", "h2")
    split = ix("s1", "s2") + ix("s3", "s3") + ix("s2", "h1") + ix("t1", "s3")
    out.append(lever_case("ring_realtime_on_max_1", lever_config(realtime=True, rate=0.1),
                          base + epoch(1) + keep + epoch(2) + split + epoch(3) + keep
                          + ix("s1", "s2") + epoch(4)))
    out.append(lever_case("ring_realtime_off", lever_config(realtime=False),
                          base + epoch(1) + keep + epoch(2) + split + epoch(3)))
    out.append(lever_case("cluster_bigger_than_max_blocked", lever_config(max_size=2),
                          base + epoch(1)))
    out.append(lever_case("cluster_equal_to_max_allowed", lever_config(max_size=3),
                          base + epoch(1)))
    two_rings = (ring(["a1", "a2", "a3"], [("x1", 4), ("x2", 1)])
                 + ring(["b1", "b2"], [("y1", 3), ("y2", 1), ("y3", 1)]) + ix("h", "x1"))
    out.append(lever_case("two_rings_max_2_one_blocked",
                          lever_config(max_size=2, threshold=0.75, realtime=True, rate=0.25),
                          two_rings + epoch(1) + ix("a1", "b1") + ix("a2", "a3") + ix("b2", "h")
                          + epoch(2)))
    out.append(lever_case("multiplier_0", lever_config(multiplier=0.0, realtime=True, rate=0.0),
                          base + epoch(1) + ix("s1", "s2")))
    out.append(lever_case("multiplier_2_5", lever_config(multiplier=2.5, max_size=5),
                          base + epoch(1)))
    out.append(lever_case("detection_disabled",
                          lever_config(enabled=False, realtime=True, threshold=0.0),
                          base + epoch(1) + keep + split + epoch(2)))
    out.append(lever_case("clear_then_more_interactions",
                          lever_config(realtime=True, rate=0.5, threshold=0.6),
                          base + epoch(1) + ix("s1", "s2") + CLEAR + ix("s1", "s2")
                          + ring(sybils, [("t9", 3), ("t8", 1)]) + epoch(2) + ix("s1", "s3")
                          + ix("s1", "s2") + CLEAR + ix("s1", "s3") + epoch(3)))
    out.append(lever_case("self_interactions", lever_config(realtime=True, rate=0.2,
                                                            threshold=0.6, max_size=3),
                          ix("u", "u") + ix("v", "v", 3) + ix("w", "w") + ix("u", "t")
                          + ix("w", "t") + epoch(1) + ix("u", "u") + ix("v", "v")
                          + ix("u", "w") + ix("t", "t") + epoch(2) + ix("w", "w")
                          + ix("u", "u")))
    # Two sybils each meeting t1 and t2 once score exactly (1 + 0.5) / 2 = 0.75.
    flat = ring(["f1", "f2"], [("t1", 1), ("t2", 1)]) + ix("g", "t1")
    out.append(lever_case("exact_threshold_0_75", lever_config(threshold=0.75, realtime=True),
                          flat + epoch(1) + ix("f1", "f2") + epoch(2)))
    out.append(lever_case("just_above_0_75", lever_config(threshold=math.nextafter(0.75, 1.0)),
                          flat + epoch(1)))
    out.append(lever_case("threshold_0_everyone_clusters", lever_config(threshold=0.0,
                                                                        max_size=4),
                          ix("p", "q") + ix("r", "s") + ix("t", "t") + epoch(1)))
    out.append(lever_case("threshold_1", lever_config(threshold=1.0, realtime=True),
                          ix("m1", "hub") + ix("m2", "hub", 3) + ix("m3", "hub2")
                          + epoch(1) + ix("m1", "m2") + epoch(2)))
    out.append(lever_case("epoch_without_interactions", lever_config(), epoch(0) + epoch(1)))

    rng = random.Random(31)
    agents = ["r01", "r02", "r03", "r04", "k1", "k2", "k3"]
    script = []
    for e in range(4):
        for _ in range(12):
            if rng.random() < 0.6:  # the ring k1..k3 hits the same two targets
                script += ix(rng.choice(["k1", "k2", "k3"]), rng.choice(["r01", "r01", "r02"]))
            else:
                a, b = rng.sample(agents, 2)
                script += ix(a, b)
        script += epoch(e + 1)
    out.append(lever_case("random_epochs_realtime", lever_config(
        threshold=0.65, multiplier=1.5, realtime=True, rate=0.05, max_size=2), script))
    return out


# ---------------------------------------------------------------------------


def main():
    print("cluster cases:")
    clusters = cluster_cases()
    print("lever cases:")
    levers = lever_cases()
    doc = {
        "reference": f"swarm-safety {REQUIRED_VERSION}",
        "credential_cases": credential_cases(),
        "trust_cases": trust_cases(),
        "identity_roundtrip": identity_roundtrip(),
        "registry_cases": registry_cases(),
        "issuer_cases": issuer_cases(),
        "cluster_cases": clusters,
        "lever_cases": levers,
    }
    for key, value in doc.items():
        if isinstance(value, list) and value and "name" in value[0]:
            names = [c["name"] for c in value]
            assert len(names) == len(set(names)), f"duplicate case names in {key}"
    write_fixture(OUTPUT_PATH, doc)
    print(f"wrote {OUTPUT_PATH} ({os.path.getsize(OUTPUT_PATH)} bytes)")
    for key, value in doc.items():
        if isinstance(value, list):
            print(f"  {key}: {len(value)}")
    print(f"  pairs checked {STATS['pairs_checked']}, reference/canonical last-bit "
          f"differences {STATS['last_bit_differences']}, rejected thresholds "
          f"{STATS['rejected_thresholds']}, redraws {STATS['redraws']}")


if __name__ == "__main__":
    main()
