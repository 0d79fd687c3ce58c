-- Import jobs and their reports: who imported which file into which object, how, and what came of it.
create table trellis_sys.import_job (
    id              bigint generated always as identity primary key,
    app             text        not null,
    object          text        not null,
    mode            text        not null check (mode in ('dry_run', 'all_or_nothing', 'valid_only')),
    status          text        not null check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
    file_name       text        not null,
    format          text        not null,
    created_by      bigint      not null,
    created_by_name text        not null,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz,
    rows_total      bigint,
    rows_read       bigint      not null default 0,
    rows_written    bigint      not null default 0,
    rows_updated    bigint      not null default 0,
    rows_rejected   bigint      not null default 0,
    rows_per_second double precision,
    eta_seconds     bigint,
    message         text,
    options         jsonb       not null default '{}',
    mapping         jsonb       not null default '[]',
    -- the first problems by row and column; the rejected-rows file holds every rejected row
    problems        jsonb       not null default '[]',
    rejected_file   text
);
create index import_job_app_ix on trellis_sys.import_job (app, created_by, id desc);
