// name: top-candidates
// description: The best scan candidates (pairings) of each kind that involve a region.
// params: region (string, ITC4) limit (int = 10)
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (c:Candidate)-[:INVOLVES]->(r)
// Scores of different kinds are not comparable: the best of each kind come first (all #1s,
// then all #2s, ...), by the rank within the kind (kind_rank; the global rank without it).
RETURN c.kind AS kind, c.kind_rank AS kind_rank, c.rank AS rank, c.score AS score,
       c.regions AS regions, c.clusters AS clusters, c.domains AS domains,
       c.chain_id AS chain_id, c.id AS candidate, c.evidence AS evidence
ORDER BY coalesce(kind_rank, rank), kind, rank
LIMIT $limit
