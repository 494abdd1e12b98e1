-- The desired schema of the myagent service: what `retort check` compares head with, and what
-- `retort revision --autogenerate -m MESSAGE` writes a migration towards.
-- Edit this file, then let retort write the migration; review it (hazards are marked) and commit both.
-- A rename is stated, never guessed: `-- retort: renamed column public.tasks.owner from assigned_agent`.

CREATE TABLE projects (
    id SERIAL PRIMARY KEY,
    name VARCHAR(255) UNIQUE NOT NULL,
    spec JSONB NOT NULL,
    state VARCHAR(50) NOT NULL DEFAULT 'initializing',
    metrics JSONB,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE tasks (
    id VARCHAR(255) PRIMARY KEY,
    project_id INTEGER REFERENCES projects(id),
    type VARCHAR(100) NOT NULL,
    description TEXT,
    priority INTEGER,
    assigned_agent VARCHAR(100),
    status VARCHAR(50) DEFAULT 'pending',
    data JSONB,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP
);

CREATE TABLE iterations (
    id SERIAL PRIMARY KEY,
    project_id INTEGER REFERENCES projects(id),
    iteration_number INTEGER NOT NULL,
    state VARCHAR(50),
    metrics JSONB,
    tasks_completed INTEGER DEFAULT 0,
    tasks_failed INTEGER DEFAULT 0,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_projects_name ON projects(name);
CREATE INDEX idx_tasks_project_id ON tasks(project_id);
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE INDEX idx_iterations_project_id ON iterations(project_id);
