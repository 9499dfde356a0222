"""An article page's schema.org data, apart from the XML documents so an article view never loads ElementTree."""

from __future__ import annotations

from typing import Any

PUBLISHER = "Readwell"


def article_structured_data(article: dict[str, Any], origin: str) -> dict[str, Any]:
    """schema.org MedicalWebPage for one article page (rendered as JSON-LD data, never executed)."""
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": f"{origin}/articles/{article['slug']}",
        "name": article["title"],
        "description": article["summary"],
        "inLanguage": "en",
        "datePublished": article["published"],
        "dateModified": article["revised"],
        "lastReviewed": article["last_reviewed"],
        "publisher": {"@type": "Organization", "name": PUBLISHER, "url": origin + "/"},
        "about": {"@type": "Thing", "name": article["community"]["title"]},
    }
