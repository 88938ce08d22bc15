"""Position search: document schema, query object, backends and index sync."""
