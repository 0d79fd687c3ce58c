-- The rebate ledger: what each rebate policy has earned, per partner (and per payee for bonuses) and period.
-- Policies themselves are metadata (kind rebate_policy); these are the figures computed from them.

create table trellis_sys.rebate_ledger (
    id             bigint generated always as identity primary key,
    app            text          not null,
    policy         text          not null,
    policy_version integer       not null,   -- the metadata version of the policy the line was computed with
    component      text          not null,   -- 'rebate', or 'bonus:<name>' for a per-event bonus
    partner_id     bigint        not null,   -- the partner the source records belong to
    payee_kind     text          not null check (payee_kind in ('partner', 'user')),
    payee_id       bigint        not null,   -- the partner, or the user a bonus is paid to
    period_unit    text          not null check (period_unit in ('month', 'quarter', 'year')),
    period_start   date          not null,
    period_end     date          not null,   -- exclusive
    kind           text          not null check (kind in ('accrual', 'difference')),
    metric         numeric(24,4) not null,   -- what decides the tier (or the number of bonus events)
    base           numeric(24,4),            -- what the rate applies to, when it is not the metric
    tier           integer       not null,   -- 1-based tier reached; 0 when none is
    rate           numeric(9,4),             -- percent of the tier reached; null for fixed amounts
    total          numeric(18,2) not null,   -- what the period earns in all, as last computed
    amount         numeric(18,2) not null,   -- this line's amount: total, less approved and paid lines
    status         text          not null default 'accrued' check (status in ('accrued', 'approved', 'paid')),
    computed_at    timestamptz   not null default now(),
    approved_at    timestamptz,
    approved_by    text,
    paid_at        timestamptz,
    paid_by        text,
    explanation    jsonb         not null
);

-- at most one open (accrued) line per policy, component, partner, payee and period: recomputes upsert it;
-- approved and paid lines are frozen and a later change lands on a new open difference line
create unique index rebate_ledger_open_uq on trellis_sys.rebate_ledger
    (app, policy, period_start, component, partner_id, payee_id) where status = 'accrued';
create index rebate_ledger_period_ix on trellis_sys.rebate_ledger (app, policy, period_start, partner_id);
create index rebate_ledger_partner_ix on trellis_sys.rebate_ledger (app, partner_id, period_start);
create index rebate_ledger_payee_ix on trellis_sys.rebate_ledger (app, payee_kind, payee_id, period_start);
-- approved and paid lines of a period and partner, which every recompute sums: few, so a small index of their own
create index rebate_ledger_frozen_ix on trellis_sys.rebate_ledger (app, policy, period_start, partner_id)
    where status <> 'accrued';
