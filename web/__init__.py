"""The web layer (Flask application, storage, pages, API).

Not built yet: no issue asks for it so far. It will call :mod:`matcher` and never
CP-SAT directly, store data with SQLAlchemy (a SQLite file by default), and serve
Dutch pages first. The package exists so the three layers are visible from the start.
"""
