"""Under real gunicorn (2 gthread workers of 8 threads) on PostgreSQL: the rule holds when the
clients come at once, because sql.py locks the member's row and the book's row (SELECT ... FOR
UPDATE) and the loan table allows one loan per book."""

from concurrent.futures import ThreadPoolExecutor

import requests

CLIENTS = 10


def add_books(url, n):
    return [
        requests.post(f"{url}/api/books", json={"title": f"Copy {i}"}, timeout=10).json()["id"]
        for i in range(n)
    ]


def borrow_all_at_once(url, pairs):
    def borrow(pair):
        member, book_id = pair
        response = requests.post(
            f"{url}/api/books/{book_id}/borrow", json={"member": member}, timeout=20
        )
        body = response.json()
        return response.status_code, body.get("borrower") or body["error"]["code"]

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(borrow, pairs))


def test_ten_members_borrowing_one_book_exactly_one_wins(live):
    [book_id] = add_books(live, 1)
    members = [f"racer-{n}" for n in range(CLIENTS)]
    results = borrow_all_at_once(live, [(member, book_id) for member in members])
    winners = [who for status, who in results if status == 200]
    assert len(winners) == 1 and winners[0] in members, results
    assert sorted(results)[1:] == [(409, "already_borrowed")] * (CLIENTS - 1), results
    book = requests.get(f"{live}/api/books/{book_id}", timeout=10).json()
    assert book["borrower"] == winners[0]


def test_one_member_borrowing_ten_books_at_once_gets_three(live):
    book_ids = add_books(live, CLIENTS)
    results = borrow_all_at_once(live, [("greedy", book_id) for book_id in book_ids])
    assert sorted(results) == [(200, "greedy")] * 3 + [(409, "loan_limit_reached")] * 7, results
    books = requests.get(f"{live}/api/books", timeout=10).json()["books"]
    assert sum(book["borrower"] == "greedy" for book in books) == 3
