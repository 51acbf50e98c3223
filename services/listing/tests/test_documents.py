"""Downloading the materials (DOMAIN L3, L4, L6): the reviewers read each file exactly as
it was uploaded, checked against its recorded SHA-256; only those who may list the
materials may read them (X3); a file changed behind the platform's back is refused."""

from __future__ import annotations

import base64
import hashlib

from common.storage import document_store
from testkit.testing import sample_file


async def test_L3_L4_the_reviewers_download_each_material_exactly_as_uploaded(api) -> None:
    listing = await api.create()
    lid = listing["id"]
    title = "%PDF-1.4 土地承包经营权证 ".encode() + bytes(range(256))
    r = await api.c.post(
        f"/listings/{lid}/documents",
        data={"doc_type": "title_certificate"},
        files={"file": ("承包经营权证.pdf", title, "application/pdf")},
        headers=api.clerk(),
    )
    assert r.status_code == 201, r.text
    doc = r.json()
    page = b"<html><script>alert(document.cookie)</script></html>"
    r = await api.c.post(
        f"/listings/{lid}/documents",
        data={"doc_type": "other"},
        files={"file": ("note.html", page, "text/html")},
        headers=api.clerk(),
    )
    assert r.status_code == 422  # only PDF, JPEG and PNG materials are taken

    for reader in (api.clerk(), api.department(), api.staff()):
        got = await api.c.get(f"/listings/{lid}/documents/{doc['id']}", headers=reader)
        assert got.status_code == 200
        assert got.content == title
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"] == (
            "attachment; filename*=UTF-8''"
            "%E6%89%BF%E5%8C%85%E7%BB%8F%E8%90%A5%E6%9D%83%E8%AF%81.pdf"
        )
        assert got.headers["x-content-type-options"] == "nosniff"
        digest = base64.b64encode(hashlib.sha256(title).digest()).decode()
        assert got.headers["repr-digest"] == f"sha-256=:{digest}:"
    # a hostile name cannot break out of the header
    r = await api.c.post(
        f"/listings/{lid}/documents",
        data={"doc_type": "other"},
        files={"file": ('a";b=c.pdf', b"%PDF-1.4 x", "application/pdf")},
        headers=api.clerk(),
    )
    got = await api.c.get(f"/listings/{lid}/documents/{r.json()['id']}", headers=api.staff())
    # (the client sends the quote as %22, as browsers do: the name stored is a%22;b=c.pdf)
    assert got.headers["content-disposition"] == "attachment; filename*=UTF-8''a%2522%3Bb%3Dc.pdf"

    # X3: another township's window and another county's staff may not; nobody anonymous
    other = await api.c.get(
        f"/listings/{lid}/documents/{doc['id']}", headers=api.clerk(api.OTHER_TOWNSHIP)
    )
    assert other.status_code == 403
    foreign = await api.c.get(
        f"/listings/{lid}/documents/{doc['id']}", headers=api.staff(api.OTHER_COUNTY)
    )
    assert foreign.status_code == 403
    assert (await api.c.get(f"/listings/{lid}/documents/{doc['id']}")).status_code == 401
    # a document of another listing is not this listing's: 404, as for an unknown id
    second = (await api.create())["id"]
    assert (
        await api.c.get(f"/listings/{second}/documents/{doc['id']}", headers=api.staff())
    ).status_code == 404
    assert (
        await api.c.get(f"/listings/{lid}/documents/999999", headers=api.staff())
    ).status_code == 404


async def test_X2_a_material_changed_behind_the_platforms_back_is_refused(lite) -> None:
    api = lite
    lid = (await api.create())["id"]
    r = await api.upload(lid, "title_certificate", b"%PDF-1.4 the reviewed certificate")
    doc = r.json()
    store = document_store(api.rt.settings)
    path = store._path(doc["sha256"])  # the file as an operator (or intruder) sees it
    path.write_bytes(b"%PDF-1.4 another certificate")
    got = await api.c.get(f"/listings/{lid}/documents/{doc['id']}", headers=api.staff())
    assert got.status_code == 500
    assert got.json()["type"].endswith("/document-integrity")
    assert got.json()["rule"] == "X2"
    path.unlink()
    got = await api.c.get(f"/listings/{lid}/documents/{doc['id']}", headers=api.staff())
    assert got.status_code == 500 and got.json()["type"].endswith("/document-integrity")


async def test_L6_a_buyers_materials_are_read_by_the_centre_and_the_buyer_only(api) -> None:
    lid = (await api.to_announced())["id"]
    party, stranger = api.person(), api.person()
    reg = await api.register_buyer(lid, party)
    await api.buyer_doc(reg)
    [doc] = (await api.c.get(f"/registrations/{reg['id']}/documents", headers=api.staff())).json()
    url = f"/registrations/{reg['id']}/documents/{doc['id']}"
    for reader in (api.staff(), api.buyer(party)):
        got = await api.c.get(url, headers=reader)
        assert got.status_code == 200
        assert got.content == sample_file("image/jpeg", "identity identity")
        assert got.headers["content-type"] == "image/jpeg"
    assert (await api.c.get(url, headers=api.buyer(stranger))).status_code == 403
    # the stranger's own registration does not open the buyer's document (nor a listing's)
    theirs = await api.register_buyer(lid, stranger)
    await api.buyer_doc(theirs)
    borrowed = f"/registrations/{theirs['id']}/documents/{doc['id']}"
    assert (await api.c.get(borrowed, headers=api.buyer(stranger))).status_code == 404
    [listing_doc] = (await api.c.get(f"/listings/{lid}/documents", headers=api.staff())).json()[:1]
    through = f"/registrations/{reg['id']}/documents/{listing_doc['id']}"
    assert (await api.c.get(through, headers=api.buyer(party))).status_code == 404
    assert (await api.c.get(url, headers=api.staff(api.OTHER_COUNTY))).status_code == 403
    assert (await api.c.get(url, headers=api.clerk())).status_code == 403


async def test_L3_a_text_file_is_not_taken_as_the_application_form(lite) -> None:
    """Issue 15 "uploads": a text file saying "hello" sent as a PDF is refused (the
    bytes must carry the declared type's signature); nothing is filed."""
    listing = await lite.create()
    r = await lite.upload(listing["id"], "application_form", b"hello")
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert (error["field"], error["rule"]) == ("file", "L3") and error["message_zh"]
    docs = await lite.c.get(f"/listings/{listing['id']}/documents", headers=lite.clerk())
    assert docs.json() == []


async def test_L3_a_file_name_over_the_cap_is_a_422_on_both_databases(api) -> None:
    listing = await api.create()
    r = await api.c.post(
        f"/listings/{listing['id']}/documents",
        data={"doc_type": "other"},
        files={"file": ("承" * 300 + ".pdf", sample_file(), "application/pdf")},
        headers=api.clerk(),
    )
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "file.filename"


async def test_L3_X2_the_window_deletes_a_wrong_upload_before_submitting(api) -> None:
    listing = await api.create()
    lid = listing["id"]
    wrong = (await api.upload(lid, "title_certificate", sample_file(text="wrong"))).json()
    other_township = await api.c.delete(
        f"/listings/{lid}/documents/{wrong['id']}", headers=api.clerk(api.OTHER_TOWNSHIP)
    )
    assert other_township.status_code == 403
    r = await api.c.delete(f"/listings/{lid}/documents/{wrong['id']}", headers=api.clerk())
    assert r.status_code == 204, r.text
    docs = (await api.c.get(f"/listings/{lid}/documents", headers=api.clerk())).json()
    assert docs == []
    again = await api.c.delete(f"/listings/{lid}/documents/{wrong['id']}", headers=api.clerk())
    assert again.status_code == 404
    history = (await api.c.get(f"/listings/{lid}/decisions", headers=api.staff())).json()
    [deleted] = [d for d in history if d["action"] == "listing.document_deleted"]
    assert deleted["data"]["sha256"] == wrong["sha256"] and deleted["rule"] == "L3"
    # once submitted, the materials are what the reviewers review: no deletion
    await api.upload_all(lid)
    kept = (await api.c.get(f"/listings/{lid}/documents", headers=api.clerk())).json()[0]
    await api.post(f"/listings/{lid}/submit", headers=api.clerk())
    late = await api.c.delete(f"/listings/{lid}/documents/{kept['id']}", headers=api.clerk())
    assert late.status_code == 409
