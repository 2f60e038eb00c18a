"""Keystone authentication for the REST library, on a keystoneauth1 session.

Imported only when an auth URL is given, because keystoneauth1 is slow to
import and most runs against a bundled server do not need it.
"""

import logging

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import generic, v2, v3

from mistralclient_env.api import redaction
from mistralclient_env.api.http import USER_AGENT
from mistralclient_env.exceptions import ConfigurationError

LOG = logging.getLogger(__name__)


class KeystoneTransport:
    """Requests through a keystoneauth1 session to the Mistral endpoint.

    The endpoint is ``mistral_url`` when given, else the service catalog's
    entry for ``service_type``, ``interface`` and ``region_name``, looked up
    (and so authenticated) on the first request.
    """

    timeout_errors = (ks_exceptions.ConnectTimeout,)
    tls_errors = (ks_exceptions.SSLError,)
    connection_errors = (ks_exceptions.ConnectionError,)
    endpoint_errors = (ks_exceptions.EndpointNotFound, ks_exceptions.EmptyCatalog)
    auth_errors = (ks_exceptions.ClientException,)

    def __init__(self, session, auth_url, mistral_url=None, service_type="workflowv2",
                 interface="public", region_name=None):
        self._session = session
        self._auth_url = auth_url
        self._mistral_url = mistral_url
        self._service_type = service_type
        self._interface = interface
        self._region_name = region_name
        self._endpoint = mistral_url.rstrip("/") if mistral_url else None

    def base_url(self):
        if self._endpoint is None:
            endpoint = self._session.get_endpoint(
                service_type=self._service_type,
                interface=self._interface,
                region_name=self._region_name,
            )
            if not endpoint:
                raise ks_exceptions.EndpointNotFound(
                    f"service type {self._service_type!r}, interface {self._interface!r}, "
                    f"region {self._region_name or 'any'!r}"
                )
            LOG.debug("Mistral endpoint from the service catalog: %s", redaction.mask_url(endpoint))
            self._endpoint = endpoint.rstrip("/")

        return self._endpoint

    def auth_headers(self):
        # The session adds the token itself, fetching or renewing it as needed.
        return {}

    def send(self, method, url, headers, data, timeout):
        # log=False: keystoneauth1 would log the bodies, env values included.
        return self._session.request(
            url, method, headers=headers, data=data, timeout=timeout, raise_exc=False, log=False
        )

    def describe_target(self):
        return self._auth_url

    @staticmethod
    def describe_error(exc):
        # keystoneauth1's messages name the URL that failed, Keystone's or Mistral's.
        return str(exc)


def create_transport(auth_url, mistral_url=None, token=None, username=None, password=None,
                     project_name=None, project_id=None, user_domain_name=None,
                     user_domain_id=None, project_domain_name=None, project_domain_id=None,
                     service_type="workflowv2", interface="public", region_name=None,
                     verify=True, cert=None, timeout=None):
    """Build a KeystoneTransport; see create_client for the parameters.

    :raises ConfigurationError: neither a username and password nor a token.
    """
    auth = create_auth(
        auth_url,
        token=token,
        username=username,
        password=password,
        project_name=project_name,
        project_id=project_id,
        user_domain_name=user_domain_name,
        user_domain_id=user_domain_id,
        project_domain_name=project_domain_name,
        project_domain_id=project_domain_id,
    )
    session = ks_session.Session(
        auth=auth, verify=verify, cert=cert, timeout=timeout, user_agent=USER_AGENT
    )
    return KeystoneTransport(
        session,
        auth_url,
        mistral_url=mistral_url,
        service_type=service_type,
        interface=interface,
        region_name=region_name,
    )


def create_auth(auth_url, token=None, username=None, password=None, project_name=None,
                project_id=None, user_domain_name=None, user_domain_id=None,
                project_domain_name=None, project_domain_id=None):
    """Return a keystoneauth1 password or token plugin for ``auth_url``.

    An auth URL ending in /v3 or /v2.0 picks that Identity API version;
    any other lets keystoneauth1 discover it. For v3, a user or project
    domain that is not given defaults to the ``default`` domain, as
    OpenStack's client does.

    :raises ConfigurationError: neither a username and password nor a token.
    """
    if username or password:
        if not (username and password):
            missing = "--os-password (or OS_PASSWORD)" if username else "--os-username (or OS_USERNAME)"
            raise ConfigurationError(f"Keystone password authentication needs {missing} too.")
    elif not token:
        raise ConfigurationError(
            f"--os-auth-url {redaction.mask_url(auth_url)} needs --os-username and "
            "--os-password, or --os-auth-token."
        )

    version = _identity_version(auth_url)
    if version == "v2.0":
        if username:
            return v2.Password(auth_url, username=username, password=password,
                               tenant_name=project_name, tenant_id=project_id)
        return v2.Token(auth_url, token, tenant_name=project_name, tenant_id=project_id)

    if not (user_domain_name or user_domain_id):
        user_domain_id = "default"
    if not (project_domain_name or project_domain_id):
        project_domain_id = "default"

    project = {
        "project_name": project_name,
        "project_id": project_id,
        "project_domain_name": project_domain_name,
        "project_domain_id": project_domain_id,
    }
    plugins = v3 if version == "v3" else generic

    if username:
        return plugins.Password(auth_url, username=username, password=password,
                                user_domain_name=user_domain_name,
                                user_domain_id=user_domain_id, **project)
    return plugins.Token(auth_url, token, **project)


def _identity_version(auth_url):
    path = auth_url.rstrip("/")
    if path.endswith("/v3"):
        return "v3"
    if path.endswith("/v2.0"):
        return "v2.0"
    return None
