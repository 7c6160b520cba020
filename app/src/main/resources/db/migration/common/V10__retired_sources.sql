-- A disconnected vendor connection, remembered without any secret: its tiles say which source is
-- gone, and the same person connecting the same vendor account (connector, server, site) again
-- brings them back.
CREATE TABLE retired_data_source (
    id           BIGINT        NOT NULL PRIMARY KEY,
    workspace_id BIGINT        NOT NULL REFERENCES workspace (id),
    user_id      BIGINT        NOT NULL,
    connector    VARCHAR(40)   NOT NULL,
    server_url   VARCHAR(2000) NOT NULL,
    site         VARCHAR(200),
    name         VARCHAR(100)  NOT NULL,
    retired_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    successor_id BIGINT
);
CREATE INDEX retired_data_source_match_ix ON retired_data_source (workspace_id, connector);
