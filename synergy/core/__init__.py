"""The vocabulary every layer shares: graph model, errors, settings, scoring, taxonomy, text.

Nothing here imports another part of synergy or ingest; everything else may import it.
"""
