"""The asynchronous client and its resource namespaces."""
