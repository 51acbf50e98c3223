"""Downloading the materials (DOMAIN L3, L4, L6): the reviewers read each file exactly as
it was uploaded, checked against its recorded SHA-256; only those who may list the
materials may read them (X3); a file changed behind the platform's back is refused."""

from __future__ import annotations

import base64
import hashlib

from common.storage import document_store


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
    html = r.json()

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
    # an uploaded page is never served as a page (it could run script in our origin)
    got = await api.c.get(f"/listings/{lid}/documents/{html['id']}", headers=api.staff())
    assert got.content == page
    assert got.headers["content-type"] == "application/octet-stream"

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
        assert got.content == b"\xff\xd8 identity identity"
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
