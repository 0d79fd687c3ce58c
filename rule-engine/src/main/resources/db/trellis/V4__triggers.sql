-- Triggers: in-app notifications, the outbox of side effects that leave the database (webhooks, flow
-- starts), the webhook delivery log and the webhooks' signing secrets.

-- a notification for one user, written by a trigger in the record's transaction
create table trellis_sys.notification (
    id         bigint generated always as identity primary key,
    user_id    bigint      not null references trellis_sys.app_user (id) on delete cascade,
    app        text        not null,
    object     text,
    record_id  bigint,
    source     text,                 -- the trigger that sent it
    title      text        not null,
    body       text,
    created_at timestamptz not null default now(),
    read_at    timestamptz
);
create index notification_user_ix on trellis_sys.notification (user_id, id desc);
create index notification_unread_ix on trellis_sys.notification (user_id) where read_at is null;

-- events written in a record's transaction and handled after it commits: a webhook call (delivered by
-- the dispatcher) or a flow start (consumed by the workflow engine); the same row is the delivery state
create table trellis_sys.outbox (
    id              bigint generated always as identity primary key,
    event_id        uuid        not null unique,   -- sent to receivers so they can drop a repeated delivery
    type            text        not null,          -- 'webhook', 'flow.start'
    app             text        not null,
    object          text        not null,
    record_id       bigint      not null,
    source          text        not null,          -- the trigger that wrote it
    destination     text,                          -- a webhook's URL; the flow's name for a flow start
    secret_name     text,                          -- the webhook secret that signs the body
    payload         json        not null,          -- json, not jsonb: the text as written is what is signed and sent
    status          text        not null default 'pending' check (status in ('pending', 'done', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until    timestamptz,                   -- a dispatcher holds the row until then
    created_at      timestamptz not null default now(),
    done_at         timestamptz,
    last_error      text
);
create index outbox_due_ix on trellis_sys.outbox (type, next_attempt_at) where status = 'pending';
create index outbox_record_ix on trellis_sys.outbox (app, object, record_id);

-- every attempt to deliver a webhook, successful or not
create table trellis_sys.webhook_delivery (
    id          bigint generated always as identity primary key,
    outbox_id   bigint      not null references trellis_sys.outbox (id) on delete cascade,
    attempt     integer     not null,
    at          timestamptz not null default now(),
    status_code integer,                           -- null when no response came (refused, timed out)
    error       text,
    duration_ms integer     not null,
    response    text                               -- the start of the response body
);
create index webhook_delivery_outbox_ix on trellis_sys.webhook_delivery (outbox_id, attempt);

-- the secrets webhooks are signed with (HMAC-SHA256). Kept out of metadata, which is exported in
-- packages and shown to designers; kept in clear because signing needs the secret itself.
create table trellis_sys.webhook_secret (
    app        text        not null,
    name       text        not null,
    secret     text        not null,
    created_at timestamptz not null default now(),
    created_by text        not null,
    primary key (app, name)
);
