// name: top-candidates
// description: The best-scored scan candidates (pairings) that involve a region.
// params: region (string, ITC4) limit (int, 10)
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (c:Candidate)-[:INVOLVES]->(r)
RETURN c.rank AS rank, c.kind AS kind, c.score AS score, c.regions AS regions,
       c.clusters AS clusters, c.domains AS domains, c.chain_id AS chain_id, c.id AS candidate,
       c.evidence AS evidence
ORDER BY score DESC, rank
LIMIT $limit
