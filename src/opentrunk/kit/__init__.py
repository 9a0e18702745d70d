"""Domain-free helpers: ids, time formatting, pagination, E.164, CIDR, country data."""
