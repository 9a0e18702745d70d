"""Projects, access keys, OAuth2 client-credentials tokens and the request principal."""
