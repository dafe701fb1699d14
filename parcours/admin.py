"""Pathways are personal data: not registered in the admin site.

They are reached only through the scoped pages of ``frontend`` and endpoints of ``api``, which journal
every access (rule DP-1), as people's files are (``social.admin``).
"""
