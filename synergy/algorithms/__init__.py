"""Pure algorithms: the property graph (or matrices derived from it) in, candidates or tables out.

One module per algorithm. None of them reads or writes files, prints, talks to Neo4j or
uses hidden randomness (seeds are parameters); each score comes with its evidence.
"""
