"""The console UI kit shared by every page: texts (i18n, plural), notices, pagers, tables, fields, selects, tiles,
error sentences (failure), ledger lines and the paged-filter state of list pages."""
