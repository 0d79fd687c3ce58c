-- The workflow engine's own tables, beside Flowable's (ACT_*, created by Flowable itself): which process
-- definition runs each published flow version, the approval of one record (one running per record), the
-- tasks of the inbox and the timeline of every action. Flowable keeps its runtime and history; these hold
-- what the inbox and the record lock ask for, indexed for those questions.

-- a published flow version and the Flowable process definition compiled from it
create table trellis_sys.flow_deployment (
    app                   text        not null,
    flow                  text        not null,
    version               integer     not null,
    process_definition_id text        not null,
    deployed_at           timestamptz not null default now(),
    primary key (app, flow, version)
);

-- one approval of one record by one flow version
create table trellis_sys.flow_instance (
    id                  bigint generated always as identity primary key,
    process_instance_id text unique,
    app                 text        not null,
    object              text        not null,
    record_id           bigint      not null,
    flow                text        not null,
    flow_version        integer     not null,
    status              text        not null check (status in ('in_approval', 'approved', 'rejected', 'withdrawn', 'returned')),
    submitter_id        bigint      not null,
    submitter           text        not null,
    acted               boolean     not null default false,   -- an approver acted: the submitter can no longer withdraw
    started_at          timestamptz not null default now(),
    ended_at            timestamptz
);
-- a record is in at most one running approval
create unique index flow_instance_running_ux on trellis_sys.flow_instance (app, object, record_id)
    where status = 'in_approval';
create index flow_instance_record_ix on trellis_sys.flow_instance (app, object, record_id, id);
create index flow_instance_submitter_ix on trellis_sys.flow_instance (submitter_id, id desc);

-- a task of the inbox: a Flowable user task, for one user or for a group to claim
create table trellis_sys.flow_task (
    id          bigint generated always as identity primary key,
    task_id     text        not null unique,       -- Flowable's task id
    instance_id bigint      not null references trellis_sys.flow_instance (id) on delete cascade,
    step        text        not null,
    step_name   text,
    assignee_id bigint,
    candidate   text,                              -- 'role:<name>', 'department:<id>' or 'queue:<name>'
    status      text        not null default 'open' check (status in ('open', 'done', 'cancelled')),
    outcome     text,
    acted_by    bigint,
    comment     text,
    created_at  timestamptz not null default now(),
    done_at     timestamptz
);
create index flow_task_assignee_ix on trellis_sys.flow_task (assignee_id, id desc) where status = 'open';
create index flow_task_candidate_ix on trellis_sys.flow_task (candidate, id desc)
    where status = 'open' and assignee_id is null;
create index flow_task_done_ix on trellis_sys.flow_task (acted_by, id desc) where status = 'done';
create index flow_task_instance_ix on trellis_sys.flow_task (instance_id);

-- the approval timeline: who did what, when, with which comment
create table trellis_sys.flow_action (
    id          bigint generated always as identity primary key,
    instance_id bigint      not null references trellis_sys.flow_instance (id) on delete cascade,
    step        text,
    task_id     bigint,
    actor_id    bigint      not null,
    actor       text        not null,
    action      text        not null,
    comment     text,
    target      text,                               -- the user or step an action handed over to
    at          timestamptz not null default now()
);
create index flow_action_instance_ix on trellis_sys.flow_action (instance_id, id);
