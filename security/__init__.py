"""Who may do what: accounts and sign-in, roles scoped to units, and the audit log.

Never imports Streamlit (the session side lives in ``ui.auth``); all SQL is in
``storage.accounts`` and ``storage.audit``.
"""
