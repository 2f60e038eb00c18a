"""``GET /`` and ``GET /v2``: the API versions, as Mistral's root shows them."""


class Root:
    def on_get(self, req, resp):
        resp.media = {
            "versions": [{"id": "v2.0", "status": "CURRENT", "links": [{"href": f"{req.prefix}/v2", "rel": "self"}]}]
        }


class Version:
    def on_get(self, req, resp):
        resp.media = {"uri": f"{req.prefix}/v2"}
