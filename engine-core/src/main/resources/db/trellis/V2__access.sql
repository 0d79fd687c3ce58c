-- Permissions: the organisation tree, partner users, manual shares, API tokens, login throttling and
-- the operation log. Roles and permission sets are metadata (per app); these are the facts about people.

-- departments form a tree; path holds the ids from the root ('/1/5/9/') so a subtree is one prefix match
create table trellis_sys.department (
    id         bigint generated always as identity primary key,
    code       text   not null unique,
    name       text   not null,
    parent_id  bigint references trellis_sys.department (id),
    manager_id bigint references trellis_sys.app_user (id) on delete set null,
    path       text   not null
);
create index department_manager_ix on trellis_sys.department (manager_id);
create index department_path_ix on trellis_sys.department (path text_pattern_ops);

alter table trellis_sys.app_user
    add column department_id bigint references trellis_sys.department (id) on delete set null,
    -- a partner user belongs to one partner account: a record of the app's partner-account object
    add column partner_app   text,
    add column partner_id    bigint,
    add column failed_logins integer not null default 0,
    add column locked_until  timestamptz,
    add constraint app_user_partner_ck check ((partner_app is null) = (partner_id is null));
create index app_user_department_ix on trellis_sys.app_user (department_id);
-- who holds a role: the role hierarchy's "records owned by my subordinates" looks users up by role
create index user_role_role_ix on trellis_sys.user_role (role, user_id);

-- a record shared by hand with one user
create table trellis_sys.record_share (
    app       text        not null,
    object    text        not null,
    record_id bigint      not null,
    user_id   bigint      not null references trellis_sys.app_user (id) on delete cascade,
    access    text        not null check (access in ('read', 'edit')),
    shared_by bigint      not null,
    shared_at timestamptz not null default now(),
    primary key (app, object, record_id, user_id)
);
create index record_share_user_ix on trellis_sys.record_share (user_id, app, object, record_id);

-- API tokens for integrations: only a SHA-256 of the token is kept; a token acts with one role of its user
create table trellis_sys.api_token (
    id           bigint generated always as identity primary key,
    user_id      bigint      not null references trellis_sys.app_user (id) on delete cascade,
    name         text        not null,
    token_hash   text        not null unique,
    role         text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_token_user_ix on trellis_sys.api_token (user_id);

-- the operation log: sign-ins, permission changes, exports; who, what, when and from where
create table trellis_sys.operation_log (
    id       bigint generated always as identity primary key,
    at       timestamptz not null default now(),
    actor_id bigint,
    actor    text        not null,
    action   text        not null,
    target   text,
    detail   jsonb       not null default '{}',
    client   text
);
create index operation_log_at_ix on trellis_sys.operation_log (at desc);
create index operation_log_action_ix on trellis_sys.operation_log (action, at desc);
