// name: shared-priorities
// description: Domains that two regions both prioritise, with the priorities on each side.
// params: region_a (string, ITC4) region_b (string, DE2)
// Regions may be given by id (ITC4), node id (region:ITC4), name or alias (Lombardia).
MATCH (a:Region)
WHERE a.key = $region_a OR a.id = $region_a OR toLower(a.name) = toLower($region_a)
   OR any(x IN coalesce(a.aliases, []) WHERE toLower(x) = toLower($region_a))
MATCH (b:Region)
WHERE b.key = $region_b OR b.id = $region_b OR toLower(b.name) = toLower($region_b)
   OR any(x IN coalesce(b.aliases, []) WHERE toLower(x) = toLower($region_b))
MATCH (a)-[:HAS_PRIORITY]->(pa:Priority)-[:IN_DOMAIN]->(d:Domain)
MATCH (b)-[:HAS_PRIORITY]->(pb:Priority)-[:IN_DOMAIN]->(d)
WHERE a <> b
WITH d, pa, pb ORDER BY pa.key, pb.key
RETURN d.key AS domain, d.name AS domain_name,
       collect(DISTINCT coalesce(pa.title, pa.name)) AS priorities_a,
       collect(DISTINCT coalesce(pb.title, pb.name)) AS priorities_b
ORDER BY domain
