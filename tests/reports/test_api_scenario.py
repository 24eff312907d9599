"""The whole story over the HTTP API, and identity protection across every response in it."""

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Citra Lestari", "citra.lestari@contoh.id", "081234567890"


def submit(api, **extra):
    payload = {
        "type": "pengaduan",
        "title": "KTP elektronik belum jadi",
        "body": "Saya merekam KTP-el di Disdukcapil Sleman tiga bulan lalu dan belum juga dicetak.",
        "region": "34.04",
        "category": None,
        "reporter_name": NAME,
        "reporter_email": EMAIL,
        "reporter_phone": PHONE,
    }
    payload.update(extra)
    payload = {k: v for k, v in payload.items() if v is not None}
    response = api.post("/api/v1/reports", payload, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def act(client, tid, action, payload=None, token=None, status=200):
    headers = {"HTTP_X_REPORTER_TOKEN": token} if token else {}
    response = client.post(
        f"/api/v1/reports/{tid}/actions/{action}", payload or {}, format="json", **headers
    )
    assert response.status_code == status, (action, response.json())
    return response.json()


def test_a_guest_report_travels_to_completion_with_a_full_timeline(people):
    guest = APIClient()
    created = submit(guest)
    tid, token = created["tracking_id"], created["reporter_token"]
    assert created["status"] == "unverified"
    assert len(tid) == 8
    nadia, sari, dodi = (people.client(p) for p in (people.nadia, people.sari, people.dodi))
    act(nadia, tid, "verify", {"institution": "pemkab-sleman"})
    act(sari, tid, "accept")
    act(sari, tid, "assign", {"unit": "disdukcapil"})
    act(
        dodi,
        tid,
        "respond",
        {"text": "KTP-el Anda sudah dicetak; silakan ambil di kantor kecamatan."},
    )
    done = act(guest, tid, "reply", {"satisfied": True, "text": "Terima kasih."}, token=token)
    assert done["report"]["status"] == "completed"
    events = guest.get(f"/api/v1/reports/{tid}/events", HTTP_X_REPORTER_TOKEN=token).json()
    assert [e["action"] for e in events] == [
        "submit",
        "verify",
        "accept",
        "assign",
        "respond",
        "reply",
    ]
    legs = {leg["name"]: leg for leg in done["report"]["legs"]}
    assert legs["verification"]["met"] is True
    assert legs["follow_up"]["met"] is True
    assert legs["resolution"]["met"] is True
    assert legs["reporter_reply"]["met"] is True


def test_anyone_with_the_tracking_id_sees_only_status_and_due_dates(people):
    created = submit(APIClient())
    stranger = APIClient().get(f"/api/v1/reports/{created['tracking_id']}").json()
    assert stranger["status"] == "unverified"
    assert stranger["due_at"]
    assert "body" not in stranger and "title" not in stranger and "reporter" not in stranger
    response = APIClient().get(f"/api/v1/reports/{created['tracking_id']}/events")
    assert response.status_code == 403
    assert APIClient().get("/api/v1/reports/XXXXXXXX").status_code == 404


def test_an_anonymous_reporters_identity_never_reaches_the_institution_or_the_public(people):
    guest = APIClient()
    created = submit(guest, anonymous=True)
    tid, token = created["tracking_id"], created["reporter_token"]
    nadia, sari, dodi, putri, tono = (
        people.client(p)
        for p in (people.nadia, people.sari, people.dodi, people.putri, people.tono)
    )
    seen = []
    act(nadia, tid, "verify", {"institution": "pemkab-sleman"})
    assert nadia.get(f"/api/v1/reports/{tid}").json()["reporter"]["email"] == EMAIL
    seen.append(act(sari, tid, "accept"))
    seen.append(act(sari, tid, "assign", {"unit": "disdukcapil"}))
    seen.append(act(dodi, tid, "request_info", {"text": "Kapan tepatnya Anda merekam?"}))
    act(guest, tid, "add_info", {"text": "Pada 2 September."}, token=token)
    seen.append(act(dodi, tid, "respond", {"text": "Sudah dicetak."}))
    act(guest, tid, "reply", {"satisfied": True}, token=token)
    for client in (sari, dodi, putri):
        seen.append(client.get(f"/api/v1/reports/{tid}").json())
        seen.append(client.get(f"/api/v1/reports/{tid}/events").json())
        seen.append(client.get("/api/v1/reports").json())
    seen.append(APIClient().get(f"/api/v1/reports/{tid}").json())
    seen.append(APIClient().get("/api/v1/feed").json())
    text = json.dumps(seen, default=str)
    for secret in (NAME, "Citra", EMAIL, PHONE, "127.0.0.1"):
        assert secret not in text
    assert tono.get(f"/api/v1/reports/{tid}").json().get("title") is None


def test_a_named_report_shows_the_name_to_the_institution_but_never_to_the_public(people):
    created = submit(APIClient())
    tid = created["tracking_id"]
    act(people.client(people.nadia), tid, "verify", {"institution": "pemkab-sleman"})
    assert (
        people.client(people.sari).get(f"/api/v1/reports/{tid}").json()["reporter"]["name"] == NAME
    )
    public = json.dumps(
        [APIClient().get("/api/v1/feed").json(), APIClient().get(f"/api/v1/reports/{tid}").json()]
    )
    assert NAME not in public and EMAIL not in public


def test_a_report_addressed_to_an_institution_goes_straight_to_its_queue(people):
    created = submit(APIClient(), institution="pemkab-sleman")
    assert created["status"] == "disposed"
    queue = people.client(people.sari).get("/api/v1/reports?status=disposed").json()
    assert [r["tracking_id"] for r in queue["results"]] == [created["tracking_id"]]


def test_staff_queues_are_scoped_and_filterable(people):
    nadia = people.client(people.nadia)
    first = submit(APIClient())
    second = submit(
        APIClient(),
        title="Lampu jalan mati",
        body="Lampu jalan di Jalan Kaliurang km 5 mati sejak seminggu.",
    )
    act(nadia, first["tracking_id"], "verify", {"institution": "pemkab-sleman"})
    act(nadia, second["tracking_id"], "verify", {"institution": "pemkot-semarang"})
    sari = people.client(people.sari).get("/api/v1/reports").json()
    assert [r["tracking_id"] for r in sari["results"]] == [first["tracking_id"]]
    tono = people.client(people.tono).get("/api/v1/reports").json()
    assert [r["tracking_id"] for r in tono["results"]] == [second["tracking_id"]]
    putri = people.client(people.putri).get("/api/v1/reports").json()
    assert [r["tracking_id"] for r in putri["results"]] == [first["tracking_id"]]
    found = nadia.get("/api/v1/reports?q=lampu").json()["results"]
    assert [r["tracking_id"] for r in found] == [second["tracking_id"]]
    by_due = nadia.get("/api/v1/reports?ordering=due_at&leg=follow_up&overdue=false").json()[
        "results"
    ]
    assert len(by_due) == 2
    assert all(isinstance(r["working_days_left"], int) and r["overdue"] is False for r in by_due)
    assert by_due[0]["due_at"] <= by_due[1]["due_at"]
    assert nadia.get("/api/v1/reports?status=hilang").status_code == 400
    assert APIClient().get("/api/v1/reports").status_code == 401
    assert people.client(people.citra).get("/api/v1/reports").status_code == 403


def test_an_officer_of_another_institution_gets_404_not_a_hint(people):
    created = submit(APIClient())
    tid = created["tracking_id"]
    act(people.client(people.nadia), tid, "verify", {"institution": "pemkab-sleman"})
    tono = people.client(people.tono)
    assert tono.post(f"/api/v1/reports/{tid}/actions/accept", {}, format="json").status_code == 404
    assert tono.get(f"/api/v1/reports/{tid}/events").status_code == 403
