// name: programmes-for-domain
// description: Funding programmes (any region) whose scope covers a domain, best match first.
// params: domain (string, energy-renewables)
// The domain may be given by taxonomy id, node id (domain:energy-renewables) or name.
MATCH (d:Domain)
WHERE d.key = $domain OR d.id = $domain OR toLower(d.name) = toLower($domain)
MATCH (p:Programme)-[f:FUNDS]->(d)
OPTIONAL MATCH (p)-[:RUN_BY]->(r:Region)
RETURN p.key AS programme, p.name AS name, r.key AS region, p.budget_eur AS budget_eur,
       p.instrument AS instrument, p.trl_min AS trl_min, p.trl_max AS trl_max,
       p.beneficiaries AS beneficiaries, f.score AS match_score
ORDER BY match_score DESC, budget_eur DESC, programme
