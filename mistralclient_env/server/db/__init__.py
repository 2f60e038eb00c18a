"""Storage of the bundled server: SQLAlchemy models and transactions."""
