"""The graph vocabulary: node kinds, edge types and attribute names, documented once.

The same names are used in networkx, GraphML and Neo4j (labels = node kinds,
relationship types = edge types). Node ids are stable and readable, built by
:func:`node_id`, e.g. ``region:ITC4`` or ``cluster:ITC4:lombardy-aerospace``.

Attributes on every node
    ``kind``   one of :data:`NODE_KINDS`
    ``name``   human-readable name
    ``key``    the input id (``region_id``, ``cluster_id``, ...) without the prefix

Attributes on every edge
    ``type``   one of :data:`EDGE_TYPES`
"""

from __future__ import annotations

__all__ = [
    "REGION",
    "PRIORITY",
    "DOMAIN",
    "CLUSTER",
    "ACTOR",
    "VALUE_CHAIN",
    "STAGE",
    "PROGRAMME",
    "PROJECT",
    "CANDIDATE",
    "NODE_KINDS",
    "EDGE_TYPES",
    "HAS_PRIORITY",
    "IN_DOMAIN",
    "LOCATED_IN",
    "SUPPORTS",
    "MEMBER_OF",
    "ACTIVE_IN",
    "PART_OF",
    "NEXT",
    "RUN_BY",
    "FUNDS",
    "PARTICIPATES_IN",
    "INVOLVES",
    "node_id",
    "ID_PREFIX",
    "DEVELOPMENT_LEVELS",
    "ACTOR_TYPES",
    "ACTOR_SIZES",
    "CANDIDATE_KINDS",
    "PARTICIPATION_ROLES",
]

REGION = "Region"
PRIORITY = "Priority"
DOMAIN = "Domain"
CLUSTER = "Cluster"
ACTOR = "Actor"
VALUE_CHAIN = "ValueChain"
STAGE = "Stage"
PROGRAMME = "Programme"
PROJECT = "Project"
CANDIDATE = "Candidate"

NODE_KINDS = (REGION, PRIORITY, DOMAIN, CLUSTER, ACTOR, VALUE_CHAIN, STAGE, PROGRAMME, PROJECT)

ID_PREFIX = {
    REGION: "region",
    PRIORITY: "priority",
    DOMAIN: "domain",
    CLUSTER: "cluster",
    ACTOR: "actor",
    VALUE_CHAIN: "chain",
    STAGE: "stage",
    PROGRAMME: "programme",
    PROJECT: "project",
    CANDIDATE: "candidate",
}

HAS_PRIORITY = "HAS_PRIORITY"  # (Region)-[HAS_PRIORITY]->(Priority)
IN_DOMAIN = "IN_DOMAIN"  # (Priority|Cluster|Project)-[IN_DOMAIN]->(Domain); attrs: term, score
LOCATED_IN = "LOCATED_IN"  # (Cluster|Actor)-[LOCATED_IN]->(Region)
SUPPORTS = "SUPPORTS"  # (Cluster)-[SUPPORTS]->(Priority)
MEMBER_OF = "MEMBER_OF"  # (Actor)-[MEMBER_OF]->(Cluster)
ACTIVE_IN = "ACTIVE_IN"  # (Actor)-[ACTIVE_IN]->(Stage)
PART_OF = "PART_OF"  # (Stage)-[PART_OF]->(ValueChain)
NEXT = "NEXT"  # (Stage)-[NEXT]->(Stage), upstream to downstream
RUN_BY = "RUN_BY"  # (Programme)-[RUN_BY]->(Region)
FUNDS = "FUNDS"  # (Programme)-[FUNDS]->(Domain)
# (Actor)-[PARTICIPATES_IN]->(Project); attrs: role, ec_contribution (EUR)
PARTICIPATES_IN = "PARTICIPATES_IN"
INVOLVES = "INVOLVES"  # (Candidate)-[INVOLVES]->(Region|Cluster|Actor), Neo4j only

EDGE_TYPES = (
    HAS_PRIORITY,
    IN_DOMAIN,
    LOCATED_IN,
    SUPPORTS,
    MEMBER_OF,
    ACTIVE_IN,
    PART_OF,
    NEXT,
    RUN_BY,
    FUNDS,
    INVOLVES,
    PARTICIPATES_IN,
)

DEVELOPMENT_LEVELS = ("advanced", "transition", "less-developed")
ACTOR_TYPES = ("firm", "research", "university", "public", "intermediary")
ACTOR_SIZES = ("micro", "small", "medium", "large")
CANDIDATE_KINDS = ("shared-priority", "value-chain", "relatedness", "pilot", "call")
# Roles of a participation in a project, as CORDIS publishes them (the input contract's
# ``participations.role``); the first three are full partners of the consortium.
PARTICIPATION_ROLES = ("coordinator", "participant", "partner", "associatedPartner", "thirdParty")


def node_id(kind: str, *parts: str) -> str:
    """Return the stable node id of a ``kind`` node from its input ids.

    Parts are kept as given (input ids are already unique); only ``:`` separates them.

    >>> node_id(REGION, "ITC4")
    'region:ITC4'
    >>> node_id(STAGE, "hydrogen", "production")
    'stage:hydrogen:production'
    """
    return ":".join([ID_PREFIX[kind], *[str(p) for p in parts]])
