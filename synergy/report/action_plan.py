"""The joint cluster action plan (``action-plan.md``): who should cooperate on what, and how.

One section per value chain and one per shared S3 domain. Each says, in plain language,
which regions and clusters should work together (from ``value-chain`` and
``shared-priority`` candidates), which joint pilot would test it (``pilot``) and which
synchronized call could fund it (``call``), and names the funding gaps. It is built only
from the scan's ranked pairings, so every statement traces back to a row of
``pairings.csv``; all input text is Markdown-escaped.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from synergy.report.markdown import md_escape as esc

__all__ = ["action_plan_markdown"]

PER_SECTION = 3  # candidates of each kind shown per chain / domain


def _ids(value) -> list[str]:
    return [v for v in str(value or "").split(";") if v and v != "nan"]


def _rows(df: pd.DataFrame, kind: str) -> list[dict]:
    """Return the candidates of ``kind``, best first, each with its number within the kind."""
    if df is None or not len(df) or "kind" not in df.columns:
        return []
    rows = df[df["kind"] == kind].sort_values("rank", kind="stable").to_dict("records")
    for i, row in enumerate(rows, start=1):
        row["n"] = row.get("kind_rank", i)
    return rows


def action_plan_markdown(result) -> str:
    """Return the joint cluster action plan of a scan as Markdown.

    Uses ``result.pairings`` (kinds ``value-chain``, ``shared-priority``, ``pilot``,
    ``call``) and the graph for chain, domain and region names.
    """
    plan = _Plan(result)
    out = [
        "# Joint cluster action plan",
        "",
        esc(
            f"Built from the scan of {_dataset_name(result)}: "
            f"{len(plan.chains)} value-chain, {len(plan.shared)} shared-priority, "
            f"{len(plan.pilots)} pilot and {len(plan.calls)} synchronized-call candidates. "
            "Each point names a candidate by its kind and its rank within that kind (pilot #1 "
            "is the best pilot: the kind_rank column of pairings.csv)."
        ),
        "",
        "## Along the value chains",
        "",
        *plan.chain_sections(),
        "## Around shared S3 domains",
        "",
        *plan.domain_sections(),
    ]
    return "\n".join(out).rstrip() + "\n"


class _Plan:
    """The scan's pairings by kind, with the names to write them in plain language."""

    def __init__(self, result) -> None:
        g, df = result.graph, result.pairings
        self.name = {d.get("key"): d.get("name", d.get("key")) for _, d in g.nodes(data=True)
                     if d.get("kind") in ("Region", "ValueChain", "Domain")}  # fmt: skip
        self.chains, self.pilots = _rows(df, "value-chain"), _rows(df, "pilot")
        self.calls, self.shared = _rows(df, "call"), _rows(df, "shared-priority")

    def regions(self, row) -> str:
        return ", ".join(esc(self.name.get(r, r)) for r in _ids(row.get("regions")))

    def calls_for(self, pilot_ids: set[str], domains: set[str]) -> list[dict]:
        """Return the calls funding one of the pilots, else one of the domains (best first)."""
        hits = [c for c in self.calls if pilot_ids & set(_ids(c.get("consortia")))]
        hits += [c for c in self.calls if c not in hits and domains & set(_ids(c.get("domains")))]
        return hits[:PER_SECTION]

    def call_line(self, c) -> str:
        gaps = _ids(c.get("gaps"))
        gap = f" Funding gap: {', '.join(esc(self.name.get(r, r)) for r in gaps)}." if gaps else ""
        return (
            f"- Call #{c['n']} on {esc(', '.join(_ids(c.get('domains'))))}: "
            f"{self.regions(c)} can fund their partners (programmes "
            f"{esc(', '.join(_ids(c.get('programmes'))))})." + gap
        )

    def chain_sections(self) -> list[str]:
        """Return one section per value chain: who cooperates, which pilot, which call."""
        out: list[str] = []
        by_chain: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for kind, rows in (("value-chain", self.chains), ("pilot", self.pilots)):
            for r in rows:
                by_chain[str(r.get("chain_id") or "")][kind].append(r)
        for chain_id in sorted(c for c in by_chain if c):
            parts = by_chain[chain_id]
            out += [f"### {esc(self.name.get(chain_id, chain_id))} ({esc(chain_id)})", ""]
            for r in parts["value-chain"][:PER_SECTION]:
                out.append(f"- Cooperate (value chain #{r['n']}): {esc(r['evidence'])}")
            tested = parts["pilot"][:PER_SECTION]
            for r in tested:
                field = esc(r.get("pilot_field", "") or "")
                out.append(
                    f"- Test it in pilot #{r['n']} ({field}): clusters "
                    f"{esc(' + '.join(_ids(r.get('clusters'))))} from {self.regions(r)}."
                )
            if not tested:
                out.append(
                    "- No pilot candidate yet: no two regions' clusters complement each other here."
                )
            pids = {str(r.get("candidate_id")) for r in parts["pilot"]}
            doms = {d for r in tested for d in _ids(r.get("domains"))}
            out += [self.call_line(c) for c in self.calls_for(pids, doms)] or [
                "- No synchronized call found: no two regions fund it."
            ]
            out.append("")
        return out

    def domain_sections(self) -> list[str]:
        """Return one section per shared domain: who aligns, which pilots, which calls."""
        out: list[str] = []
        by_domain: dict[str, list[dict]] = defaultdict(list)
        for r in self.shared:
            for d in _ids(r.get("domains"))[:1]:  # the strongest shared domain of the pair
                by_domain[d].append(r)
        for d in sorted(by_domain, key=lambda d: (by_domain[d][0]["n"], d)):
            out += [f"### {esc(self.name.get(d, d))} ({esc(d)})", ""]
            for r in by_domain[d][:PER_SECTION]:
                out.append(f"- Align strategies (shared priority #{r['n']}): {esc(r['evidence'])}")
            domain_pilots = [p for p in self.pilots if d in _ids(p.get("domains"))][:PER_SECTION]
            for p in domain_pilots:
                out.append(
                    f"- Pilot #{p['n']} tests it: {esc(' + '.join(_ids(p.get('clusters'))))} "
                    f"({self.regions(p)})."
                )
            pids = {str(p.get("candidate_id")) for p in domain_pilots}
            out += [self.call_line(c) for c in self.calls_for(pids, {d})]
            out.append("")
        return out


def _dataset_name(result) -> str:
    root = getattr(getattr(result, "dataset", None), "root", None)
    return getattr(root, "name", "") or "the dataset"
