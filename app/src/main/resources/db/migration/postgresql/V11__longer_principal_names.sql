-- Emails are up to 254 characters; the session store keeps them as the principal's name.
ALTER TABLE SPRING_SESSION ALTER COLUMN PRINCIPAL_NAME TYPE VARCHAR(254);
