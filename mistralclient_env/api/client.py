"""Client: one Mistral v2 API with a manager per resource, and its factory."""

from mistralclient_env.api.action_executions import ActionExecutionManager
from mistralclient_env.api.environments import EnvironmentManager
from mistralclient_env.api.executions import ExecutionManager
from mistralclient_env.api.http import (
    DEFAULT_MISTRAL_URL,
    DEFAULT_TIMEOUT,
    HTTPClient,
    RequestsTransport,
)
from mistralclient_env.api.tasks import TaskManager
from mistralclient_env.api.workflows import WorkflowManager
from mistralclient_env.exceptions import ConfigurationError

DEFAULT_SERVICE_TYPE = "workflowv2"
DEFAULT_INTERFACE = "public"


class Client:
    """A Mistral v2 API: ``executions``, ``tasks``, ``action_executions``, ``workflows``, ``environments``."""

    def __init__(self, http):
        self.http = http
        self.executions = ExecutionManager(http)
        self.tasks = TaskManager(http)
        self.action_executions = ActionExecutionManager(http)
        self.workflows = WorkflowManager(http)
        self.environments = EnvironmentManager(http)


def create_client(
    mistral_url=None,
    token=None,
    auth_url=None,
    username=None,
    password=None,
    project_name=None,
    project_id=None,
    user_domain_name=None,
    user_domain_id=None,
    project_domain_name=None,
    project_domain_id=None,
    service_type=DEFAULT_SERVICE_TYPE,
    interface=DEFAULT_INTERFACE,
    region_name=None,
    cacert=None,
    insecure=False,
    cert=None,
    key=None,
    timeout=DEFAULT_TIMEOUT,
):
    """Build a Client from connection options, as the `mistral` command has them.

    Without ``auth_url`` the client talks to ``mistral_url`` (default
    http://localhost:8989/v2) and sends ``token``, if any, as X-Auth-Token.
    With ``auth_url`` it authenticates with Keystone, by password when
    ``username`` or ``password`` is given, else by ``token``, and finds the
    endpoint in the service catalog by ``service_type``, ``interface`` and
    ``region_name`` unless ``mistral_url`` is given.

    ``cacert`` is a CA bundle path; ``insecure`` skips TLS verification;
    ``cert`` and ``key`` are a client certificate and its key; ``timeout``
    is in seconds. Nothing is sent before the first request.

    :raises ConfigurationError: the options are incomplete or contradict.
    """
    verify = False if insecure else (cacert or True)
    client_cert = (cert, key) if cert and key else cert

    if auth_url:
        # NOTE: keystoneauth1 is imported only here, because it doubles the
        # start-up time of a command that does not use it.
        from mistralclient_env.api import keystone

        transport = keystone.create_transport(
            auth_url=auth_url,
            mistral_url=mistral_url,
            token=token,
            username=username,
            password=password,
            project_name=project_name,
            project_id=project_id,
            user_domain_name=user_domain_name,
            user_domain_id=user_domain_id,
            project_domain_name=project_domain_name,
            project_domain_id=project_domain_id,
            service_type=service_type,
            interface=interface,
            region_name=region_name,
            verify=verify,
            cert=client_cert,
            timeout=timeout,
        )
    elif username or password:
        raise ConfigurationError(
            "--os-username and --os-password need --os-auth-url (or OS_AUTH_URL) to "
            "authenticate with Keystone. Without Keystone, pass only --os-mistral-url "
            "and, if the API wants one, --os-auth-token."
        )
    else:
        transport = RequestsTransport(
            mistral_url or DEFAULT_MISTRAL_URL, token=token, verify=verify, cert=client_cert
        )

    return Client(HTTPClient(transport, timeout=timeout))
