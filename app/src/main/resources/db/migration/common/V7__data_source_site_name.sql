-- The human name of the chosen site, for pages: the site column holds the vendor's id (an Arcjet
-- TypeID such as site_01...), which says nothing to a person. Sources connected while ids were
-- names keep showing what they showed.
ALTER TABLE data_source ADD COLUMN site_name VARCHAR(200);
UPDATE data_source SET site_name = site WHERE site IS NOT NULL;
