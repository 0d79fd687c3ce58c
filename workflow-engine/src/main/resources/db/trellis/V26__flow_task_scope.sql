-- The multi-instance execution of the step visit a task belongs to: a step's decisions are counted over the
-- tasks of its latest visit (one query, no per-step process variable).
alter table trellis_sys.flow_task add column scope text;

-- Tasks of approvals running at the upgrade get the scope their execution still shows, so their steps count as
-- before. (Flowable creates its tables after the migrations on a new database: then there is nothing to fill.)
do $$
begin
  if to_regclass('public.act_hi_taskinst') is not null and to_regclass('public.act_ru_execution') is not null then
    update trellis_sys.flow_task t set scope = e.parent_id_
    from public.act_hi_taskinst h join public.act_ru_execution e on e.id_ = h.execution_id_
    where h.id_ = t.task_id and t.scope is null;
  end if;
end
$$;
