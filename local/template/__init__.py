"""template.yaml read by our tooling: the document and its SAM expansion (document.py), its Conditions and
Rules for a set of parameters (conditions.py), what it declares (declarations.py: routes, functions, tables)
and the ok/FAIL checklist the static checks of it write to (checklist.py). Imports nothing else of local/.
"""
