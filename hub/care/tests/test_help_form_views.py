from django.test import Client
from django.urls import reverse

from hub.care.models import HelpRequest
from hub.ratelimit.models import Bucket
from hub.testing.builders import make_care_recipient, make_help_request


def form_data(cast, **extra):
    data = {
        "building": cast.building_own.pk,
        "room": "301",
        "for_name": "陈秀英",
        "relation": "relative",
        "requester_name": "女儿",
        "requester_phone": "139 1234 5678",
        "need": "food",
        "urgency": "today",
        "details": "家里没菜了",
        "website": "",
    }
    data.update(extra)
    return data


def url(cast):
    return reverse("care:help-form", kwargs={"compound_id": cast.compound_own.pk})


def test_a_relative_sends_a_request_without_signing_in(cast):
    response = Client().post(url(cast), form_data(cast))
    assert response.status_code == 200
    assert "我们已收到您的求助" in response.content.decode()
    req = HelpRequest.objects.get()
    assert (req.source, req.relation, req.requester_phone) == ("form", "relative", "13912345678")


def test_the_same_request_twice_is_merged_not_lost(cast):
    Client().post(url(cast), form_data(cast))
    Client().post(url(cast), form_data(cast, details="还需要牛奶"))
    assert HelpRequest.objects.count() == 2
    merged = HelpRequest.objects.get(status="merged")
    assert merged.merged_into == HelpRequest.objects.get(status="new")
    assert merged.details == "还需要牛奶"


def test_a_burst_from_one_address_gets_429_with_retry_after(cast, settings):
    settings.CARE_HELP_RATE_PER_IP = (3, 600)
    client = Client()
    codes = [client.post(url(cast), form_data(cast, room=f"{n}")).status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    late = client.post(url(cast), form_data(cast))
    assert int(late["Retry-After"]) > 0
    assert "请求太多" in late.content.decode()
    assert HelpRequest.objects.count() == 3
    assert Bucket.objects.count() == 1


def test_an_oversize_body_gets_a_clear_message_and_writes_nothing(cast):
    response = Client().post(url(cast), form_data(cast, details="菜" * 20000))
    assert response.status_code == 413
    assert "内容太长" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_malformed_phone_is_refused_in_plain_words(cast):
    response = Client().post(url(cast), form_data(cast, requester_phone="12ab"))
    assert response.status_code == 400
    assert "回电" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_the_honeypot_keeps_nothing_a_bot_sends(cast):
    response = Client().post(url(cast), form_data(cast, website="http://spam.example"))
    assert response.status_code == 200
    assert not HelpRequest.objects.exists()


def test_the_request_board_runs_a_constant_number_of_queries(cast, django_assert_max_num_queries):
    for n in range(30):
        make_help_request(cast, room=f"{n}")
    client = Client()
    client.force_login(cast.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("care:request-list"))
    assert response.content.decode().count('name="ids"') == 30


def test_a_volunteer_sees_only_the_people_paired_with_them(cast):
    make_care_recipient(cast, paired_with=cast.volunteer.person)
    make_care_recipient(cast, person=cast.person_other_compound, by=cast.rc_admin)
    client = Client()
    client.force_login(cast.volunteer)
    page = client.get(reverse("care:recipient-list")).content.decode()
    assert "陈*" in page or "陈秀英" in page
    assert "赵" not in page


def test_a_claim_shows_taken_to_everyone_else(cast):
    req = make_help_request(cast)
    client = Client()
    client.force_login(cast.volunteer)
    client.post(reverse("care:request-claim", kwargs={"request_id": req.pk}))
    other = Client()
    other.force_login(cast.coordinator)
    page = other.get(reverse("care:request-detail", kwargs={"request_id": req.pk})).content.decode()
    assert "张贝" in page or "张*" in page
    assert "I will take it" not in page and "我来接单" not in page


def test_the_public_form_is_chinese_for_a_phone_set_to_english(cast):
    # A relative's phone often says Accept-Language: en; only the language switch changes it.
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(url(cast))
    page = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-Hans">' in page
    thanks = Client(HTTP_ACCEPT_LANGUAGE="en").post(url(cast), form_data(cast))
    assert '<html lang="zh-Hans">' in thanks.content.decode()
