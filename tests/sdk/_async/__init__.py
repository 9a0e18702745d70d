"""SDK tests written once, for the asynchronous client; ``tools/unasync.py`` derives the
synchronous twins in ``tests/sdk/_sync``."""
