-- pair: trap — two new tables reference each other (FK cycle): create both, then add the foreign keys; dropping needs the FKs (or CASCADE) first
-- @from
CREATE TABLE public.misc (id bigint PRIMARY KEY);
-- @to
CREATE TABLE public.misc (id bigint PRIMARY KEY);
CREATE TABLE public.departments (id bigint PRIMARY KEY, name text NOT NULL, head_employee_id bigint);
CREATE TABLE public.employees (id bigint PRIMARY KEY, name text NOT NULL, department_id bigint NOT NULL REFERENCES public.departments (id));
ALTER TABLE public.departments ADD CONSTRAINT departments_head_fkey FOREIGN KEY (head_employee_id) REFERENCES public.employees (id) DEFERRABLE INITIALLY DEFERRED;
