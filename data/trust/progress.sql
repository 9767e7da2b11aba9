-- amtui trust report: pupils on track, off track, exceeding and not yet assessed, per year
-- group and subject, for one half-term of one school's database. `amtui report trust` runs
-- exactly this query; docs/trust.md explains it. Parameters (the school's scheme holds them):
--   :school_year (2026 = 2026-27)  :half_term (1-6)  :subjects (JSON list, in order)
--   :green_min  :amber_min  (progress_bands)   :expected_rounding ('up' or 'down')
--   :amber_off_track (1 or 0)   :exceeding_min (progress_states)
--   :review_amber_from (targets_review, per cent)
--   :meeting_half_terms  :every_half_term_years  (meetings, JSON lists)
WITH
params AS (
  SELECT CAST(:school_year AS INTEGER) AS sy, CAST(:half_term AS INTEGER) AS ht,
         CAST(:green_min AS INTEGER) AS green_min, CAST(:amber_min AS INTEGER) AS amber_min,
         :expected_rounding = 'up' AS round_up,
         CAST(:amber_off_track AS INTEGER) AS amber_off_track,
         CAST(:exceeding_min AS INTEGER) AS exceeding_min,
         CAST(:review_amber_from AS REAL) AS review_amber_from
),
subject AS (SELECT key AS position, value AS name FROM json_each(:subjects)),
-- every level as a number on its scale: a step (5w+) is stage * 6 + its place in
-- b b+ w w+ s s+; a sub-stage (2D, a capital last) is stage * 4 + its place in R E D S
level AS (
  SELECT text, sub,
         CAST(rtrim(text, 'bws+REDS') AS INTEGER) * (CASE WHEN sub THEN 4 ELSE 6 END)
         + CASE WHEN sub THEN instr('REDS', substr(text, -1)) - 1
                ELSE (instr('bws', substr(rtrim(text, '+'), -1)) - 1) * 2 + (text LIKE '%+')
           END AS n
  FROM (SELECT text, substr(text, -1) IN ('R', 'E', 'D', 'S') AS sub
        FROM (SELECT step AS text FROM attainment WHERE step IS NOT NULL
              UNION SELECT step FROM starting_points UNION SELECT step FROM targets))
),
-- the meeting before this half-term in the scheme's cycle, for each year group: its next
-- steps are the targets reviewed now (a termly school's T4 reviews T2's)
back(k) AS (VALUES (1), (2), (3), (4), (5), (6)),
earlier AS (
  SELECT g.year_group, back.k, params.sy - (back.k >= params.ht) AS sy,
         (params.ht - back.k + 11) % 6 + 1 AS ht
  FROM (SELECT DISTINCT year_group FROM pupils) AS g, back, params
),
previous AS (
  SELECT year_group, sy, ht FROM (
    SELECT e.*, row_number() OVER (PARTITION BY e.year_group ORDER BY e.k) AS nth
    FROM earlier AS e, params
    WHERE e.ht IN (SELECT value FROM json_each(:meeting_half_terms))
       OR e.year_group - (params.sy - e.sy) IN (SELECT value FROM json_each(:every_half_term_years)))
  WHERE nth = 1
),
review AS (
  SELECT m.upn, m.subject, sum(m.review = 'achieved') AS achieved, count(*) AS reviewed
  FROM medium_targets AS m JOIN pupils AS p USING (upn)
  JOIN previous AS b ON b.year_group = p.year_group
  WHERE m.school_year = b.sy AND m.half_term = b.ht AND m.review IS NOT NULL
  GROUP BY m.upn, m.subject
),
-- one row per pupil and subject: the step now, the start of the year (last year's T6 step,
-- else the starting point at the end of the year before), the end-of-year target
cell AS (
  SELECT p.upn, p.year_group, s.position, s.name AS subject, a.step, a.override,
         now.sub AS now_sub, now.n AS now_n, start.sub AS start_sub, start.n AS start_n,
         goal.sub AS goal_sub, goal.n AS goal_n, r.achieved, r.reviewed
  FROM pupils AS p CROSS JOIN subject AS s CROSS JOIN params
  LEFT JOIN attainment AS a ON a.upn = p.upn AND a.subject = s.name
       AND a.school_year = params.sy AND a.half_term = params.ht
  LEFT JOIN attainment AS last ON last.upn = p.upn AND last.subject = s.name
       AND last.school_year = params.sy - 1 AND last.half_term = 6 AND last.step IS NOT NULL
  LEFT JOIN starting_points AS sp ON sp.upn = p.upn AND sp.subject = s.name
       AND sp.year_group = p.year_group - 1
  LEFT JOIN targets AS t ON t.upn = p.upn AND t.subject = s.name
       AND t.year_group = p.year_group
  LEFT JOIN level AS now ON now.text = a.step
  LEFT JOIN level AS start ON start.text = coalesce(last.step, sp.step)
  LEFT JOIN level AS goal ON goal.text = t.step
  LEFT JOIN review AS r ON r.upn = p.upn AND r.subject = s.name
),
-- the trajectory: share = (t / 6) of the way from start to target, in sixths of a level
shared AS (
  SELECT c.*, CASE WHEN c.now_sub = c.start_sub AND c.start_sub = c.goal_sub
                   THEN params.ht * (c.goal_n - c.start_n) END AS share
  FROM cell AS c, params
),
-- expected now = start + share / 6 rounded up (or down, as the scheme says), exactly;
-- gap = now - expected, in steps (or sub-stages)
gapped AS (
  SELECT s.*, s.now_n - s.start_n - CASE
           WHEN params.round_up THEN -((-s.share - ((-s.share % 6) + 6) % 6) / 6)
           ELSE (s.share - ((s.share % 6) + 6) % 6) / 6 END AS gap
  FROM shared AS s, params
),
coloured AS (
  SELECT g.*,
         CASE WHEN g.gap IS NULL THEN NULL WHEN g.gap >= params.green_min THEN 2
              WHEN g.gap >= params.amber_min THEN 1 ELSE 0 END AS path_colour,
         CASE WHEN coalesce(g.reviewed, 0) = 0 THEN NULL WHEN g.achieved = g.reviewed THEN 2
              WHEN 100 * g.achieved < params.review_amber_from * g.reviewed THEN 0
              ELSE 1 END AS review_colour
  FROM gapped AS g, params
),
-- the colour the grid shows: the teacher's override, else the worse of the two
shown AS (
  SELECT c.*, coalesce(c.override, CASE WHEN c.step IS NULL THEN NULL
                                        WHEN c.path_colour IS NULL THEN c.review_colour
                                        WHEN c.review_colour IS NULL THEN c.path_colour
                                        ELSE min(c.path_colour, c.review_colour) END) AS colour
  FROM coloured AS c
),
standing AS (
  SELECT s.year_group, s.position, s.subject,
         CASE WHEN s.step IS NULL THEN 'not assessed'
              WHEN s.colour = 0 OR (s.colour = 1 AND params.amber_off_track) THEN 'off track'
              WHEN s.gap >= params.exceeding_min THEN 'exceeding'
              ELSE 'on track' END AS standing
  FROM shown AS s, params
)
SELECT year_group, subject,
       sum(standing = 'on track') AS on_track, sum(standing = 'off track') AS off_track,
       sum(standing = 'exceeding') AS exceeding, sum(standing = 'not assessed') AS not_assessed,
       count(*) AS roll
FROM standing
GROUP BY year_group, position, subject
ORDER BY year_group, position;
