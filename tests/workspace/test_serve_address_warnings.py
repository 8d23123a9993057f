"""`casereview serve` with DEBUG off says, before it starts, what would make every request to the address it
prints fail: a host ALLOWED_HOSTS does not name (400 Bad Request on every page) or a redirect to HTTPS with no
web server in front to answer it. Tried as the README's production settings and as someone on their own machine."""

from django.test import override_settings

from casereview.workspace.server import address_warnings


@override_settings(ALLOWED_HOSTS=[], SECURE_SSL_REDIRECT=True, BEHIND_PROXY=False)
def test_production_defaults_on_a_laptop_are_explained():
    warnings = address_warnings("127.0.0.1", 8950)
    assert len(warnings) == 2
    assert "ALLOWED_HOSTS does not name 127.0.0.1" in warnings[0] and "400 Bad Request" in warnings[0]
    assert "SECURE_SSL_REDIRECT" in warnings[1] and "BEHIND_HTTPS_PROXY=true" in warnings[1]


@override_settings(ALLOWED_HOSTS=["reviews.example.org"], SECURE_SSL_REDIRECT=True, BEHIND_PROXY=True)
def test_the_documented_deployment_behind_a_proxy_on_every_interface_has_no_warning():
    assert address_warnings("0.0.0.0", 8000) == []  # noqa: S104 - the address is only named, not bound


@override_settings(ALLOWED_HOSTS=["127.0.0.1"], SECURE_SSL_REDIRECT=False, BEHIND_PROXY=False)
def test_a_laptop_set_up_for_plain_http_has_no_warning():
    assert address_warnings("127.0.0.1", 8950) == []


@override_settings(ALLOWED_HOSTS=["reviews.example.org"], SECURE_SSL_REDIRECT=True, BEHIND_PROXY=True)
def test_the_readme_deployment_with_nginx_on_this_machine_has_no_warning():
    # nginx passes the site's name in the Host header, so 127.0.0.1 need not be allowed
    assert address_warnings("127.0.0.1", 8000) == []


@override_settings(ALLOWED_HOSTS=["reviews.example.org"], SECURE_SSL_REDIRECT=False, BEHIND_PROXY=False)
def test_a_host_that_is_not_allowed_is_named_alone():
    warnings = address_warnings("127.0.0.1", 8950)
    assert len(warnings) == 1 and "ALLOWED_HOSTS does not name 127.0.0.1" in warnings[0]
