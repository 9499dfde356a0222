"""What every page shares around its content, whichever function renders it: the reader's display
settings and one-off notices (context.py), and the error pages with the one map from errors to them
(errors.py)."""
