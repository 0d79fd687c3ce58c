-- The multi-instance execution of the step visit a task belongs to: a step's decisions are counted over the
-- tasks of its latest visit (one query, no per-step process variable). Tasks written before have none.
alter table trellis_sys.flow_task add column scope text;
