// name: track-record
// description: The projects an actor, or the members of a cluster, took part in: years, roles, EU contribution and partners.
// params: party (string, de21-mueller)
// The party is an actor or a cluster, given by id, node id or name; an actor also by any source
// id merged into it (such as CORDIS's cordis-999000011). Partners are the project's other
// participants: the dataset's actors with their region, and partners outside the dataset.
MATCH (x)
WHERE (x:Actor OR x:Cluster)
  AND (x.key = $party OR x.id = $party OR toLower(x.name) = toLower($party)
       OR $party IN coalesce(x.source_ids, []))
CALL (x) {
  MATCH (x:Actor)-[r:PARTICIPATES_IN]->(p:Project)
  RETURN x AS a, r, p
  UNION
  MATCH (x:Cluster)<-[:MEMBER_OF]-(a:Actor)-[r:PARTICIPATES_IN]->(p:Project)
  RETURN a, r, p
}
WITH x, p, a, r ORDER BY a.name, a.key
WITH x, p, collect(a) AS mine, collect(a.name + ' (' + coalesce(r.role, '?') + ')') AS taking_part,
     sum(coalesce(r.ec_contribution, 0.0)) AS ec_contribution
OPTIONAL MATCH (o:Actor)-[:PARTICIPATES_IN]->(p)
WHERE NOT o IN mine
WITH x, p, taking_part, ec_contribution, o ORDER BY o.name, o.key
WITH x, p, taking_part, ec_contribution,
     collect(o.name + ' (' + o.region_id + ')') AS others
RETURN x.key AS party, p.key AS project, p.acronym AS acronym, p.title AS title,
       p.start AS start, toInteger(left(p.start, 4)) AS year, p.programme AS programme,
       taking_part, round(ec_contribution, 2) AS ec_contribution_eur,
       others + coalesce(p.partners_outside, []) AS partners
ORDER BY start DESC, project
