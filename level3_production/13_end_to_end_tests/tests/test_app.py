"""The app's own unit tests, through Flask's test client (fast, no browser)."""


def test_notes_need_login(client):
    response = client.get("/notes")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_create_edit_delete(client, auth):
    auth.register()
    auth.login()
    token = auth.token("/notes")
    assert client.post("/notes", data={"text": "buy milk", "csrf_token": token}).status_code == 302
    assert "buy milk" in client.get("/notes").get_data(as_text=True)
    client.post("/notes/1/edit", data={"text": "buy bread", "csrf_token": token})
    page = client.get("/notes").get_data(as_text=True)
    assert "buy bread" in page and "buy milk" not in page
    client.post("/notes/1/delete", data={"csrf_token": token})
    assert "No notes yet." in client.get("/notes").get_data(as_text=True)


def test_bad_note_is_400_and_nothing_stored(client, auth):
    auth.register()
    auth.login()
    token = auth.token("/notes")
    for text in ["", "x" * 201, "a\x00b"]:
        response = client.post("/notes", data={"text": text, "csrf_token": token})
        assert response.status_code == 400
        assert 'class="error"' in response.get_data(as_text=True)
    assert "No notes yet." in client.get("/notes").get_data(as_text=True)


def test_missing_csrf_token_is_refused(client, auth):
    auth.register()
    auth.login()
    assert client.post("/notes", data={"text": "x"}).status_code == 400


def test_another_users_note_is_404(app, client, auth):
    auth.register()
    auth.login()
    client.post("/notes", data={"text": "mine", "csrf_token": auth.token("/notes")})
    other = app.test_client()
    bob = type(auth)(other)
    bob.username = "bob"
    bob.register()
    bob.login()
    assert other.get("/notes/1/edit").status_code == 404
    token = bob.token("/notes")
    assert other.post("/notes/1/delete", data={"csrf_token": token}).status_code == 404
