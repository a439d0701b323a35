// name: shared-projects
// description: Projects joining two regions (partners of both took part), newest first, with who took part on each side.
// params: region_a (string, AT31) region_b (string, ITC4)
// A region of the dataset may be named by id, name or alias; any other region by its NUTS code,
// because every project keeps the regions of all its participants (Project.regions), partners
// outside the dataset included. The dataset's actors are listed with their role; partners
// outside the dataset by name and region (Project.partners_outside).
OPTIONAL MATCH (ra:Region)
WHERE ra.key = $region_a OR ra.id = $region_a OR toLower(ra.name) = toLower($region_a)
   OR any(x IN coalesce(ra.aliases, []) WHERE toLower(x) = toLower($region_a))
WITH coalesce(ra.key, $region_a) AS a
OPTIONAL MATCH (rb:Region)
WHERE rb.key = $region_b OR rb.id = $region_b OR toLower(rb.name) = toLower($region_b)
   OR any(x IN coalesce(rb.aliases, []) WHERE toLower(x) = toLower($region_b))
WITH a, coalesce(rb.key, $region_b) AS b
MATCH (p:Project)
WHERE a <> b AND a IN p.regions AND b IN p.regions
OPTIONAL MATCH (x:Actor)-[r:PARTICIPATES_IN]->(p)
WITH a, b, p, x, r ORDER BY x.name, x.key
WITH a, b, p,
     collect({region: x.region_id, who: x.name + ' (' + coalesce(r.role, '?') + ')'}) AS taking_part
RETURN p.key AS project, p.acronym AS acronym, p.title AS title, p.start AS start,
       toInteger(left(p.start, 4)) AS year, p.programme AS programme,
       [t IN taking_part WHERE t.region = a | t.who]
         + [s IN coalesce(p.partners_outside, []) WHERE s ENDS WITH ' (' + a + ')'] AS side_a,
       [t IN taking_part WHERE t.region = b | t.who]
         + [s IN coalesce(p.partners_outside, []) WHERE s ENDS WITH ' (' + b + ')'] AS side_b,
       p.regions AS regions
ORDER BY start DESC, project
