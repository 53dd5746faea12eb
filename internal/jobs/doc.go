// Package jobs runs the platform's background jobs on River, over SQLite or
// PostgreSQL, and keeps a tracking row per user-facing job so that the job
// page can show a live progress bar and, at the end, the result.
//
// A job in flight survives a restart: River keeps its jobs in the database.
// A graceful Stop cancels jobs still running when its deadline passes, and
// River makes them available again without spending an attempt, so the next
// start runs them again; a job whose process died is rescued by River after
// RescueStuckJobsAfter. Workers are therefore idempotent: they either start
// again from scratch or resume.
//
// Glossary:
//   - job (công việc nền): one long task asked for by a user, e.g. an export;
//     its tracking row (Job) has an owner, a status, progress and a result.
//   - kind: what a job does, e.g. "audit_export"; one worker per kind.
//   - River job: River's own row in river_job, which drives execution and
//     retries; Job.RiverID points at it.
//   - progress (tiến độ): Done of Total units, with a short message.
//   - result (kết quả): one file (name, MIME type, bytes) a job produces.
//   - system job: a periodic maintenance job (session cleanup) that has no
//     tracking row and no owner.
package jobs
