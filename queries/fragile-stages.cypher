// name: fragile-stages
// description: Value-chain stages held by a single actor in the whole graph (single points of failure).
// params: none
MATCH (s:Stage)-[:PART_OF]->(vc:ValueChain)
OPTIONAL MATCH (a:Actor)-[:ACTIVE_IN]->(s)
WITH vc, s, collect(a) AS actors
WHERE size(actors) <= 1
OPTIONAL MATCH (x:Actor)-[:ACTIVE_IN]->(s)
OPTIONAL MATCH (x)-[:LOCATED_IN]->(r:Region)
RETURN vc.key AS chain, s.stage_order AS stage_order, s.key AS stage, s.name AS stage_name,
       size(actors) AS actors, x.name AS actor, r.key AS region
ORDER BY chain, stage_order, stage
