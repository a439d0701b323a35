// name: chain-coverage
// description: A value chain stage by stage: which regions' actors hold each stage, and how many.
// params: chain (string, emob)
// The chain may be given by its chain_id, node id (chain:emob) or name.
MATCH (vc:ValueChain)
WHERE vc.key = $chain OR vc.id = $chain OR toLower(vc.name) = toLower($chain)
MATCH (s:Stage)-[:PART_OF]->(vc)
OPTIONAL MATCH (a:Actor)-[:ACTIVE_IN]->(s)
OPTIONAL MATCH (a)-[:LOCATED_IN]->(r:Region)
WITH s, a, r ORDER BY r.key, a.name
RETURN s.stage_order AS stage_order, s.key AS stage, s.name AS stage_name,
       collect(DISTINCT r.key) AS regions, count(DISTINCT a) AS actors,
       collect(DISTINCT a.name) AS actor_names
ORDER BY stage_order, stage
