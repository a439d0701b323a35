// name: synchronized-call
// description: Regions that could join a synchronized call on a domain at a TRL, with budgets and programmes.
// params: domain (string, energy-renewables) trl (int, 5)
// A programme qualifies when it funds the domain and its TRL range (if given) includes trl.
MATCH (d:Domain)
WHERE d.key = $domain OR d.id = $domain OR toLower(d.name) = toLower($domain)
MATCH (p:Programme)-[:FUNDS]->(d)
WHERE coalesce(p.trl_min, 1) <= $trl AND $trl <= coalesce(p.trl_max, 9)
MATCH (p)-[:RUN_BY]->(r:Region)
WITH r, p ORDER BY p.key
RETURN r.key AS region, r.name AS region_name, count(p) AS programmes,
       sum(coalesce(p.budget_eur, 0.0)) AS budget_eur, collect(p.key) AS programme_ids
ORDER BY budget_eur DESC, region
