-- RFC 7591 client_secret_expires_at: a registration past it is dropped and made again.
ALTER TABLE oauth_client ADD COLUMN client_secret_expires_at TIMESTAMP WITH TIME ZONE;

-- A vendor redirect that reached Sightline without the signed-in user who started the attempt:
-- its parameters wait here, sealed, until that user redeems them (API-driven flows).
ALTER TABLE pending_connection ADD COLUMN callback VARCHAR(20000);
