"""The content table: communities, current articles and every published revision.

Keys:
  community  PK=COMMUNITY#<slug> SK=META
  article    PK=ARTICLE#<slug>   SK=CURRENT (the whole page) and SK=REV#<n> (every revision, whole)
                                 SK=HISTORY#<n> (revision n's date, author and change note: the page history
                                 reads these small items, newest first, never the whole revisions)
  index ByListing: listing_pk=COMMUNITIES (communities) or COMMUNITY#<slug> (its articles),
                   listing_sk=title for ordering. An article record carries a `status` only when it is not
                   the default, published (a withdrawn one): its CURRENT then has no listing_pk, so it is in
                   no list (the index is sparse), while its revisions are kept.
  glossary   PK=GLOSSARY         SK=CURRENT (every entry, A to Z: the /glossary page in one read)
  help       PK=HELP             SK=CURRENT (the /help page, from content/help.md)
  search     PK=TERM#<term>      SK=ARTICLE#<slug> (slug, score): one posting per term and article
             PK=ARTICLE#<slug>   SK=SEARCH (index_hash, scores): what the article is indexed under
  edge       PK=EDGE             SK=PENDING (paths, reference): an invalidation CloudFront has not yet
             accepted, recorded before the pages change and deleted once it has (edge/invalidations.py)
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from readwell.storage import limits
from readwell.storage.dynamodb import Repository, from_item, storage_errors, to_item
from readwell.storage.errors import Conflict
from readwell.storage.failures import is_conflict

LISTING_INDEX = "ByListing"
_PREFIX = {"community": ("COMMUNITY#", "META"), "article": ("ARTICLE#", "CURRENT")}
_RETRIES_ON_CONFLICT = 5
_BATCH_GET = 100
# A new revision is three Puts (REV#n, HISTORY#n and CURRENT), always in the same transaction.
ACTIONS_PER_REVISION = 3
# What a page-history line shows of its revision (the CURRENT and REV# items hold the rest).
_HISTORY_FIELDS = (
    "title",
    "community",
    "revised",
    "revised_by",
    "change_note",
    "status",
    "withdrawn_on",
    "withdrawn_reason",
)
Revision = tuple[dict[str, Any], int]  # an article record and the revision it replaces (0: none)
_CARD_FIELDS = ("slug", "title", "summary", "community")
_GLOSSARY_KEY = ("GLOSSARY", "CURRENT")
_HELP_KEY = ("HELP", "CURRENT")
_PENDING_INVALIDATION_KEY = ("EDGE", "PENDING")


@storage_errors
class ContentRepository(Repository):
    # Reading: what pages need.

    def get_article(self, slug: str) -> dict[str, Any] | None:
        return self._get("ARTICLE#" + slug, "CURRENT")

    def get_community(self, slug: str) -> dict[str, Any] | None:
        return self._get("COMMUNITY#" + slug, "META")

    def get_glossary(self) -> dict[str, Any] | None:
        return self._get(*_GLOSSARY_KEY)

    def get_help(self) -> dict[str, Any] | None:
        return self._get(*_HELP_KEY)

    def help_hash(self) -> str:
        found = self._get(*_HELP_KEY, consistent=True)  # as glossary_hash: against what was last written
        return str(found.get("content_hash", "")) if found else ""

    def put_help(self, record: dict[str, Any]) -> None:
        item = {"PK": _HELP_KEY[0], "SK": _HELP_KEY[1], **record}
        self.client.put_item(TableName=self.table_name, Item=to_item(item))

    def list_communities(self) -> list[dict[str, Any]]:
        return self._query_listing("COMMUNITIES")

    def list_articles(self, community_slug: str) -> list[dict[str, Any]]:
        return self._query_listing("COMMUNITY#" + community_slug)

    def history(self, slug: str, newest: int) -> tuple[list[dict[str, Any]], bool]:
        """The `newest` history lines of an article, newest first, in ONE Query; and whether older ones exist."""
        response = self.client.query(
            TableName=self.table_name,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :history)",
            ExpressionAttributeValues={":pk": {"S": "ARTICLE#" + slug}, ":history": {"S": "HISTORY#"}},
            ScanIndexForward=False,
            Limit=newest,
        )
        return [from_item(item) for item in response["Items"]], "LastEvaluatedKey" in response

    def revisions(self, slug: str) -> list[dict[str, Any]]:
        response = self.client.query(
            TableName=self.table_name,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :rev)",
            ExpressionAttributeValues={":pk": {"S": "ARTICLE#" + slug}, ":rev": {"S": "REV#"}},
        )
        return [from_item(item) for item in response["Items"]]

    def _get(self, pk: str, sk: str, consistent: bool = False) -> dict[str, Any] | None:
        response = self.client.get_item(
            TableName=self.table_name, Key={"PK": {"S": pk}, "SK": {"S": sk}}, ConsistentRead=consistent
        )
        item = response.get("Item")
        return from_item(item) if item else None

    def _query_listing(self, listing_pk: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "IndexName": LISTING_INDEX,
            "KeyConditionExpression": "listing_pk = :pk",
            "ExpressionAttributeValues": {":pk": {"S": listing_pk}},
        }
        for page in self.client.get_paginator("query").paginate(**request):
            items += [from_item(item) for item in page["Items"]]
        return items

    # Search: postings per term, and the few fields a result shows.

    def search_postings(self, term: str, limit: int) -> list[tuple[str, int]]:
        """(slug, score) for every article indexed under `term`, at most `limit`: Query only, never Scan."""
        postings: list[tuple[str, int]] = []
        request: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": "TERM#" + term}},
            "ProjectionExpression": "#slug, #score",
            "ExpressionAttributeNames": {"#slug": "slug", "#score": "score"},
            "Limit": limit,
        }
        while len(postings) < limit:
            response = self.client.query(**request)
            postings += [(record["slug"], int(record["score"])) for record in map(from_item, response["Items"])]
            if "LastEvaluatedKey" not in response:
                break
            request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
            request["Limit"] = limit - len(postings)
        return postings[:limit]

    def article_cards(self, slugs: list[str]) -> list[dict[str, Any]]:
        """Title, summary and community of each current article (one BatchGetItem per 100)."""
        names = {f"#{name}": name for name in _CARD_FIELDS}
        cards: list[dict[str, Any]] = []
        for start in range(0, len(slugs), _BATCH_GET):
            keys = [
                {"PK": {"S": "ARTICLE#" + slug}, "SK": {"S": "CURRENT"}} for slug in slugs[start : start + _BATCH_GET]
            ]
            request = {"Keys": keys, "ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}
            cards += self._batch_get(request)
        return cards

    def search_index_hashes(self, slugs: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(slugs), _BATCH_GET):
            keys = [
                {"PK": {"S": "ARTICLE#" + slug}, "SK": {"S": "SEARCH"}} for slug in slugs[start : start + _BATCH_GET]
            ]
            # Strongly consistent, like current_hashes: a publisher racing another must see the index the
            # winner wrote, or it would diff against stale terms and leave stale postings behind.
            request = {"Keys": keys, "ProjectionExpression": "slug, index_hash", "ConsistentRead": True}
            found |= {record["slug"]: record["index_hash"] for record in self._batch_get(request)}
        return found

    def search_terms(self, slug: str) -> dict[str, int]:
        found = self._get("ARTICLE#" + slug, "SEARCH", consistent=True)
        return {term: int(score) for term, score in (found or {}).get("scores", {}).items()}

    def write_search_index(
        self, slug: str, stale: list[str], postings: dict[str, int], scores: dict[str, int], index_hash: str
    ) -> int:
        """Delete stale postings, put changed ones, then record what the article is indexed under.

        The SEARCH item is written last: if anything before it fails, the next publish sees the old
        hash and repeats the (idempotent) work.
        """
        requests = [{"DeleteRequest": {"Key": self._posting_key(term, slug)}} for term in stale]
        requests += [
            {"PutRequest": {"Item": {**self._posting_key(term, slug), "slug": {"S": slug}, "score": {"N": str(score)}}}}
            for term, score in postings.items()
        ]
        for batch in limits.batches(
            requests, _request_size, limits.MAX_BATCH_WRITE_REQUESTS, limits.MAX_BATCH_WRITE_BYTES
        ):
            self._batch_write(batch)
        record = {"PK": "ARTICLE#" + slug, "SK": "SEARCH", "slug": slug, "index_hash": index_hash, "scores": scores}
        self.client.put_item(TableName=self.table_name, Item=to_item(record))
        return len(requests) + 1

    @staticmethod
    def _posting_key(term: str, slug: str) -> dict[str, Any]:
        return {"PK": {"S": "TERM#" + term}, "SK": {"S": "ARTICLE#" + slug}}

    # Writing: what publishing needs (see articles.publishing.PublishTarget).

    def current_hashes(self, kind: str, slugs: list[str]) -> dict[str, tuple[str, int]]:
        prefix, sk = _PREFIX[kind]
        found: dict[str, tuple[str, int]] = {}
        for start in range(0, len(slugs), 100):
            keys = [{"PK": {"S": prefix + slug}, "SK": {"S": sk}} for slug in slugs[start : start + 100]]
            # Strongly consistent: after losing a race, a publisher must see the winner's revision, or it
            # would retry against a stale one (BatchGetItem is eventually consistent by default).
            request = {"Keys": keys, "ProjectionExpression": "slug, content_hash, revision", "ConsistentRead": True}
            for record in self._batch_get(request):
                found[record["slug"]] = (record.get("content_hash", ""), int(record.get("revision", 0)))
        return found

    def listed_articles(self) -> list[dict[str, Any]]:
        """Every article readers can find in a community list (slug, title): what publishing must not lose."""
        return [article for community in self.list_communities() for article in self.list_articles(community["slug"])]

    def put_communities(self, records: list[dict[str, Any]]) -> int:
        for record in records:
            item = {
                "PK": "COMMUNITY#" + record["slug"],
                "SK": "META",
                "listing_pk": "COMMUNITIES",
                "listing_sk": record["title"].lower(),
                **record,
            }
            self.client.put_item(TableName=self.table_name, Item=to_item(item))
        return len(records)

    def glossary_hash(self) -> str:
        # Strongly consistent, like current_hashes: a publish must compare against what was last written.
        response = self.client.get_item(
            TableName=self.table_name,
            Key=self._glossary_key(),
            ProjectionExpression="content_hash",
            ConsistentRead=True,
        )
        return str(from_item(response.get("Item") or {}).get("content_hash", ""))

    def glossary_size(self, record: dict[str, Any]) -> int:
        return limits.item_size(to_item(self._glossary_item(record)))

    def put_glossary(self, record: dict[str, Any]) -> None:
        self.client.put_item(TableName=self.table_name, Item=to_item(self._glossary_item(record)))

    @staticmethod
    def _glossary_key() -> dict[str, Any]:
        return {"PK": {"S": _GLOSSARY_KEY[0]}, "SK": {"S": _GLOSSARY_KEY[1]}}

    @staticmethod
    def _glossary_item(record: dict[str, Any]) -> dict[str, Any]:
        return {"PK": _GLOSSARY_KEY[0], "SK": _GLOSSARY_KEY[1], **record}

    # The edge: the invalidation not yet accepted by CloudFront (see edge.invalidations.PendingStore).

    def pending_invalidation(self) -> tuple[list[str], str] | None:
        found = self._get(*_PENDING_INVALIDATION_KEY, consistent=True)
        return (list(found["paths"]), str(found["reference"])) if found else None

    def record_pending_invalidation(self, paths: list[str], reference: str) -> None:
        pk, sk = _PENDING_INVALIDATION_KEY
        record = {"PK": pk, "SK": sk, "paths": paths, "reference": reference}
        self.client.put_item(TableName=self.table_name, Item=to_item(record))

    def clear_pending_invalidation(self, reference: str) -> None:
        """Delete the record if it is still the one with `reference` (a newer one waits for its own send)."""
        pk, sk = _PENDING_INVALIDATION_KEY
        try:
            self.client.delete_item(
                TableName=self.table_name,
                Key={"PK": {"S": pk}, "SK": {"S": sk}},
                ConditionExpression="#reference = :reference",
                ExpressionAttributeNames={"#reference": "reference"},
                ExpressionAttributeValues={":reference": {"S": reference}},
            )
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

    def oversized(self, revisions: list[Revision]) -> dict[str, int]:
        """The articles whose stored items would be over DynamoDB's item limit, with their size in bytes."""
        sizes = {
            record["slug"]: max(map(_put_size, self._revision_ops(record, previous))) for record, previous in revisions
        }
        return {slug: size for slug, size in sizes.items() if size > limits.MAX_ITEM_BYTES}

    def put_article_revisions(self, revisions: list[Revision]) -> list[str]:
        """Write each (record, previous revision) as REV#n+1 plus CURRENT; return the slugs written, in order.

        Articles go in transactions of at most 100 actions and 4 MB (DynamoDB's limits): by size, not count.
        """
        written: list[str] = []
        per_transaction = limits.MAX_TRANSACTION_ACTIONS // ACTIONS_PER_REVISION
        for transaction in limits.batches(
            revisions, self._revision_size, per_transaction, limits.MAX_TRANSACTION_BYTES
        ):
            written += self._put_revisions(transaction)
        return written

    def _revision_size(self, revision: Revision) -> int:
        return sum(map(_put_size, self._revision_ops(*revision)))

    def _put_revisions(self, revisions: list[Revision]) -> list[str]:
        try:
            self.client.transact_write_items(
                TransactItems=[op for record, previous in revisions for op in self._revision_ops(record, previous)]
            )
            return [record["slug"] for record, _ in revisions]
        except ClientError as error:
            if not is_conflict(error):
                raise
        # Someone else published at the same time: settle each article on its own.
        return [record["slug"] for record, _ in revisions if self._put_one_revision(record)]

    def _put_one_revision(self, record: dict[str, Any]) -> bool:
        for _ in range(_RETRIES_ON_CONFLICT):
            current_hash, previous = self.current_hashes("article", [record["slug"]]).get(record["slug"], ("", 0))
            if current_hash == record["content_hash"]:
                return False
            try:
                self.client.transact_write_items(TransactItems=self._revision_ops(record, previous))
                return True
            except ClientError as error:
                if not is_conflict(error):
                    raise
        raise Conflict(f"could not publish article {record['slug']}: it kept changing underneath")

    def _revision_ops(self, record: dict[str, Any], previous: int) -> list[dict[str, Any]]:
        revision = previous + 1
        pk = "ARTICLE#" + record["slug"]
        listing = (
            {}
            if "status" in record
            else {"listing_pk": "COMMUNITY#" + record["community"]["slug"], "listing_sk": record["title"].lower()}
        )
        current = {"PK": pk, "SK": "CURRENT", **listing, "revision": revision, **record}
        whole = {"PK": pk, "SK": f"REV#{revision:06d}", "revision": revision, **record}
        line = {name: record[name] for name in _HISTORY_FIELDS if name in record}
        history = {"PK": pk, "SK": f"HISTORY#{revision:06d}", "revision": revision, **line}
        condition_current = (
            {"ConditionExpression": "attribute_not_exists(PK)"}
            if previous == 0
            else {
                "ConditionExpression": "revision = :previous",
                "ExpressionAttributeValues": {":previous": {"N": str(previous)}},
            }
        )
        new_only = {"ConditionExpression": "attribute_not_exists(PK)"}
        return [
            {"Put": {"TableName": self.table_name, "Item": to_item(whole), **new_only}},
            {"Put": {"TableName": self.table_name, "Item": to_item(history), **new_only}},
            {"Put": {"TableName": self.table_name, "Item": to_item(current), **condition_current}},
        ]


def _put_size(operation: dict[str, Any]) -> int:
    return limits.item_size(operation["Put"]["Item"])


def _request_size(request: dict[str, Any]) -> int:
    """A batch-write request's item (a Put's whole item, a Delete's key)."""
    if "PutRequest" in request:
        return limits.item_size(request["PutRequest"]["Item"])
    return limits.item_size(request["DeleteRequest"]["Key"])
