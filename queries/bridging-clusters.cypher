// name: bridging-clusters
// description: Clusters that connect their region to the most other regions (shared domains, value chains, candidates).
// params: limit (int = 10)
// A cluster reaches another region when a cluster there shares one of its domains, when an
// actor there works in a value chain the cluster's members work in, or when a scan
// candidate involves both.
MATCH (c:Cluster)-[:LOCATED_IN]->(home:Region)
CALL (c, home) {
  MATCH (c)-[:IN_DOMAIN]->(:Domain)<-[:IN_DOMAIN]-(:Cluster)-[:LOCATED_IN]->(r:Region)
  WHERE r <> home
  RETURN r, 'domain' AS via
  UNION
  MATCH (c)<-[:MEMBER_OF]-(:Actor)-[:ACTIVE_IN]->(:Stage)-[:PART_OF]->(:ValueChain)
        <-[:PART_OF]-(:Stage)<-[:ACTIVE_IN]-(:Actor)-[:LOCATED_IN]->(r:Region)
  WHERE r <> home
  RETURN r, 'chain' AS via
  UNION
  MATCH (c)<-[:INVOLVES]-(:Candidate)-[:INVOLVES]->(r:Region)
  WHERE r <> home
  RETURN r, 'candidate' AS via
}
WITH c, home, r, via ORDER BY r.key, via
WITH c, home, collect(DISTINCT r.key) AS regions, collect(DISTINCT via) AS via
RETURN c.key AS cluster, c.name AS name, home.key AS region, size(regions) AS bridged_regions,
       regions, via
ORDER BY bridged_regions DESC, cluster
LIMIT $limit
