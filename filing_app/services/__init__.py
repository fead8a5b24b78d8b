"""Use cases. Each function takes (session, actor, ...), checks permission, calls the
domain, writes the database and the audit log in the caller's transaction, and
returns plain dataclasses."""
