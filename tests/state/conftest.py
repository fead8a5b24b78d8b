from tests.services.conftest import db, migrated  # noqa: F401  (same clean database per test)
