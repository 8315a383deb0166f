"""Pure-Python campaign services: settings, assignment rules, tokens, the respondent path,
drafts, rate limiting and meeting mode. Calls :mod:`storage`; never SQL, never Streamlit."""
