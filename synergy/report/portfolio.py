"""``portfolio.md``: a pilot portfolio as a Markdown page (all input escaped)."""

from __future__ import annotations

from synergy.report.markdown import md_escape

__all__ = ["portfolio_markdown"]


def portfolio_markdown(portfolio, dataset: str = "") -> str:
    """Return the portfolio as a Markdown page (all input text escaped)."""
    lines = [
        f"# Pilot portfolio{': ' + md_escape(dataset) if dataset else ''}",
        "",
        md_escape(portfolio.explanation()),
        "",
        "| Slot | Pilot field | Chain | Regions | Clusters | Score | Runner-up | Swap |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in portfolio.slots:
        p, q = s.pilot, s.runner_up
        runner = f"{' + '.join(q.clusters)} ({q.score:.3f})" if q else "none"
        lines.append(
            "| "
            + " | ".join(
                md_escape(x)
                for x in (
                    s.slot,
                    p.extra.get("pilot_field", ""),
                    p.chain_id,
                    ", ".join(p.regions),
                    " + ".join(p.clusters),
                    f"{p.score:.3f}",
                    runner,
                    s.swap_note,
                )
            )  # fmt: skip
            + " |"
        )
    lines += ["", "## Why each pilot", ""]
    for s in portfolio.slots:
        lines.append(f"{s.slot}. {md_escape(s.pilot.evidence)}")
    return "\n".join(lines) + "\n"
