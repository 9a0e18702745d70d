"""The HTTP edge: app factory, auth dependencies, error rendering and thin routes."""

from opentrunk.api.app import create_app

__all__ = ["create_app"]
