// name: candidate-actors
// description: The actors behind a candidate: those it names and the members of its clusters.
// params: candidate (string, 1)
// The candidate may be given by its id (candidate:...), its rank in pairings.csv, or its kind
// and rank within the kind (pilot:1). For value-chain candidates
// the stages of the candidate's chain that each actor is active in are listed.
MATCH (c:Candidate)
WHERE c.id = $candidate OR c.candidate_id = $candidate OR toString(c.rank) = $candidate
   OR c.kind + ':' + toString(c.kind_rank) = $candidate
CALL (c) {
  MATCH (c)-[:INVOLVES]->(a:Actor)
  RETURN a, 'named' AS via
  UNION
  MATCH (c)-[:INVOLVES]->(:Cluster)<-[:MEMBER_OF]-(a:Actor)
  RETURN a, 'cluster member' AS via
}
OPTIONAL MATCH (a)-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (a)-[:ACTIVE_IN]->(s:Stage)
WHERE s.chain_id = c.chain_id
WITH a, r, via, s ORDER BY via DESC, s.stage_order
RETURN a.key AS actor, a.name AS name, r.key AS region, a.type AS type,
       collect(DISTINCT via) AS via, collect(DISTINCT s.key) AS stages
ORDER BY region, name
