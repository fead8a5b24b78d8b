"""State tests call handlers the way a (possibly hostile) browser would, on the service-test database."""

from tests.services.conftest import db, migrated, session  # noqa: F401
