"""The HTTP adapter: a JSON API, an OpenAI-compatible endpoint and health probes over one
``Assistant``. Build it with ``create_app(assistant, settings)``; ``assistant serve`` runs it."""

from assistant.api.app import create_app
from assistant.api.auth import ExposureError, check_exposure
from assistant.net import is_loopback

__all__ = ["ExposureError", "check_exposure", "create_app", "is_loopback"]
