"""'Was this page useful?': what a reader may send about an article or the glossary, checked, counted against a
per-address limit and kept for a while with nothing that says who sent it. Plain Python: storage is handed in."""
