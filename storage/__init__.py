"""All SQL of Quanjing lives here. Never imports Streamlit.

The :class:`~storage.db.Database` owns the one DuckDB connection of the process; every unit of work
takes its own cursor through :meth:`Database.transaction` or :meth:`Database.read`.
"""

from storage.db import Database, StorageError, default_db_path

__all__ = ["Database", "StorageError", "default_db_path"]
