"""Site search: an inverted index built at publish time, read with one Query per search term.

Plain Python; storage comes in as a repository argument (storage.content.ContentRepository).
"""
