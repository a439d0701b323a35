"""Neo4j: connect, push the graph and candidates, run named queries, export bulk-import CSVs.

The Cypher text of the named queries stays in ``queries/``; this package only runs it.
"""
