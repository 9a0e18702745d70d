"""Resource namespaces of the asynchronous client."""
