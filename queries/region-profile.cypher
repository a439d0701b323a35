// name: region-profile
// description: A region's S3 profile: per domain, its priorities, clusters, cluster actors and programmes.
// params: region (string, ITC4)
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (d:Domain)
CALL (r, d) {
  OPTIONAL MATCH (r)-[:HAS_PRIORITY]->(p:Priority)-[:IN_DOMAIN]->(d)
  RETURN count(DISTINCT p) AS priorities
}
CALL (r, d) {
  OPTIONAL MATCH (r)<-[:LOCATED_IN]-(cl:Cluster)-[:IN_DOMAIN]->(d)
  OPTIONAL MATCH (cl)<-[:MEMBER_OF]-(a:Actor)
  RETURN count(DISTINCT cl) AS clusters, count(DISTINCT a) AS actors
}
CALL (r, d) {
  OPTIONAL MATCH (r)<-[:RUN_BY]-(pg:Programme)-[:FUNDS]->(d)
  RETURN count(DISTINCT pg) AS programmes
}
WITH d, priorities, clusters, actors, programmes
WHERE priorities + clusters + programmes > 0
RETURN d.key AS domain, d.name AS domain_name, priorities, clusters, actors, programmes
ORDER BY priorities DESC, clusters DESC, domain
