-- amtui trust report: mentoring meetings held on time, per year group, for one half-term of
-- one school's database. `amtui report trust` runs exactly this query; docs/trust.md explains
-- it. A meeting is due for every pupil on roll whose year group the scheme's cycle meets this
-- half-term; it was held on time when both the mentor and the pupil signed it before the next
-- half-term began (by the date of each signature, in the school's local time).
-- Parameters: :school_year  :half_term  :meeting_half_terms  :every_half_term_years (JSON
-- lists, the scheme's [meetings])  :next_half_term_starts (YYYY-MM-DD, from its calendar)
WITH
params AS (
  SELECT CAST(:school_year AS INTEGER) AS sy, CAST(:half_term AS INTEGER) AS ht,
         :next_half_term_starts AS deadline
),
due AS (
  SELECT p.upn, p.year_group,
         params.ht IN (SELECT value FROM json_each(:meeting_half_terms))
         OR p.year_group IN (SELECT value FROM json_each(:every_half_term_years)) AS due
  FROM pupils AS p, params
)
SELECT d.year_group, count(*) AS roll, sum(d.due) AS meetings_due,
       sum(d.due AND m.teacher_signed_at IS NOT NULL AND m.pupil_signed_at IS NOT NULL
           AND substr(m.teacher_signed_at, 1, 10) < params.deadline
           AND substr(m.pupil_signed_at, 1, 10) < params.deadline) AS meetings_on_time
FROM due AS d CROSS JOIN params
LEFT JOIN meetings AS m ON m.upn = d.upn AND m.school_year = params.sy
     AND m.half_term = params.ht
GROUP BY d.year_group
ORDER BY d.year_group;
