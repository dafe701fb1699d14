"""The shared directory of partner services (issue: guide ressources). Models arrive with that work."""
