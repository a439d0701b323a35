"""The property graph: built from the canonical tables, read through shared sparse matrices.

``build`` turns ingest's tables into a networkx graph (vocabulary in :mod:`synergy.core.model`);
``incidence`` reads it once into sparse matrices every algorithm shares; ``profiles`` derives
the regions x domains activity matrices.
"""
