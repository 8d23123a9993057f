"""The test thread keeps one set of database connections while Playwright's event loop runs in it (see
``one_set_of_connections_per_thread``): with two, the connection opened before the browser started was out of sight
of ``connections.close_all()`` and stayed open, and on PostgreSQL stopped the served world's copy."""

import asyncio


def test_the_test_thread_sees_the_same_connection_with_or_without_the_browser_s_event_loop(browser):
    from django.db import connections

    loop = asyncio.get_running_loop()  # Playwright's, running in this thread since the browser started
    with_the_loop = connections["default"]
    asyncio._set_running_loop(None)  # as this thread was before the browser started, and is after it stops
    try:
        without_it = connections["default"]
    finally:
        asyncio._set_running_loop(loop)
    assert with_the_loop is without_it
