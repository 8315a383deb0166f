import os

# Tests never touch the developer's database; each test that needs one makes its own.
os.environ.setdefault("QUANJING_DB", ":memory:")
os.environ.setdefault("QUANJING_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
