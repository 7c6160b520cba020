-- Some MCP servers take an API key in their URL's query. The whole URL is kept sealed beside
-- server_url, which then holds it without the query (shown on pages, sent in the API).
ALTER TABLE data_source ADD COLUMN server_url_sealed VARCHAR(4000);
ALTER TABLE pending_connection ADD COLUMN server_url_sealed VARCHAR(4000);
