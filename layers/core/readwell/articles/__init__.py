"""Articles and communities: content loading, validation, publishing, the pages' view models, and the discovery
files with their routes.

Plain Python; storage comes in as a repository argument.
"""
