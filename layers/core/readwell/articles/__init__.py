"""Articles and communities: content loading, validation, publishing and page view models.

Plain Python; storage comes in as a repository argument.
"""
