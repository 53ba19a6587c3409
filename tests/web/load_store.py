"""The store of the short load test (tests/web/test_load.py): the shipped regions and one administrator of 清城区
(demo-admin, the benches' password), added to the (migrated) store EDUPLAN_DATABASE_URL names.

Usage: python -m tests.web.load_store
"""

from __future__ import annotations


def main() -> None:
    from eduplan import store

    store.setup()
    from django.contrib.auth.models import User

    from eduplan.store.models import UserScope
    from eduplan.store.regions import do_load_shipped_regions

    do_load_shipped_regions()
    user = User.objects.create_user("demo-admin", password="eduplan-demo")
    UserScope.objects.create(user=user, role="admin", region_id="441802")


if __name__ == "__main__":
    main()
