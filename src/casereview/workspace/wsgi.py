import os

from django.core.wsgi import get_wsgi_application

from casereview.workspace.environment import serving_checks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.workspace.settings")
serving_checks()
application = get_wsgi_application()
