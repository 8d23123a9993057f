"""Named people and partnerships, so a test reads like a situation.

North Partnership: Amina (business manager), Bea (lead reviewer), Carl (observer), and for the
permission matrix Bo (board member), Pam (panel member), Ari (agency representative).
South Partnership: Dev (business manager). Reviews: Child H and Adult M (North), Child S (South).
"""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a second per user; these tests are about access, not password storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):
    from django.contrib.auth import get_user_model

    from casereview.workspace.accounts.models import Membership, Partnership
    from casereview.workspace.accounts.permissions import Role
    from casereview.workspace.demo import load_demo

    load_demo()
    north = Partnership.objects.get(name="North Partnership")
    users = {user.username: user for user in get_user_model().objects.all()}
    for username, first, role in [
        ("bo", "Bo", Role.BOARD_MEMBER),
        ("pam", "Pam", Role.PANEL_MEMBER),
        ("ari", "Ari", Role.AGENCY_REPRESENTATIVE),
    ]:
        user = get_user_model().objects.create_user(username, password="a-long-test-password", first_name=first)
        Membership.objects.create(user=user, partnership=north, role=role)
        users[username] = user
    return users


@pytest.fixture
def reviews(people):
    from casereview.workspace.reviews.models import Review

    return {review.reference: review for review in Review.objects.all()}
