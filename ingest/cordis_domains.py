"""Map a CORDIS project's fields of science (euroSciVoc) to taxonomy domains, explained.

``euroSciVoc.csv`` gives each project one or more fields of science, each as a title
(``hydrogen energy``) and the path of its ancestors (``/engineering and technology/
environmental engineering/energy and fuels/renewable energy/hydrogen energy``). Each field
is read with :meth:`synergy.taxonomy.Taxonomy.map_text`, most specific first: its title,
then the path's segments from the leaf upwards, stopping at the first that matches a domain
(a broad ancestor such as ``engineering and technology`` says little about the project).
A project without euroSciVoc fields, or whose fields match nothing, is mapped from its
title. Every domain keeps the term that matched and its score, like priorities do.
"""

from __future__ import annotations

from dataclasses import dataclass

from synergy.core.taxonomy import DomainMatch, Taxonomy

__all__ = ["ProjectDomains", "DomainMapper"]


@dataclass(frozen=True)
class ProjectDomains:
    """The domains of one project, best first, with the term and score of each."""

    domains: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()
    source: str = ""  # 'euroSciVoc', 'title' or '' (nothing matched)


class DomainMapper:
    """Map euroSciVoc fields and titles to domains, remembering texts seen before.

    Parameters
    ----------
    taxonomy
        The taxonomy to map to.
    max_domains
        Keep at most this many domains per project (the best scores).
    min_score
        Matches scoring below are ignored (the :meth:`Taxonomy.map_text` scale).

    Examples
    --------
    >>> mapper = DomainMapper(Taxonomy.load())
    >>> found = mapper.project([("additive manufacturing",
    ...     "/engineering and technology/mechanical engineering/manufacturing engineering/"
    ...     "additive manufacturing")], "A title")
    >>> found.domains, found.terms, found.scores, found.source
    (('advanced-manufacturing',), ('additive manufacturing',), (1.0,), 'euroSciVoc')
    >>> mapper.project([], "Robots for small workshops").source
    'title'
    """

    def __init__(self, taxonomy: Taxonomy, *, max_domains: int = 3, min_score: float = 0.85):
        self.taxonomy = taxonomy
        self.max_domains = max_domains
        self.min_score = min_score
        self._memo: dict[str, tuple[DomainMatch, ...]] = {}

    def _map(self, text: str) -> tuple[DomainMatch, ...]:
        found = self._memo.get(text)
        if found is None:
            found = tuple(self.taxonomy.map_text(text, language="en", min_score=self.min_score))
            self._memo[text] = found
        return found

    def field(self, title: str, path: str) -> tuple[DomainMatch, ...]:
        """Return the matches of one euroSciVoc field: its title, else its path upwards."""
        segments = [s.strip() for s in path.split("/") if s.strip()]
        for text in [title.strip(), *reversed(segments)]:
            if text:
                found = self._map(text)
                if found:
                    return found
        return ()

    def project(self, fields: list[tuple[str, str]], title: str) -> ProjectDomains:
        """Return the domains of a project from its ``(title, path)`` fields, else its title."""
        best: dict[str, DomainMatch] = {}
        for field_title, path in fields:
            for m in self.field(field_title, path):
                if m.domain_id not in best or m.score > best[m.domain_id].score:
                    best[m.domain_id] = m
        source = "euroSciVoc"
        if not best:
            source = "title"
            for m in self._map(title) if title.strip() else ():
                best.setdefault(m.domain_id, m)
        if not best:
            return ProjectDomains()
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.domain_id))[: self.max_domains]
        return ProjectDomains(
            domains=tuple(m.domain_id for m in ranked),
            terms=tuple(m.term for m in ranked),
            scores=tuple(round(m.score, 3) for m in ranked),
            source=source,
        )
