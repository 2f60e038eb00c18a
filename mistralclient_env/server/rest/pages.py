"""Responses to list requests: items, selected fields and the ``next`` link."""

from mistralclient_env.server.rest import listing


def send_page(req, resp, collection, items, query, encode, extra_filters=()):
    """Set ``{"<collection>": [...], "next": url}`` as the response.

    ``items`` are engine dicts of one page. ``next`` is present only when the
    page is full; it points at the flat collection (``/v2/<collection>``)
    with ``extra_filters`` (the parent of a sub-collection) as filters.
    """
    wire_items = [listing.select_fields(encode(item), query) for item in items]
    body = {collection: wire_items}

    if query.limit is not None and len(items) == query.limit:
        flat_url = f"{req.prefix}/v2/{collection}"
        body["next"] = listing.build_next_link(flat_url, query, items[-1]["id"], extra_filters=extra_filters)

    resp.media = body
