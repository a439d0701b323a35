// name: unsupported-priorities
// description: A region's priorities that no cluster of the region supports or shares a domain with (S3 stress test).
// params: region (string, ITC4)
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (r)-[:HAS_PRIORITY]->(p:Priority)
WHERE NOT EXISTS { (p)<-[:SUPPORTS]-(:Cluster) }
  AND NOT EXISTS {
    (p)-[:IN_DOMAIN]->(:Domain)<-[:IN_DOMAIN]-(:Cluster)-[:LOCATED_IN]->(r)
  }
OPTIONAL MATCH (p)-[:IN_DOMAIN]->(d:Domain)
WITH p, d ORDER BY d.key
RETURN p.key AS priority, coalesce(p.title, p.name) AS title, collect(d.key) AS domains
ORDER BY priority
