"""POST /api/uploads on the handoff service: images only (by their bytes), at most 5 MB."""
import requests

from tests.widget.helpers import png, remove_upload, upload_dir


def test_a_png_is_stored_under_a_random_name_and_served_back(handoff_url, env):
    image = png()
    response = requests.post(f"{handoff_url}/api/uploads",
                             files={"file": ("../../etc/passwd.png", image, "image/png")}, timeout=10)
    assert response.status_code == 201, response.text
    url = response.json()["url"]
    try:
        assert url.startswith("http") and "/uploads/" in url and url.endswith(".png")
        name = url.rsplit("/", 1)[-1]
        assert "passwd" not in name and len(name) >= 20
        assert (upload_dir(env) / name).read_bytes() == image
        served = requests.get(f"{handoff_url}/uploads/{name}", timeout=10)
        assert served.status_code == 200 and served.content == image
        assert served.headers["Content-Type"] == "image/png"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Access-Control-Allow-Origin"] == "*"  # widget on the shop's origin
    finally:
        remove_upload(env, url)


def test_a_6_mb_image_is_refused_with_413(handoff_url):
    big = png() + b"\0" * (6 * 1024 * 1024)
    response = requests.post(f"{handoff_url}/api/uploads",
                             files={"file": ("big.png", big, "image/png")}, timeout=30)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_a_text_file_is_refused_with_415_whatever_its_name(handoff_url):
    for name, ctype in (("notes.txt", "text/plain"), ("photo.jpg", "image/jpeg")):
        response = requests.post(f"{handoff_url}/api/uploads",
                                 files={"file": (name, b"just some text, not an image", ctype)}, timeout=10)
        assert response.status_code == 415, (name, response.text)
        assert response.json()["error"] == "unsupported_type"


def test_a_form_without_a_file_is_a_400_and_unknown_names_are_404(handoff_url):
    response = requests.post(f"{handoff_url}/api/uploads", data={"other": "x"}, timeout=10)
    assert response.status_code == 400
    assert requests.get(f"{handoff_url}/uploads/..%2F..%2Fapp.py", timeout=10).status_code == 404
    assert requests.get(f"{handoff_url}/uploads/nope.png", timeout=10).status_code == 404
