"""The audit trail in git: the only code that runs git or reads its history.

git.py writes (one commit per change), history.py reads a case's story, undo.py reverts a
change with a new commit. Nothing else in duban spawns git or imports gitpython.
"""
