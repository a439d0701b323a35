"""The report's content as plain blocks (headings, paragraphs, tables, images).

Each ``*_blocks`` function builds one section of the report from the scan result; the
renderers (:mod:`synergy.report.markdown`, :mod:`synergy.report.html`) turn the blocks into
Markdown and HTML. Cells are plain strings here: escaping is the renderers' job.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import pandas as pd

from synergy.core.contract import reading_order
from synergy.core.model import (
    ACTOR,
    CANDIDATE_KINDS,
    CLUSTER,
    HAS_PRIORITY,
    LOCATED_IN,
    NODE_KINDS,
    PROGRAMME,
    REGION,
    RUN_BY,
)
from synergy.graph.names import NAME_COLUMNS, candidate_title
from synergy.graph.nodes import neighbours
from synergy.report.blocks import Block, Heading, Paragraph, Table, cell, frame_table

__all__ = [
    "scanned_blocks",
    "resolved_blocks",
    "unresolved_blocks",
    "shortfall_blocks",
    "candidate_blocks",
    "extras_blocks",
    "settings_blocks",
    "flatten_settings",
]


MAX_REGION_ROWS = 60
_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

TABLE_ORDER = ("regions", "priorities", "clusters", "actors", "value_chains", "programmes")

KIND_TEXT = {
    "shared-priority": (
        "Shared priorities",
        "Regions whose smart-specialisation priorities stress the same specific domains: "
        "natural partners for exchanging practice and aligning strategies. Domains nearly every "
        "region names count little and are shown as context only.",
    ),
    "value-chain": (
        "Value-chain complements",
        "Regions or clusters whose actors cover different stages of the same value chain, so "
        "together they cover more of it than each alone.",
    ),
    "relatedness": (
        "Related diversification",
        "Domains a region is close to (related capabilities) and a partner region is strong in: "
        "where cooperation could help a region diversify.",
    ),
    "pilot": (
        "Joint pilot candidates",
        "Cluster pairs or trios with a concrete value chain and named actors: ready-made "
        "starting points for a joint pilot action.",
    ),
    "call": (
        "Synchronized call candidates",
        "A topic plus the regions whose funding programmes could finance it together, checked "
        "for budget, technology readiness (TRL) and eligible beneficiaries.",
    ),
}

EXTRA_TEXT = {
    "stress": (
        "S3 stress test",
        "For each region: are its priorities backed by clusters and actors, and where does a "
        "value chain depend on a single actor? Weak spots are where support is most needed.",
    ),
    "stress-flags": (
        "Stress-test flags",
        "The weak spots found, in plain language, most severe first.",
    ),
    "stress-benchmark": (
        "Benchmark of the regions",
        "Each indicator of each region against the median of all regions.",
    ),
    "relatedness": (
        "Relatedness and complexity",
        "Economic-geography indicators per region, on what it does (clusters and actors, not "
        "its priorities): how diversified it is, how rare its strengths are (ECI, left empty "
        "when fewer than 30 regions or an unstable ranking cannot carry it; the manifest says "
        "why), and how related its domains are to each other.",
    ),
    "communities": (
        "Thematic communities",
        "Groups of regions, clusters and domains that are more connected with each other than "
        "with the rest: candidate transregional communities.",
    ),
    "brokers": (
        "Brokers",
        "Clusters and regions that bridge thematic communities (high participation or "
        "betweenness): good contacts for reaching partners elsewhere.",
    ),
    "links": (
        "Likely new cluster links",
        "Cross-region cluster pairs not yet working together that share rare domains, "
        "value-chain stages or members (Adamic-Adar and resource allocation).",
    ),
    "intent-capability": (
        "Intent against capability",
        "For each region: the domains its priorities name (intent) against those its clusters "
        "and actors are specialised in (capability, RCA >= 1), how well the two align "
        "(cosine, 0 to 1), and where they part.",
    ),
    "call-exclusions": (
        "Programmes left out of synchronized calls",
        "Every programme a rule kept out of a call: closed before the as-of date, windows that "
        "do not overlap, an instrument that does not combine (grants join grants, vouchers "
        "vouchers), no common TRL window, or no consortium the call could fund.",
    ),
}


def _plural(n: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


# --------------------------------------------------------------------------- what was scanned


def scanned_blocks(
    dataset: Any, graph: nx.MultiDiGraph, pairings: pd.DataFrame, *, max_rows: int
) -> list[Block]:
    """Return the *What was scanned* section: files, rows per table, regions, graph size."""
    files = list(getattr(dataset, "files", None) or [])
    tables = dict(getattr(dataset, "tables", None) or {})
    regions = sorted(n for n, k in graph.nodes(data="kind") if k == REGION)
    blocks: list[Block] = [
        Heading(2, "What was scanned"),
        Paragraph(
            f"The scan read {_plural(len(files), 'file')} describing "
            f"{_plural(len(regions), 'region')}. "
            f"From them it built a graph of {_plural(graph.number_of_nodes(), 'node')} and "
            f"{_plural(graph.number_of_edges(), 'link')} and found "
            f"{_plural(len(pairings), 'candidate')}."
        ),
    ]
    if files:
        frame = pd.DataFrame(files).reindex(
            columns=["path", "table", "sheet", "rows_read", "sha256"]
        )
        frame = frame.sort_values(["path", "sheet", "table"], kind="mergesort", na_position="first")
        frame["sha256"] = frame["sha256"].map(lambda s: str(s)[:12] if isinstance(s, str) else s)
        blocks += [
            Heading(3, "Input files"),
            frame_table(frame, labels={"sha256": "sha256 (first 12)"}, max_rows=max_rows),
        ]
    blocks += _not_read_blocks(dataset, max_rows=max_rows)
    if tables:
        names = [t for t in TABLE_ORDER if t in tables] + sorted(set(tables) - set(TABLE_ORDER))
        blocks += [
            Heading(3, "Rows per table"),
            Table(
                ("table", "rows"), tuple((n, str(len(tables[n]))) for n in names), frozenset({1})
            ),
        ]
    kinds = Counter(k for _, k in graph.nodes(data="kind"))
    order = [k for k in NODE_KINDS if k in kinds] + sorted(set(kinds) - set(NODE_KINDS), key=str)
    blocks += [
        Heading(3, "What the graph holds"),
        Table(
            ("node kind", "nodes"), tuple((str(k), str(kinds[k])) for k in order), frozenset({1})
        ),
    ]
    if regions:
        rows = []
        for r in regions:
            data = graph.nodes[r]
            rows.append(
                {
                    "region": data.get("key", r),
                    "name": data.get("name", ""),
                    "country": data.get("country", ""),
                    "development": data.get("development", ""),
                    "priorities": len(neighbours(graph, r, HAS_PRIORITY, "Priority", out=True)),
                    "clusters": len(neighbours(graph, r, LOCATED_IN, CLUSTER, out=False)),
                    "actors": len(neighbours(graph, r, LOCATED_IN, ACTOR, out=False)),
                    "programmes": len(neighbours(graph, r, RUN_BY, PROGRAMME, out=False)),
                }
            )
        # Every region is listed up to a few dozen; beyond that the table would bury the
        # report, and the per-region indicators are in stress.csv anyway.
        blocks += [
            Heading(3, "Regions"),
            frame_table(
                pd.DataFrame(rows),
                max_rows=max(max_rows, MAX_REGION_ROWS),
                more="The per-region indicators of all regions are in stress.csv.",
            ),
        ]
    return blocks


def _not_read_blocks(dataset: Any, *, max_rows: int) -> list[Block]:
    """Return *Files not read*: every file, sheet and folder that is not data, and why."""
    rows = [
        {"path": e.get("path", ""), "sheet": e.get("sheet", ""), "why": e.get("why", "")}
        for e in [
            *(getattr(dataset, "skipped_folders", None) or []),
            *(getattr(dataset, "not_data", None) or []),
        ]
    ]
    if not rows:
        return []
    return [
        Heading(3, "Files not read"),
        Paragraph(
            "Every file of the dataset folder is either read, listed here, or an error: these "
            "hold no table (documents, notes, lock files) or are folders the scan does not "
            "enter (the output of an earlier scan, hidden and side folders)."
        ),
        frame_table(pd.DataFrame(rows), max_rows=max_rows),
    ]


def _header_blocks(dataset: Any, *, max_rows: int) -> list[Block]:
    """Return *How headers were read*: the decisions beyond a plain alias, with their reason."""
    rows, by_alias = [], 0
    for entry in getattr(dataset, "files", None) or []:
        for d in entry.get("headers") or []:
            plain_alias = d.get("why") == f"an alias of {d.get('column')}"
            if d.get("rule") == "alias" and plain_alias:  # no choice was made
                by_alias += 1
                continue
            rows.append(
                {
                    "file": entry.get("path", ""),
                    "sheet": entry.get("sheet", ""),
                    "header": d.get("header", ""),
                    "column": d.get("column", "") or "(extra)",
                    "rule": d.get("rule", ""),
                    "why": d.get("why", ""),
                }
            )
    if not rows and not by_alias:
        return []
    blocks: list[Block] = [
        Heading(3, "How headers were read"),
        Paragraph(
            f"{_plural(by_alias, 'header')} named {'its' if by_alias == 1 else 'their'} column "
            "by an alias (in any of eleven languages). The others are listed here: decided by "
            "the values (content-id: short unique codes make the id; content-text: text makes "
            "the name or title), taken from a columns.toml, or kept as extra columns. Every "
            "decision is also in manifest.json (inputs, headers)."
        ),
    ]
    if rows:
        blocks.append(frame_table(pd.DataFrame(rows), max_rows=max_rows))
    return blocks


def shortfall_blocks(shortfalls: Mapping[str, str] | None) -> list[Block]:
    """Return *Kinds without candidates*: one sentence per kind that found nothing."""
    if not shortfalls:
        return []
    return [
        Heading(3, "Kinds without candidates"),
        *(Paragraph(shortfalls[k], note=True) for k in sorted(shortfalls, key=_kind_order)),
    ]


def _kind_order(kind: str) -> tuple[int, str]:
    return (CANDIDATE_KINDS.index(kind) if kind in CANDIDATE_KINDS else 99, kind)


# --------------------------------------------------------------------------- resolved / not


def _frame(dataset: Any, name: str) -> pd.DataFrame:
    value = getattr(dataset, name, None)
    return value if isinstance(value, pd.DataFrame) else pd.DataFrame()


def _sorted(df: pd.DataFrame, keys: Iterable[str]) -> pd.DataFrame:
    keys = [k for k in keys if k in df.columns]
    if not keys or df.empty:
        return df
    # Mixed cell types (an int row next to a missing one) must not break sorting.
    order = df[keys].astype(str).apply(tuple, axis=1)
    if "score" in keys:
        score = pd.to_numeric(df["score"], errors="coerce").fillna(2.0)
        order = pd.Series(list(zip(score, order, strict=True)), index=df.index)
    return df.loc[sorted(df.index, key=lambda i: order[i])]


def _grouped_resolutions(resolutions: pd.DataFrame) -> pd.DataFrame:
    """Return one row per distinct match (value, resolved_to, method), least certain first."""
    df = resolutions.copy()
    for col in ("value", "resolved_to", "method", "file", "sheet", "row", "column"):
        if col not in df.columns:
            df[col] = ""
    df["score"] = pd.to_numeric(df.get("score"), errors="coerce")
    groups = []
    for (value, target, method), part in df.groupby(
        [df["value"].astype(str), df["resolved_to"].astype(str), df["method"].astype(str)],
        sort=True,
    ):
        first = part.iloc[0]
        where = str(first["file"]) + (f" [{first['sheet']}]" if cell(first["sheet"]) else "")
        if cell(first["row"]):
            where += f", row {cell(first['row'])}"
        groups.append(
            {
                "value": value,
                "resolved_to": target,
                "score": part["score"].min(),
                "method": method,
                "times": len(part),
                "where": where,
            }
        )
    out = pd.DataFrame(
        groups, columns=["value", "resolved_to", "score", "method", "times", "where"]
    )
    order = sorted(
        out.index,
        key=lambda i: (
            out.at[i, "score"] if pd.notna(out.at[i, "score"]) else 2.0,
            out.at[i, "value"],
            out.at[i, "resolved_to"],
            out.at[i, "method"],
        ),
    )
    return out.loc[order].reset_index(drop=True)


def resolved_blocks(dataset: Any, *, max_rows: int) -> list[Block]:
    """Return *What was resolved*: fuzzy/alias matches, merged actors, taxonomy mapping."""
    resolutions = _frame(dataset, "resolutions")
    merges = _frame(dataset, "merges")
    blocks: list[Block] = [
        Heading(2, "What was resolved"),
        Paragraph(
            "Input files rarely spell everything the same way. Region references given as "
            "names or aliases in any language, and names or labels that did not match exactly, "
            "were resolved to a known region or name. Each match has a score from 0 to 1 (1 is "
            "an exact match of a name or alias); the least certain matches are listed first."
        ),
        Heading(3, "Matched names and region references"),
    ]
    if resolutions.empty:
        blocks.append(
            Paragraph("Every reference matched exactly; nothing was matched fuzzily.", note=True)
        )
    else:
        if "method" in resolutions.columns:
            counts = Counter(resolutions["method"].astype(str))
            blocks.append(
                Table(
                    ("method", "matches"),
                    tuple((m, str(counts[m])) for m in sorted(counts)),
                    frozenset({1}),
                )
            )
        blocks.append(
            frame_table(
                _grouped_resolutions(resolutions),
                ["value", "resolved_to", "score", "method", "times", "where"],
                labels={"where": "first seen in"},
                max_rows=max_rows,
            )
        )
    blocks.append(Heading(3, "Merged duplicate actors"))
    if merges.empty:
        blocks.append(Paragraph("No actor was listed twice.", note=True))
    else:
        blocks += [
            Paragraph(
                f"Merged {_plural(len(merges), 'entry')} into an actor of the same region they "
                "duplicate (legal-form, case or spelling variants of the same name)."
            ),
            frame_table(
                _sorted(merges, ["region_id", "kept_id", "merged_id"]),
                [
                    "region_id",
                    "kept_name",
                    "kept_id",
                    "merged_name",
                    "merged_id",
                    "score",
                    "reason",
                ],
                max_rows=max_rows,
            ),
        ]
    blocks += _header_blocks(dataset, max_rows=max_rows)
    blocks += _taxonomy_blocks(getattr(dataset, "tables", None) or {})
    return blocks


def _taxonomy_blocks(tables: Mapping[str, pd.DataFrame]) -> list[Block]:
    rows = []
    for name in [t for t in TABLE_ORDER if t in tables] + sorted(set(tables) - set(TABLE_ORDER)):
        df = tables[name]
        if "domains" not in df.columns:
            continue
        with_domain = int(
            df["domains"].map(lambda v: bool(v) if isinstance(v, (list, tuple)) else False).sum()
        )
        sources: Counter[str] = Counter()
        scores: list[float] = []
        if "domain_evidence" in df.columns:
            for evidence in df["domain_evidence"]:
                for item in evidence if isinstance(evidence, (list, tuple)) else []:
                    if isinstance(item, Mapping):
                        sources[str(item.get("source", "?"))] += 1
                        score = pd.to_numeric(item.get("score"), errors="coerce")
                        if not pd.isna(score):
                            scores.append(float(score))
        rows.append(
            (
                name,
                str(len(df)),
                str(with_domain),
                str(len(df) - with_domain),
                "; ".join(f"{s}: {sources[s]}" for s in sorted(sources)),
                cell(sum(scores) / len(scores)) if scores else "",
            )
        )
    if not rows:
        return []
    return [
        Heading(3, "Mapping to the common taxonomy"),
        Paragraph(
            "Priorities, clusters, programmes and value chains were mapped to the shared domain "
            "taxonomy so that regions become comparable. Rows without a domain take no part in "
            "domain-based matching."
        ),
        Table(
            ("table", "rows", "with a domain", "without", "assignments by source", "mean score"),
            tuple(rows),
            frozenset({1, 2, 3, 5}),
        ),
    ]


def unresolved_blocks(dataset: Any, *, max_rows: int) -> list[Block]:
    """Return *What could not be resolved*: the count and the first rows of ``unresolved``."""
    unresolved = _frame(dataset, "unresolved")
    blocks: list[Block] = [Heading(2, "What could not be resolved")]
    if unresolved.empty:
        return blocks + [Paragraph("Everything in the input was matched; nothing needs fixing.")]
    blocks += [
        Paragraph(
            f"Could not match {_plural(len(unresolved), 'entry')} to a known region, name or "
            "domain. None was dropped silently: all are listed in unresolved.csv with the closest "
            "guess. Correct the input file (or add an alias) and run the scan again."
        ),
        frame_table(
            unresolved,
            ["file", "sheet", "row", "column", "value", "reason", "best_guess", "score"],
            max_rows=max_rows,
            more="See unresolved.csv for the full list.",
        ),
    ]
    return blocks


# --------------------------------------------------------------------------- candidates, extras


def _kinds(pairings: pd.DataFrame) -> list[str]:
    if pairings is None or "kind" not in pairings.columns:
        return []
    present = set(pairings["kind"].dropna().astype(str))
    return [k for k in CANDIDATE_KINDS if k in present] + sorted(present - set(CANDIDATE_KINDS))


# Machine ids that say nothing to a reader of the report (they stay in pairings.csv).
_REPORT_HIDDEN = ("kind", "candidate_id", "involves", "consortia", "consortia_partial")
_MAIN_CANDIDATE_COLUMNS = ("kind_rank", "candidate", "score", "evidence")


def candidate_blocks(
    pairings: pd.DataFrame, *, top_n: int, graph: nx.MultiDiGraph | None = None
) -> list[Block]:
    """Return *Top candidates*: per kind, the best ``top_n`` rows with their evidence.

    Each row shows its rank within the kind, its title (names, from ``graph``), score and
    evidence; every other column that kind uses is in the row's fold-out details.
    """
    blocks: list[Block] = [
        Heading(2, "Top candidates"),
        Paragraph(
            "A candidate is a possible transregional collaboration. Its score (0 to 1) combines "
            "named components with the weights in the settings; the evidence sentence says why it "
            "ranks where it does. Scores compare only within a kind: # is the rank within the "
            "kind. All candidates, with their score components, are in pairings.csv and "
            "pairings.xlsx."
        ),
    ]
    kinds = _kinds(pairings)
    if not kinds:
        return blocks + [Paragraph("The scan found no candidates.", note=True)]
    for kind in kinds:
        title, intro = KIND_TEXT.get(kind, (kind, ""))
        subset = pairings[pairings["kind"].astype(str) == kind]
        order = "kind_rank" if "kind_rank" in subset.columns else "rank"
        if order in subset.columns:
            subset = subset.sort_values(order, kind="mergesort")
        subset = subset.head(top_n).copy()
        if "kind_rank" not in subset.columns:  # older tables: the order within the kind
            subset.insert(0, "kind_rank", range(1, len(subset) + 1))
        if graph is not None:
            subset["candidate"] = [candidate_title(r, graph) for r in subset.to_dict("records")]
        main = [c for c in _MAIN_CANDIDATE_COLUMNS if c in subset.columns]
        shown = set(main) | set(_REPORT_HIDDEN) | set(NAME_COLUMNS)
        details = [c for c in reading_order(subset) if c not in shown]
        for col in details:
            subset[col] = subset[col].map(lambda v: cell(v).replace(";", "; ").replace(";  ", "; "))
        blocks += [Heading(3, title)] + ([Paragraph(intro)] if intro else [])
        table = frame_table(
            subset,
            main,
            labels={
                "kind_rank": "#",
                "chain_id": "value chain",
                "rank": "rank in pairings.csv",
            },
            max_rows=top_n,
            details=details,
        )
        total = int((pairings["kind"].astype(str) == kind).sum())
        if total > top_n:
            table = dataclasses.replace(
                table,
                note=f"Showing the best {top_n} of {total}. All of them are in pairings.csv and "
                "pairings.xlsx.",
            )
        blocks.append(table)
    return blocks


# The columns each side table shows; every other column of a row is in its fold-out details
# (so a column added later is shown without editing this list). Unknown tables show their
# first MAX_MAIN_COLUMNS columns.
EXTRA_COLUMNS = {
    "stress": (
        "region_id", "name", "priorities", "priorities_no_cluster", "priorities_no_actor",
        "single_points", "hhi", "coherence", "flags",
    ),
    "stress-flags": ("name", "severity", "message"),
    "stress-benchmark": ("name", "indicator", "value", "median", "assessment"),
    "communities": ("community", "n_regions", "n_clusters", "evidence"),
    "brokers": ("name", "kind", "region_id", "broker_score", "reason"),
    "links": ("rank", "cluster_a", "cluster_b", "score", "evidence"),
    "relatedness": ("region_id", "name", "diversity", "eci", "coherence"),
}  # fmt: skip
MAX_MAIN_COLUMNS = 6


def extras_blocks(extras: Mapping[str, Any], *, max_rows: int) -> list[Block]:
    """Return one section per extra table (``stress``, ``communities``, ...), known ones first.

    Each table shows a few columns that fit the page; the others are in each row's details.
    """
    blocks: list[Block] = []
    names = [n for n in EXTRA_TEXT if n in extras] + sorted(set(extras) - set(EXTRA_TEXT), key=str)
    for name in names:
        title, intro = EXTRA_TEXT.get(name, (str(name).replace("_", " ").capitalize(), ""))
        value = extras[name]
        frame = value if isinstance(value, pd.DataFrame) else pd.DataFrame(value)
        blocks += [Heading(2, title)] + ([Paragraph(intro)] if intro else [])
        if frame.empty:
            blocks.append(Paragraph("No rows.", note=True))
            continue
        csv_name = f"{name}.csv" if _SAFE_FILE.match(str(name)) else ""
        more = f"All {len(frame)} rows are in {csv_name}." if csv_name else ""
        columns = [str(c) for c in frame.columns]
        main = [c for c in EXTRA_COLUMNS.get(str(name), columns[:MAX_MAIN_COLUMNS]) if c in columns]
        details = [c for c in columns if c not in main]
        table = frame_table(
            frame.reset_index(drop=True), main, max_rows=max_rows, more=more, details=details
        )
        if details and csv_name:
            where = f"Other columns are in each row's details and in {csv_name}."
            table = dataclasses.replace(table, note=" ".join(p for p in (table.note, where) if p))
        blocks.append(table)
    return blocks


def flatten_settings(settings: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Return ``(dotted name, value)`` pairs of a settings dataclass or mapping, flattened."""
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        items = [(f.name, getattr(settings, f.name)) for f in dataclasses.fields(settings)]
    elif isinstance(settings, Mapping):
        items = [(str(k), settings[k]) for k in sorted(settings, key=str)]
    else:
        return [(prefix or "settings", settings)]
    rows: list[tuple[str, Any]] = []
    for key, value in items:
        name = f"{prefix}.{key}" if prefix else key
        if (dataclasses.is_dataclass(value) and not isinstance(value, type)) or isinstance(
            value, Mapping
        ):
            rows += flatten_settings(value, name)
        else:
            rows.append((name, value))
    return rows


def settings_blocks(settings: Any) -> list[Block]:
    """Return *Settings*: every field of the run's settings (nested ones flattened)."""
    if settings is None:
        return []
    rows = tuple((name, cell(value)) for name, value in flatten_settings(settings))
    return [
        Heading(2, "Settings"),
        Paragraph(
            "The settings of this run. The same input with the same settings gives the same report."
        ),
        Table(("setting", "value"), rows),
    ]
