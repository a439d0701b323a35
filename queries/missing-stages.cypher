// name: missing-stages
// description: Stages of the value chains a region takes part in that it lacks, and who elsewhere holds them.
// params: region (string, ITC4)
// A region takes part in a chain when one of its actors is active in one of the chain's stages.
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (r)<-[:LOCATED_IN]-(:Actor)-[:ACTIVE_IN]->(:Stage)-[:PART_OF]->(vc:ValueChain)
WITH DISTINCT r, vc
MATCH (s:Stage)-[:PART_OF]->(vc)
WHERE NOT EXISTS { (s)<-[:ACTIVE_IN]-(:Actor)-[:LOCATED_IN]->(r) }
OPTIONAL MATCH (s)<-[:ACTIVE_IN]-(a:Actor)-[:LOCATED_IN]->(o:Region)
WITH vc, s, a, o ORDER BY o.key, a.name
RETURN vc.key AS chain, vc.name AS chain_name, s.stage_order AS stage_order, s.key AS stage,
       s.name AS stage_name, collect(DISTINCT o.key) AS held_by_regions,
       collect(DISTINCT a.name) AS held_by_actors
ORDER BY chain, stage_order, stage
