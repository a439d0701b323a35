// name: partner-regions
// description: Regions whose priorities share the most domains with a region (Jaccard overlap).
// params: region (string, ITC4) limit (int = 10)
MATCH (r:Region)
WHERE r.key = $region OR r.id = $region OR toLower(r.name) = toLower($region)
   OR any(x IN coalesce(r.aliases, []) WHERE toLower(x) = toLower($region))
MATCH (r)-[:HAS_PRIORITY]->(:Priority)-[:IN_DOMAIN]->(d:Domain)
WITH r, collect(DISTINCT d.key) AS mine
MATCH (o:Region)-[:HAS_PRIORITY]->(:Priority)-[:IN_DOMAIN]->(d:Domain)
WHERE o <> r
WITH r, mine, o, d.key AS domain ORDER BY domain
WITH mine, o, collect(DISTINCT domain) AS theirs
WITH o, mine, theirs, [x IN theirs WHERE x IN mine] AS shared
WHERE size(shared) > 0
RETURN o.key AS region, o.name AS name, size(shared) AS shared_domains,
       round(toFloat(size(shared)) / (size(mine) + size(theirs) - size(shared)), 3) AS jaccard,
       shared
ORDER BY jaccard DESC, shared_domains DESC, region
LIMIT $limit
